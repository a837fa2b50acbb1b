package io.kanal.client.record;

import static io.kanal.client.record.Fixtures.batches;
import static io.kanal.client.record.Fixtures.bytes;
import static io.kanal.client.record.Fixtures.records;
import static io.kanal.client.record.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.ProtocolException;
import io.kanal.client.record.Fixtures.Input;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchRoundTripTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void roundTripsEveryFieldWithHeadersAndNulls(CompressionType type) {
        List<Input> inputs = Fixtures.mixedRecords();
        BatchOptions options = BatchOptions.builder()
                .compression(Compression.of(type))
                .baseOffset(1000)
                .partitionLeaderEpoch(9)
                .producerState(77L, (short) 3, 42)
                .build();

        ByteBuffer buffer = Fixtures.write(options, inputs);
        List<RecordBatch> batches = batches(buffer);

        assertThat(batches).hasSize(1);
        RecordBatch batch = batches.get(0);
        batch.ensureValid();
        assertThat(batch.magic()).isEqualTo((byte) 2);
        assertThat(batch.compressionType()).isEqualTo(type);
        assertThat(batch.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
        assertThat(batch.baseOffset()).isEqualTo(1000);
        assertThat(batch.lastOffset()).isEqualTo(1000 + inputs.size() - 1);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(9);
        assertThat(batch.producerId()).isEqualTo(77);
        assertThat(batch.producerEpoch()).isEqualTo((short) 3);
        assertThat(batch.baseSequence()).isEqualTo(42);
        assertThat(batch.lastSequence()).isEqualTo(42 + inputs.size() - 1);
        assertThat(batch.isTransactional()).isFalse();
        assertThat(batch.isControlBatch()).isFalse();
        assertThat(batch.hasDeleteHorizon()).isFalse();
        assertThat(batch.baseTimestamp()).isEqualTo(inputs.get(0).timestamp());
        assertThat(batch.maxTimestamp())
                .isEqualTo(inputs.stream().mapToLong(Input::timestamp).max().orElseThrow());
        assertThat(batch.recordCount()).isEqualTo(inputs.size());
        assertThat(batch.sizeInBytes()).isEqualTo(buffer.remaining());

        List<Record> records = records(batch);
        assertThat(records).hasSize(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            Record r = records.get(i);
            assertThat(r.offset()).isEqualTo(1000 + i);
            assertThat(r.timestamp()).isEqualTo(in.timestamp());
            assertThat(r.keyBytes()).isEqualTo(in.key());
            assertThat(r.valueBytes()).isEqualTo(in.value());
            assertThat(r.headers()).isEqualTo(in.headers());
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void roundTripsAtNonDefaultLevels(CompressionType type) {
        Compression compression =
                switch (type) {
                    case GZIP -> Compression.gzip(9);
                    case LZ4 -> Compression.lz4(12);
                    case ZSTD -> Compression.zstd(-5);
                    default -> Compression.of(type);
                };
        List<Input> inputs = Fixtures.mixedRecords();
        ByteBuffer buffer =
                Fixtures.write(BatchOptions.builder().compression(compression).build(), inputs);
        List<Record> records = records(batches(buffer).get(0));
        assertThat(records)
                .extracting(Record::valueBytes)
                .containsExactlyElementsOf(inputs.stream().map(Input::value).toList());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void transactionalLogAppendTimeAndDeleteHorizonSurvive(CompressionType type) {
        BatchOptions options = BatchOptions.builder()
                .compression(Compression.of(type))
                .transactional(true)
                .producerState(5L, (short) 1, 0)
                .logAppendTime(1_800_000_000_000L)
                .deleteHorizonMs(1_750_000_000_000L)
                .build();
        ByteBuffer buffer = Fixtures.write(
                options,
                List.of(
                        new Input(1_700_000_000_000L, utf8("a"), utf8("1"), List.of()),
                        new Input(1_700_000_000_001L, utf8("b"), utf8("2"), List.of())));

        RecordBatch batch = batches(buffer).get(0);
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(1_800_000_000_000L);
        assertThat(batch.deleteHorizonMs()).hasValue(1_750_000_000_000L);
        assertThat(records(batch)).extracting(Record::timestamp).containsOnly(1_800_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(
            value = ControlRecordType.class,
            names = {"COMMIT", "ABORT"})
    void writesAndParsesTransactionMarkers(ControlRecordType type) {
        BatchOptions options = BatchOptions.builder()
                .transactional(true)
                .control(true)
                .producerState(11L, (short) 2, -1)
                .baseOffset(500)
                .build();
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(128), options);
        writer.appendEndTransactionMarker(123L, type, 17);
        RecordBatch batch = batches(writer.close()).get(0);

        assertThat(batch.isControlBatch()).isTrue();
        assertThat(batch.isTransactional()).isTrue();
        ControlRecord control = ControlRecord.parse(records(batch).get(0));
        assertThat(control).isEqualTo(new ControlRecord((short) 0, type.code(), type, 17));
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"NONE", "ZSTD"})
    void exposesUnknownControlTypesWithoutFailing(CompressionType compression) {
        BatchOptions options = BatchOptions.builder()
                .control(true)
                .compression(Compression.of(compression))
                .build();
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(128), options);
        ByteBuffer key =
                ByteBuffer.allocate(4).putShort((short) 0).putShort((short) 5).flip();
        writer.append(1L, key, ByteBuffer.wrap(new byte[] {1, 2}), List.of());
        ControlRecord control =
                ControlRecord.parse(records(batches(writer.close()).get(0)).get(0));

        assertThat(control.type()).isEqualTo(ControlRecordType.UNKNOWN);
        assertThat(control.typeCode()).isEqualTo((short) 5);
        assertThat(control.coordinatorEpoch()).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void dropsOnlyThePartialTrailingBatch(CompressionType type) {
        BatchOptions options =
                BatchOptions.builder().compression(Compression.of(type)).build();
        ByteBuffer first = Fixtures.write(options, List.of(new Input(1, utf8("a"), utf8("1"), List.of())));
        ByteBuffer second = Fixtures.write(
                options.toBuilder().baseOffset(1).build(), List.of(new Input(2, utf8("b"), utf8("2"), List.of())));
        ByteBuffer both = ByteBuffer.allocate(first.remaining() + second.remaining());
        both.put(first.duplicate()).put(second.duplicate()).flip();

        assertThat(batches(both)).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L);
        for (int cut = first.remaining(); cut < both.limit(); cut++) {
            ByteBuffer truncated = both.duplicate().limit(cut);
            assertThat(batches(truncated)).extracting(RecordBatch::baseOffset).containsExactly(0L);
            assertThat(RecordBatches.of(truncated).validBytes()).isEqualTo(first.remaining());
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void detectsCorruptionThroughTheCrc(CompressionType type) {
        ByteBuffer buffer = Fixtures.write(
                BatchOptions.builder()
                        .compression(Compression.of(type))
                        .baseOffset(31)
                        .build(),
                Fixtures.mixedRecords());
        buffer.put(buffer.limit() - 3, (byte) (buffer.get(buffer.limit() - 3) ^ 0x10));
        RecordBatch batch = batches(buffer).get(0);

        assertThat(batch.isValid()).isFalse();
        assertThatThrownBy(batch::ensureValid)
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("base offset 31")
                .hasMessageContaining("CRC");
    }

    @Test
    void uncompressedValuesAreReadOnlySlicesOfTheFetchedBuffer() {
        ByteBuffer buffer = Fixtures.write(
                BatchOptions.builder().build(),
                List.of(new Input(1, utf8("key"), utf8("value"), List.of(Header.of("h", "hv")))));
        Record record = records(batches(buffer).get(0)).get(0);

        assertThat(record.key().isReadOnly()).isTrue();
        assertThat(record.value().isReadOnly()).isTrue();
        assertThat(record.headers().get(0).value().isReadOnly()).isTrue();
        // the value is followed by: header count, key length, "h", value length, "hv" (6 bytes)
        int valueAt = buffer.limit() - 6 - "value".length();
        buffer.put(valueAt, (byte) 'V');
        assertThat(new String(bytes(record.value()), StandardCharsets.UTF_8)).isEqualTo("Value");
    }

    @Test
    void partitionLeaderEpochAndProducerStateCanBeRewritten() {
        ByteBuffer buffer = Fixtures.write(
                BatchOptions.builder()
                        .compression(Compression.of(CompressionType.LZ4))
                        .build(),
                Fixtures.mixedRecords());
        RecordBatchRewriter.setPartitionLeaderEpoch(buffer, 12);
        RecordBatchRewriter.setProducerState(buffer, 99L, (short) 4, 1000);
        RecordBatch batch = batches(buffer).get(0);

        assertThat(batch.isValid()).isTrue();
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(12);
        assertThat(batch.producerId()).isEqualTo(99L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 4);
        assertThat(batch.baseSequence()).isEqualTo(1000);
    }

    @Test
    void sequenceWrapsPastIntMax() {
        ByteBuffer buffer = Fixtures.write(
                BatchOptions.builder()
                        .producerState(1L, (short) 0, Integer.MAX_VALUE)
                        .build(),
                List.of(new Input(1, null, null, List.of()), new Input(1, null, null, List.of())));
        assertThat(batches(buffer).get(0).lastSequence()).isZero();
    }

    @Test
    void readsTheEmptyBatchesCompactionKeeps() {
        ByteBuffer full = Fixtures.write(
                BatchOptions.builder()
                        .compression(Compression.of(CompressionType.ZSTD))
                        .transactional(true)
                        .producerState(3L, (short) 1, 9)
                        .build(),
                List.of(new Input(1, null, utf8("v"), List.of())));
        ByteBuffer empty = ByteBuffer.allocate(BatchLayout.RECORDS);
        empty.put(0, full, 0, BatchLayout.RECORDS);
        empty.putInt(BatchLayout.LENGTH, BatchLayout.MIN_LENGTH);
        empty.putInt(BatchLayout.RECORDS_COUNT, 0);
        RecordBatchRewriter.setProducerState(empty, 3L, (short) 1, 9);

        RecordBatch batch = batches(empty).get(0);
        assertThat(batch.isValid()).isTrue();
        assertThat(batch.records()).isExhausted();
        assertThat(batch.producerId()).isEqualTo(3L);
    }

    @Test
    void rejectsLegacyMagicWithAClearError() {
        ByteBuffer buffer = Fixtures.write(
                BatchOptions.builder().baseOffset(8).build(), List.of(new Input(1, null, utf8("v"), List.of())));
        buffer.put(BatchLayout.MAGIC, (byte) 1);
        assertThatThrownBy(() -> batches(buffer))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("magic 1")
                .hasMessageContaining("base offset 8");
    }

    @Test
    void rejectsUnknownCompressionIds() {
        ByteBuffer buffer =
                Fixtures.write(BatchOptions.builder().build(), List.of(new Input(1, null, utf8("v"), List.of())));
        buffer.putShort(BatchLayout.ATTRIBUTES, (short) 6);
        RecordBatch batch = batches(buffer).get(0);
        assertThatThrownBy(batch::records)
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("compression type id 6");
    }
}
