package io.kanal.client.record;

import static io.kanal.client.record.Fixtures.batches;
import static io.kanal.client.record.Fixtures.bytes;
import static io.kanal.client.record.Fixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.ProtocolException;
import io.kanal.client.record.Fixtures.Input;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** kafka-clients is the golden reference: each side must read what the other writes, field for field. */
class KafkaClientsInteropTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafkaReadsKanalBatches(CompressionType type) {
        List<Input> inputs = Fixtures.mixedRecords();
        BatchOptions options = BatchOptions.builder()
                .compression(Compression.of(type))
                .baseOffset(50)
                .partitionLeaderEpoch(3)
                .producerState(1234L, (short) 5, 10)
                .transactional(true)
                .build();
        ByteBuffer buffer = Fixtures.write(options, inputs);

        MutableRecordBatch batch = onlyKafkaBatch(buffer);
        batch.ensureValid();
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.magic()).isEqualTo((byte) 2);
        assertThat(batch.compressionType().id).isEqualTo((byte) type.id());
        assertThat(batch.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        assertThat(batch.baseOffset()).isEqualTo(50);
        assertThat(batch.lastOffset()).isEqualTo(50 + inputs.size() - 1);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(3);
        assertThat(batch.producerId()).isEqualTo(1234L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 5);
        assertThat(batch.baseSequence()).isEqualTo(10);
        assertThat(batch.lastSequence()).isEqualTo(10 + inputs.size() - 1);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.isControlBatch()).isFalse();
        assertThat(batch.countOrNull()).isEqualTo(inputs.size());
        assertThat(batch.sizeInBytes()).isEqualTo(buffer.remaining());
        assertThat(batch.maxTimestamp())
                .isEqualTo(inputs.stream().mapToLong(Input::timestamp).max().orElseThrow());

        List<org.apache.kafka.common.record.internal.Record> records = new ArrayList<>();
        batch.forEach(records::add);
        assertThat(records).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            org.apache.kafka.common.record.internal.Record r = records.get(i);
            assertThat(r.offset()).isEqualTo(50 + i);
            assertThat(r.sequence()).isEqualTo(10 + i);
            assertThat(r.timestamp()).isEqualTo(in.timestamp());
            assertThat(bytes(r.key())).isEqualTo(in.key());
            assertThat(bytes(r.value())).isEqualTo(in.value());
            assertThat(r.headers()).hasSize(in.headers().size());
            for (int h = 0; h < in.headers().size(); h++) {
                assertThat(r.headers()[h].key()).isEqualTo(in.headers().get(h).key());
                assertThat(r.headers()[h].value()).isEqualTo(in.headers().get(h).valueBytes());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafkaReadsKanalLogAppendTimeBatches(CompressionType type) {
        BatchOptions options = BatchOptions.builder()
                .compression(Compression.of(type))
                .logAppendTime(1_900_000_000_000L)
                .build();
        MutableRecordBatch batch = onlyKafkaBatch(Fixtures.write(options, Fixtures.mixedRecords()));

        assertThat(batch.isValid()).isTrue();
        assertThat(batch.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        batch.forEach(r -> assertThat(r.timestamp()).isEqualTo(1_900_000_000_000L));
    }

    @ParameterizedTest
    @EnumSource(
            value = ControlRecordType.class,
            names = {"COMMIT", "ABORT"})
    void kafkaReadsKanalTransactionMarkers(ControlRecordType type) {
        BatchOptions options = BatchOptions.builder()
                .control(true)
                .transactional(true)
                .producerState(88L, (short) 6, -1)
                .baseOffset(70)
                .build();
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(100), options);
        writer.appendEndTransactionMarker(5_000L, type, 21);
        MutableRecordBatch batch = onlyKafkaBatch(writer.close());

        assertThat(batch.isValid()).isTrue();
        assertThat(batch.isControlBatch()).isTrue();
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.producerId()).isEqualTo(88L);
        EndTransactionMarker marker =
                EndTransactionMarker.deserialize(batch.iterator().next());
        assertThat(marker.controlType().name()).isEqualTo(type.name());
        assertThat(marker.coordinatorEpoch()).isEqualTo(21);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kanalReadsKafkaBuilderBatches(CompressionType type) {
        List<Input> inputs = Fixtures.mixedRecords();
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                ByteBuffer.allocate(1024),
                (byte) 2,
                kafkaCompression(type),
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                300L,
                -1L,
                4321L,
                (short) 7,
                100,
                true,
                false,
                8);
        for (Input in : inputs) {
            builder.append(in.timestamp(), in.key(), in.value(), kafkaHeaders(in));
        }
        ByteBuffer buffer = builder.build().buffer();

        RecordBatch batch = batches(buffer).get(0);
        batch.ensureValid();
        assertThat(batch.compressionType()).isEqualTo(type);
        assertThat(batch.baseOffset()).isEqualTo(300);
        assertThat(batch.lastOffset()).isEqualTo(300 + inputs.size() - 1);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(8);
        assertThat(batch.producerId()).isEqualTo(4321L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 7);
        assertThat(batch.baseSequence()).isEqualTo(100);
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.isControlBatch()).isFalse();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.recordCount()).isEqualTo(inputs.size());
        assertSameRecords(records(batch), inputs, 300);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kanalReadsKafkaWithRecordsAndLogAppendTime(CompressionType type) {
        List<Input> inputs = Fixtures.mixedRecords();
        SimpleRecord[] simple = inputs.stream()
                .map(in -> new SimpleRecord(in.timestamp(), in.key(), in.value(), kafkaHeaders(in)))
                .toArray(SimpleRecord[]::new);
        ByteBuffer createTime =
                MemoryRecords.withRecords(kafkaCompression(type), simple).buffer();
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                ByteBuffer.allocate(512),
                (byte) 2,
                kafkaCompression(type),
                org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME,
                0L,
                1_950_000_000_000L);
        for (SimpleRecord record : simple) {
            builder.append(record);
        }
        ByteBuffer logAppend = builder.build().buffer();

        RecordBatch first = batches(createTime).get(0);
        assertThat(first.isValid()).isTrue();
        assertSameRecords(records(first), inputs, 0);
        RecordBatch second = batches(logAppend).get(0);
        assertThat(second.isValid()).isTrue();
        assertThat(second.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(records(second)).extracting(Record::timestamp).containsOnly(1_950_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(
            value = ControlRecordType.class,
            names = {"COMMIT", "ABORT"})
    void kanalReadsKafkaTransactionMarkers(ControlRecordType type) {
        org.apache.kafka.common.record.internal.ControlRecordType kafkaType =
                org.apache.kafka.common.record.internal.ControlRecordType.valueOf(type.name());
        ByteBuffer buffer = MemoryRecords.withEndTransactionMarker(
                        900L, 12_345L, 4, 55L, (short) 2, new EndTransactionMarker(kafkaType, 33))
                .buffer();

        RecordBatch batch = batches(buffer).get(0);
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.isControlBatch()).isTrue();
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.producerId()).isEqualTo(55L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 2);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(4);
        List<Record> records = records(batch);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).offset()).isEqualTo(900L);
        assertThat(ControlRecord.parse(records.get(0))).isEqualTo(new ControlRecord((short) 0, type.code(), type, 33));
    }

    @Test
    void kanalIteratesAFetchResponseMixingCodecsAndWriters() {
        List<ByteBuffer> parts = new ArrayList<>();
        long offset = 0;
        for (CompressionType type : CompressionType.values()) {
            SimpleRecord record = new SimpleRecord(offset, ("k" + offset).getBytes(), ("v" + offset).getBytes());
            parts.add(MemoryRecords.withRecords(offset++, kafkaCompression(type), record)
                    .buffer());
            parts.add(Fixtures.write(
                    BatchOptions.builder()
                            .compression(Compression.of(type))
                            .baseOffset(offset++)
                            .build(),
                    List.of(new Input(offset, null, ("v" + (offset - 1)).getBytes(), List.of()))));
        }
        int size = parts.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer fetched = ByteBuffer.allocate(size + 30);
        parts.forEach(p -> fetched.put(p.duplicate()));
        fetched.put(parts.get(0).duplicate().limit(30)).flip(); // the broker cut the last batch short

        List<String> values = new ArrayList<>();
        for (RecordBatch batch : RecordBatches.of(fetched)) {
            batch.ensureValid();
            batch.records().forEachRemaining(r -> values.add(new String(r.valueBytes())));
        }
        assertThat(values).hasSize(10).startsWith("v0", "v1").endsWith("v9");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void kafkaBatchesThatExpandPastTheCapFailCleanly(CompressionType type) {
        SimpleRecord[] zeros = new SimpleRecord[40];
        for (int i = 0; i < zeros.length; i++) {
            zeros[i] = new SimpleRecord(i, null, new byte[64 * 1024]);
        }
        ByteBuffer buffer =
                MemoryRecords.withRecords(777L, kafkaCompression(type), zeros).buffer();
        RecordBatch batch = batches(buffer).get(0);

        assertThatThrownBy(() -> batch.records(DecompressionContext.reusing(1024 * 1024)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("base offset 777")
                .hasMessageContaining("maximum");
        Iterable<Record> all = () -> batch.records(DecompressionContext.allocating(4 * 1024 * 1024));
        assertThat(all).hasSize(40);
    }

    private static void assertSameRecords(List<Record> records, List<Input> inputs, long baseOffset) {
        assertThat(records).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            Record r = records.get(i);
            assertThat(r.offset()).isEqualTo(baseOffset + i);
            assertThat(r.timestamp()).isEqualTo(in.timestamp());
            assertThat(r.keyBytes()).isEqualTo(in.key());
            assertThat(r.valueBytes()).isEqualTo(in.value());
            assertThat(r.headers()).isEqualTo(in.headers());
        }
    }

    private static MutableRecordBatch onlyKafkaBatch(ByteBuffer buffer) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(buffer).batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        return batches.get(0);
    }

    static org.apache.kafka.common.compress.Compression kafkaCompression(CompressionType type) {
        return org.apache.kafka.common.compress.Compression.of(
                        org.apache.kafka.common.record.internal.CompressionType.forId(type.id()))
                .build();
    }

    private static org.apache.kafka.common.header.Header[] kafkaHeaders(Input in) {
        return in.headers().stream()
                .map(h -> new RecordHeader(h.key(), h.valueBytes()))
                .toArray(org.apache.kafka.common.header.Header[]::new);
    }
}
