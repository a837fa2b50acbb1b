package io.kanal.client.record;

import static io.kanal.client.record.Fixtures.batches;
import static io.kanal.client.record.Fixtures.records;
import static io.kanal.client.record.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.CompressionUnavailableException;
import io.kanal.client.errors.ProtocolException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchWriterTest {
    private static final ByteBuffer VALUE = ByteBuffer.wrap(new byte[100]);

    @Test
    void hasRoomForEnforcesTheBatchSizeButAlwaysAcceptsTheFirstRecord() {
        RecordBatchWriter writer = new RecordBatchWriter(
                ByteBuffer.allocate(64),
                BatchOptions.builder().batchSizeLimit(1000).build());
        ByteBuffer huge = ByteBuffer.wrap(new byte[5000]);
        assertThat(writer.hasRoomFor(1, null, huge, List.of())).isTrue();

        int appended = 0;
        while (writer.hasRoomFor(1, null, VALUE, List.of())) {
            writer.append(1, null, VALUE, List.of());
            appended++;
        }
        assertThat(appended).isBetween(8, 9);
        assertThat(writer.estimatedSizeInBytes()).isLessThanOrEqualTo(1000);
        assertThat(writer.close().remaining()).isEqualTo(writer.estimatedSizeInBytes());
        assertThat(writer.hasRoomFor(1, null, VALUE, List.of())).isFalse();
        assertThatThrownBy(() -> writer.append(1, null, VALUE, List.of())).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void writesAfterExistingBytesOfAPooledBufferAndGrowsWhenItIsFull(CompressionType type) {
        ByteBuffer pooled = ByteBuffer.allocate(100);
        pooled.put(new byte[] {9, 9, 9});
        RecordBatchWriter writer = new RecordBatchWriter(
                pooled, BatchOptions.builder().compression(Compression.of(type)).build());
        for (int i = 0; i < 100; i++) {
            writer.append(i, utf8("k" + i), utf8("v" + i));
        }
        ByteBuffer batch = writer.close();

        assertThat(batch.position()).isZero();
        assertThat(records(batches(batch).get(0))).hasSize(100);
        assertThat(writer.close()).isEqualTo(batch);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void aReusedCompressionBufferWritesTheSameBatchesWithoutGrowingTheBatchBuffer(CompressionType type) {
        BatchOptions options = BatchOptions.builder()
                .compression(Compression.of(type))
                .batchSizeLimit(4096)
                .build();
        CompressionBuffer reused = new CompressionBuffer();
        for (int round = 0; round < 3; round++) {
            ByteBuffer plainTarget = ByteBuffer.allocate(4096);
            ByteBuffer reusedTarget = ByteBuffer.allocate(4096);
            RecordBatchWriter plain = new RecordBatchWriter(plainTarget, options);
            RecordBatchWriter viaBuffer = new RecordBatchWriter(reusedTarget, options);
            // Values that fill the batch and compress with every codec; each codec's worst-case bound is still larger
            // than the batch buffer, so compressing straight into it would have made it grow.
            for (int i = 0; plain.hasRoomFor(i, null, value(round, i), List.of()); i++) {
                plain.append(i, null, value(round, i), List.of());
                viaBuffer.append(i, null, value(round, i), List.of());
            }
            ByteBuffer expected = plain.close();
            ByteBuffer actual = viaBuffer.close(reused);
            assertThat(actual).isEqualTo(expected);
            // The batch stayed in the buffer it was given.
            assertThat(actual.array()).isSameAs(reusedTarget.array());
            assertThat(records(batches(actual).get(0)))
                    .hasSize(records(batches(expected).get(0)).size());
        }
    }

    private static ByteBuffer value(int round, int i) {
        return ByteBuffer.wrap(utf8(("record " + i + " of round " + round + "; ").repeat(5)));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void writesIntoDirectBuffers(CompressionType type) {
        RecordBatchWriter writer = new RecordBatchWriter(
                ByteBuffer.allocateDirect(256),
                BatchOptions.builder().compression(Compression.of(type)).build());
        for (int i = 0; i < 50; i++) {
            writer.append(i, utf8("k" + i), utf8("value " + i));
        }
        ByteBuffer batch = writer.close();
        assertThat(batch.isDirect()).isTrue();
        RecordBatch read = batches(batch).get(0);
        assertThat(read.isValid()).isTrue();
        assertThat(records(read)).extracting(r -> new String(r.valueBytes())).endsWith("value 49");
    }

    @Test
    void resetReusesTheWriterForTheNextBatch() {
        BatchOptions options = BatchOptions.builder()
                .compression(Compression.of(CompressionType.ZSTD))
                .build();
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(64), options);
        writer.append(1, utf8("a"), utf8("first"));
        ByteBuffer first = writer.close();
        writer.reset(ByteBuffer.allocate(64), options.toBuilder().baseOffset(1).build());
        writer.append(2, utf8("b"), utf8("second"));
        ByteBuffer second = writer.close();

        assertThat(records(batches(first).get(0)))
                .extracting(r -> new String(r.valueBytes()))
                .containsExactly("first");
        assertThat(records(batches(second).get(0))).extracting(Record::offset).containsExactly(1L);
    }

    @Test
    void refusesToCloseAnEmptyBatch() {
        RecordBatchWriter writer = new RecordBatchWriter(
                ByteBuffer.allocate(64), BatchOptions.builder().build());
        assertThatThrownBy(writer::close).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void validatesLevelsAndOptions() {
        assertThatThrownBy(() -> Compression.lz4(18)).hasMessageContaining("compression.lz4.level");
        assertThatThrownBy(() -> Compression.gzip(0)).hasMessageContaining("compression.gzip.level");
        assertThatThrownBy(() -> Compression.zstd(23)).hasMessageContaining("compression.zstd.level");
        assertThat(Compression.of(CompressionType.ZSTD).level()).isEqualTo(3);
        assertThat(Compression.of(CompressionType.LZ4).level()).isEqualTo(9);
        assertThat(Compression.of(CompressionType.GZIP).level()).isEqualTo(-1);
        assertThat(CompressionType.forName("ZSTD")).isEqualTo(CompressionType.ZSTD);
        assertThatThrownBy(() -> BatchOptions.builder().batchSizeLimit(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"SNAPPY", "LZ4", "ZSTD"})
    void aMissingCodecLibraryNamesItsMavenCoordinates(CompressionType type) throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            CompressionCodec codec = Codecs.load(type, empty);
            assertThatThrownBy(() -> codec.compress(new byte[1], 0, 1, new GrowableBuffer(ByteBuffer.allocate(8)), 0))
                    .isInstanceOf(CompressionUnavailableException.class)
                    .hasMessageContaining(type.mavenCoordinates());
            assertThatThrownBy(() -> codec.decompress(ByteBuffer.allocate(8), DecompressionContext.allocating(8), 5))
                    .isInstanceOf(CompressionUnavailableException.class)
                    .hasMessageContaining(type.mavenCoordinates());
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void decompressionIsCappedAndNamesTheBatch(CompressionType type) {
        RecordBatchWriter writer = new RecordBatchWriter(
                ByteBuffer.allocate(64),
                BatchOptions.builder()
                        .compression(Compression.of(type))
                        .baseOffset(4242)
                        .build());
        for (int i = 0; i < 64; i++) {
            writer.append(i, null, ByteBuffer.wrap(new byte[32 * 1024]), List.of());
        }
        RecordBatch batch = batches(writer.close()).get(0);
        assertThat(batch.sizeInBytes()).isLessThan(256 * 1024);

        assertThatThrownBy(() -> batch.records(DecompressionContext.allocating(1024 * 1024)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("base offset 4242")
                .hasMessageContaining("1048576");
        Iterable<Record> all = () -> batch.records(DecompressionContext.reusing(4 * 1024 * 1024));
        assertThat(all).hasSize(64);
    }
}
