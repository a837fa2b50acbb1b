package io.kanal.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.data.Schema;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waits are bounded: the buffer's clock is fake here, so a missed close would otherwise wait forever. */
@Timeout(10)
class BatchBufferTest {

    private final AtomicLong nanos = new AtomicLong();

    private BatchBuffer buffer(String format, int maxRecords, int maxBytes, long lingerMs) {
        Map<String, Object> config = new HashMap<>();
        config.put("http.url", "http://localhost:1/x");
        config.put("batch.format", format);
        config.put("batch.max.records", maxRecords);
        config.put("batch.max.bytes", maxBytes);
        config.put("batch.linger.ms", lingerMs);
        return new BatchBuffer(HttpSinkConfig.from(HttpSinkConfig.SPEC.parse(config)), nanos::get);
    }

    private static SinkRecord record(int partition, long offset) {
        return new SinkRecord("t", partition, null, null, Schema.INT64_SCHEMA, offset, offset);
    }

    private static byte[] json(long offset) {
        return Long.toString(offset).getBytes(StandardCharsets.UTF_8);
    }

    private static String body(Batch batch) {
        return new String(batch.body(), StandardCharsets.UTF_8);
    }

    @Test
    void fullByRecordCountClosesAtOnceAsAJsonArray() throws InterruptedException {
        BatchBuffer buffer = buffer("json_array", 3, 1_000, 60_000);
        for (long offset = 10; offset < 14; offset++) {
            buffer.add(record(0, offset), json(offset));
        }
        Batch first = buffer.next().orElseThrow();
        assertThat(body(first)).isEqualTo("[10,11,12]");
        assertThat(first.sent()).isEqualTo(3);
        assertThat(buffer.pending()).isEqualTo(4);
        buffer.delivered(first);
        assertThat(buffer.pending()).isEqualTo(1);
        assertThat(buffer.deliveredOffsets()).containsExactly(Map.entry(new TopicPartition("t", 0), 13L));
    }

    @Test
    void fullByBytesClosesBeforeTheRecordThatWouldNotFitAsNdjson() throws InterruptedException {
        // "100\n" is 4 bytes: sixteen records fill the 64 bytes exactly, the seventeenth closes them.
        BatchBuffer buffer = buffer("ndjson", 100, 64, 60_000);
        for (long offset = 100; offset < 117; offset++) {
            buffer.add(record(0, offset), json(offset));
        }
        Batch first = buffer.next().orElseThrow();
        assertThat(body(first)).startsWith("100\n101\n").endsWith("\n");
        assertThat(first.body().length).isLessThanOrEqualTo(64);
        assertThat(first.sent()).isEqualTo(16);
        assertThat(first.records()).hasSize(16);
    }

    @Test
    void aRecordLargerThanTheLimitIsSentAlone() throws InterruptedException {
        BatchBuffer buffer = buffer("json_array", 100, 64, 60_000);
        buffer.add(record(0, 1), json(1));
        buffer.add(record(0, 2), "x".repeat(100).getBytes(StandardCharsets.UTF_8));
        buffer.add(record(0, 3), json(3));
        buffer.closeOpen();
        Batch first = buffer.next().orElseThrow();
        assertThat(body(first)).isEqualTo("[1]");
        buffer.delivered(first);
        Batch second = buffer.next().orElseThrow();
        assertThat(second.sent()).isEqualTo(1);
        buffer.delivered(second);
        assertThat(body(buffer.next().orElseThrow())).isEqualTo("[3]");
    }

    @Test
    void anOpenBatchIsSentOnceLingered() throws InterruptedException {
        BatchBuffer buffer = buffer("json_array", 100, 1_000, 0);
        buffer.add(record(0, 1), json(1));
        // Linger 0: the open batch is due at once, without closeOpen.
        assertThat(body(buffer.next().orElseThrow())).isEqualTo("[1]");
    }

    @Test
    void skippedRecordsKeepOffsetsInOrderWithoutBeingSent() throws InterruptedException {
        BatchBuffer buffer = buffer("json_array", 100, 1_000, 60_000);
        buffer.add(record(0, 1), json(1));
        buffer.add(record(0, 2), null);
        buffer.add(record(1, 5), null);
        buffer.closeOpen();
        Batch batch = buffer.next().orElseThrow();
        assertThat(body(batch)).isEqualTo("[1]");
        assertThat(batch.records()).hasSize(3);
        buffer.delivered(batch);
        assertThat(buffer.deliveredOffsets())
                .containsEntry(new TopicPartition("t", 0), 3L)
                .containsEntry(new TopicPartition("t", 1), 6L);
    }

    @Test
    void closingPartitionsDropsTheirUnsentRecordsButNotTheBatchInFlight() throws InterruptedException {
        BatchBuffer buffer = buffer("json_array", 4, 1_000, 60_000);
        for (long offset = 0; offset < 5; offset++) {
            buffer.add(record(0, offset), json(offset));
            buffer.add(record(1, 100 + offset), json(100 + offset));
        }
        Batch inFlight = buffer.next().orElseThrow();
        assertThat(body(inFlight)).isEqualTo("[0,100,1,101]");
        assertThat(buffer.pending()).isEqualTo(10);

        // Queued [2,102,3,103] and open [4,104] lose partition 1; the batch in flight is left alone.
        assertThat(buffer.drop(List.of(new TopicPartition("t", 1)), 0)).isEqualTo(3);
        assertThat(buffer.pending()).isEqualTo(7);
        buffer.delivered(inFlight);
        buffer.closeOpen();
        Batch second = buffer.next().orElseThrow();
        assertThat(body(second)).isEqualTo("[2,3]");
        assertThat(second.sent()).isEqualTo(2);
        buffer.delivered(second);
        assertThat(body(buffer.next().orElseThrow())).isEqualTo("[4]");
        assertThat(buffer.deliveredOffsets())
                .containsEntry(new TopicPartition("t", 0), 4L)
                .containsEntry(new TopicPartition("t", 1), 102L);
    }

    @Test
    void aCommitWaitsForBufferedRecordsButNotThroughABackOff() throws InterruptedException {
        BatchBuffer buffer = buffer("json_array", 100, 1_000, 60_000);
        buffer.add(record(0, 1), json(1));
        Thread sender = new Thread(() -> {
            try {
                Batch batch = buffer.next().orElseThrow();
                buffer.delivered(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.start();
        // The fake clock never moves: only the delivery ends this wait.
        buffer.awaitDelivered(1);
        assertThat(buffer.pending()).isZero();
        sender.join();

        buffer.add(record(0, 2), json(2));
        Thread backingOff = new Thread(() -> {
            try {
                buffer.next().orElseThrow();
                buffer.pauseUntilStopped(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        backingOff.start();
        // Returns once the sender backs off, with the record still pending (the test's timeout fails it otherwise).
        buffer.awaitDelivered(1);
        buffer.stop();
        backingOff.join();
        assertThat(buffer.pending()).isEqualTo(1);
    }

    @Test
    void stopEndsTheSendersWait() throws InterruptedException {
        BatchBuffer buffer = buffer("json_array", 100, 1_000, 60_000);
        buffer.stop();
        assertThat(buffer.next()).isEqualTo(Optional.empty());
        assertThat(buffer.pauseUntilStopped(60_000)).isTrue();
    }
}
