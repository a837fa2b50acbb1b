package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.TopicPartition;
import io.kanal.client.common.Time;
import io.kanal.client.record.BatchOptions;
import io.kanal.client.record.Compression;
import io.kanal.client.record.CompressionType;
import io.kanal.client.record.RecordBatch;
import io.kanal.client.record.RecordBatchWriter;
import io.kanal.client.record.RecordBatches;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BatchCloserTest {
    private final BufferPool pool = new BufferPool(1 << 20, 16384, Time.SYSTEM);
    private final MetricRegistry registry = new MetricRegistry();
    private final BatchCloser closer = new BatchCloser(new ProducerMetrics(registry, pool), true);
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static ProducerBatch batch(int records) {
        PartitionBuffer owner = new PartitionBuffer(new TopicPartition("t", 0));
        BatchOptions options = BatchOptions.builder()
                .compression(Compression.of(CompressionType.ZSTD))
                .batchSizeLimit(1 << 20)
                .build();
        ByteBuffer memory = ByteBuffer.allocate(16384);
        ProducerBatch batch =
                new ProducerBatch(owner, new RecordBatchWriter(memory, options), memory, 16384, 0, 60_000, records);
        for (int i = 0; i < records; i++) {
            ByteBuffer value = ByteBuffer.wrap(("value " + i).repeat(4).getBytes(StandardCharsets.UTF_8));
            batch.append(i, null, value, List.of(), new CompletableFuture<RecordMetadata>());
        }
        return batch;
    }

    @RepeatedTest(20)
    void twoThreadsClosingTheSameBatchCompressItOnce() throws Exception {
        ProducerBatch batch = batch(2000);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> closes = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            closes.add(threads.submit(() -> {
                start.await();
                closer.close(batch);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : closes) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(registry.histogram("producer.records-per-batch").getCount()).isEqualTo(1);
        assertThat(batch.writer).isNull();
        RecordBatch closed = RecordBatches.of(batch.records).iterator().next();
        closed.ensureValid();
        assertThat(closed.recordCount()).isEqualTo(2000);
        assertThat(closed.compressionType()).isEqualTo(CompressionType.ZSTD);
    }

    @Test
    void aBatchWhoseMemoryWentBackIsNeverClosedIntoIt() {
        ProducerBatch batch = batch(10);
        batch.release();
        closer.close(batch);
        assertThat(batch.records).isNull();
        assertThat(registry.histogram("producer.records-per-batch").getCount()).isZero();
    }

    @Test
    void aClosedBatchIsNotClosedAgain() {
        ProducerBatch batch = batch(10);
        closer.close(batch);
        ByteBuffer first = batch.records;
        closer.close(batch);
        assertThat(batch.records).isSameAs(first);
        assertThat(closer.busy()).isFalse();
        assertThat(registry.histogram("producer.records-per-batch").getCount()).isEqualTo(1);
    }
}
