package io.kanal.bench;

import io.kanal.client.record.BatchOptions;
import io.kanal.client.record.Compression;
import io.kanal.client.record.CompressionType;
import io.kanal.client.record.DecompressionContext;
import io.kanal.client.record.Record;
import io.kanal.client.record.RecordBatch;
import io.kanal.client.record.RecordBatchWriter;
import io.kanal.client.record.RecordBatches;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encodes and decodes one record batch of about 64 KiB, Kanal against kafka-clients, on identical records. Both sides
 * reuse what their API lets them reuse across batches: the output buffer (both), Kanal's writer scratch and
 * decompression buffer, Kafka's {@link BufferSupplier} (what its consumer uses). Decoding reads the same bytes on both
 * sides, a batch written by kafka-clients (what a broker hands a consumer of a Java producer's data), checks the CRC
 * as a consumer with {@code check.crcs=true} does, and hands every key and value to the blackhole.
 *
 * <p>Mutable JMH state, one per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RecordBatchBenchmark {
    private static final Header[] NO_HEADERS = new Header[0];

    /** Bytes per value: 100 B or 1 KiB. */
    @Param({"100", "1024"})
    public int valueSize;

    /** The codec, by Kafka's {@code compression.type} name. */
    @Param({"none", "lz4", "zstd"})
    public String codec;

    private RecordData data;
    private ByteBuffer output;
    private BatchOptions kanalOptions;
    private RecordBatchWriter kanalWriter;
    private org.apache.kafka.common.compress.Compression kafkaCompression;
    private ByteBuffer encoded;
    private DecompressionContext decompression;
    private BufferSupplier kafkaBuffers;

    /** Builds the records and the batch the decode benchmarks read. */
    @Setup
    public void setUp() {
        data = RecordData.generate(valueSize);
        output = ByteBuffer.allocate(2 * RecordData.BATCH_BYTES + 4096);
        CompressionType type = CompressionType.forName(codec);
        kanalOptions = BatchOptions.builder().compression(Compression.of(type)).build();
        kanalWriter = new RecordBatchWriter(ByteBuffer.allocate(64), kanalOptions);
        kafkaCompression =
                org.apache.kafka.common.compress.Compression.of(codec).build();
        MemoryRecords kafkaBatch = kafkaEncode();
        encoded = ByteBuffer.allocate(kafkaBatch.sizeInBytes());
        encoded.put(kafkaBatch.buffer()).flip();
        decompression = DecompressionContext.reusing(DecompressionContext.DEFAULT_MAX_DECOMPRESSED_BYTES);
        kafkaBuffers = BufferSupplier.create();
    }

    /**
     * Kanal: builds one batch.
     *
     * @return the batch
     */
    @Benchmark
    public ByteBuffer encodeKanal() {
        kanalWriter.reset(output.clear(), kanalOptions);
        ByteBuffer[] keys = data.keys();
        ByteBuffer[] values = data.values();
        long[] timestamps = data.timestamps();
        for (int i = 0; i < keys.length; i++) {
            kanalWriter.append(timestamps[i], keys[i], values[i], List.of());
        }
        return kanalWriter.close();
    }

    /**
     * kafka-clients: builds one batch with {@link MemoryRecordsBuilder}, as its producer does.
     *
     * @return the batch
     */
    @Benchmark
    public MemoryRecords encodeKafka() {
        return kafkaEncode();
    }

    private MemoryRecords kafkaEncode() {
        MemoryRecordsBuilder builder =
                MemoryRecords.builder(output.clear(), kafkaCompression, TimestampType.CREATE_TIME, 0L);
        ByteBuffer[] keys = data.keys();
        ByteBuffer[] values = data.values();
        long[] timestamps = data.timestamps();
        for (int i = 0; i < keys.length; i++) {
            builder.append(timestamps[i], keys[i], values[i], NO_HEADERS);
        }
        return builder.build();
    }

    /**
     * Kanal: checks the CRC and decodes every record.
     *
     * @param bh sink for keys and values
     * @return total key and value bytes, so the work cannot be skipped
     */
    @Benchmark
    public long decodeKanal(Blackhole bh) {
        long bytes = 0;
        for (RecordBatch batch : RecordBatches.of(encoded)) {
            batch.ensureValid();
            Iterator<Record> records = batch.records(decompression);
            while (records.hasNext()) {
                Record record = records.next();
                ByteBuffer key = record.key();
                ByteBuffer value = record.value();
                bh.consume(key);
                bh.consume(value);
                bytes += key.remaining() + value.remaining();
            }
        }
        return bytes;
    }

    /**
     * kafka-clients: checks the CRC and decodes every record through the streaming iterator its consumer uses.
     *
     * @param bh sink for keys and values
     * @return total key and value bytes, so the work cannot be skipped
     */
    @Benchmark
    public long decodeKafka(Blackhole bh) {
        long bytes = 0;
        for (MutableRecordBatch batch :
                MemoryRecords.readableRecords(encoded.duplicate()).batches()) {
            batch.ensureValid();
            try (CloseableIterator<org.apache.kafka.common.record.internal.Record> records =
                    batch.streamingIterator(kafkaBuffers)) {
                while (records.hasNext()) {
                    org.apache.kafka.common.record.internal.Record record = records.next();
                    ByteBuffer key = record.key();
                    ByteBuffer value = record.value();
                    bh.consume(key);
                    bh.consume(value);
                    bytes += key.remaining() + value.remaining();
                }
            }
        }
        return bytes;
    }
}
