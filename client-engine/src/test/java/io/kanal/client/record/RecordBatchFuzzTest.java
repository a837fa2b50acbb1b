package io.kanal.client.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kanal.client.errors.ProtocolException;
import io.kanal.client.record.Fixtures.Input;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Malformed input must end in {@link ProtocolException} or decode cleanly: never another exception, an unbounded
 * allocation or a hang. Mutations target valid batches of every codec, so decoding gets past the header checks.
 */
class RecordBatchFuzzTest {
    private static final Duration HANG_LIMIT = Duration.ofSeconds(10);
    private static final int CAP = 1 << 20;

    /** A mutation of a valid batch. */
    enum Mutation {
        FLIP_BITS,
        TRUNCATE,
        LENGTH_FIELD,
        RECORD_COUNT,
        ATTRIBUTES,
        RANDOM_REGION
    }

    @Property(tries = 300)
    void randomBytesFailCleanly(@ForAll @Size(max = 300) byte[] noise) {
        assertDecodesOrFailsCleanly(ByteBuffer.wrap(noise));
    }

    @Property(tries = 300)
    void randomBytesBehindAPlausibleHeaderFailCleanly(
            @ForAll @Size(max = 400) byte[] body, @ForAll @IntRange(max = 7) int codec, @ForAll int recordCount) {
        ByteBuffer buffer = ByteBuffer.allocate(BatchLayout.RECORDS + body.length);
        buffer.putInt(BatchLayout.LENGTH, buffer.capacity() - BatchLayout.LOG_OVERHEAD);
        buffer.put(BatchLayout.MAGIC, (byte) 2);
        buffer.putShort(BatchLayout.ATTRIBUTES, (short) codec);
        buffer.putInt(BatchLayout.RECORDS_COUNT, recordCount);
        buffer.put(BatchLayout.RECORDS, body);
        assertDecodesOrFailsCleanly(buffer);
    }

    @Property(tries = 1500)
    void mutatedValidBatchesFailCleanly(
            @ForAll("validBatches") ByteBuffer valid,
            @ForAll Mutation mutation,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
            @ForAll int what) {
        ByteBuffer mutated = mutate(valid, mutation, where, what);
        assertDecodesOrFailsCleanly(mutated);
    }

    @Property(tries = 500)
    void varintsRoundTrip(@ForAll int i, @ForAll long l) {
        ByteBuffer buffer = ByteBuffer.allocate(15);
        Varints.writeVarint(i, buffer);
        assertThat(buffer.position()).isEqualTo(Varints.sizeOfVarint(i));
        Varints.writeVarlong(l, buffer);
        assertThat(buffer.position()).isEqualTo(Varints.sizeOfVarint(i) + Varints.sizeOfVarlong(l));
        buffer.flip();
        assertThat(Varints.readVarint(buffer)).isEqualTo(i);
        assertThat(Varints.readVarlong(buffer)).isEqualTo(l);
    }

    @Property(tries = 200)
    void writerOutputAlwaysRoundTrips(@ForAll("inputs") List<Input> inputs, @ForAll CompressionType type) {
        ByteBuffer batch = Fixtures.write(
                BatchOptions.builder().compression(Compression.of(type)).build(), inputs);
        RecordBatch read = Fixtures.batches(batch).get(0);
        assertThat(read.isValid()).isTrue();
        List<Record> records = Fixtures.records(read);
        assertThat(records).hasSameSizeAs(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(records.get(i).keyBytes()).isEqualTo(inputs.get(i).key());
            assertThat(records.get(i).valueBytes()).isEqualTo(inputs.get(i).value());
            assertThat(records.get(i).timestamp()).isEqualTo(inputs.get(i).timestamp());
            assertThat(records.get(i).headers()).isEqualTo(inputs.get(i).headers());
        }
    }

    @Provide
    Arbitrary<List<Input>> inputs() {
        Arbitrary<byte[]> bytes =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200).injectNull(0.2);
        Arbitrary<Header> header = Combinators.combine(Arbitraries.strings().ofMaxLength(10), bytes)
                .as(Header::of);
        Arbitrary<Input> input = Combinators.combine(
                        Arbitraries.longs().between(-1, 4_000_000_000_000L),
                        bytes,
                        bytes,
                        header.list().ofMaxSize(3))
                .as(Input::new);
        return input.list().ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<ByteBuffer> validBatches() {
        return Combinators.combine(inputs(), Arbitraries.of(CompressionType.class), Arbitraries.of(false, true))
                .as((inputs, type, control) -> Fixtures.write(
                        BatchOptions.builder()
                                .compression(Compression.of(type))
                                .control(control)
                                .build(),
                        inputs));
    }

    private static ByteBuffer mutate(ByteBuffer valid, Mutation mutation, int where, int what) {
        ByteBuffer b = ByteBuffer.allocate(valid.remaining());
        b.put(valid.duplicate()).flip();
        int size = b.limit();
        switch (mutation) {
            case FLIP_BITS -> {
                for (int i = 0; i < 1 + (what & 7); i++) {
                    int at = (int) ((where + (long) i * 7919) % size);
                    b.put(at, (byte) (b.get(at) ^ (1 << ((what >>> (i * 3)) & 7))));
                }
            }
            case TRUNCATE -> {
                ByteBuffer cut = b.duplicate().limit(where % size);
                // keep the declared length so the reader sees a complete-looking but short batch
                if (cut.limit() > BatchLayout.LOG_OVERHEAD) {
                    cut.putInt(BatchLayout.LENGTH, cut.limit() - BatchLayout.LOG_OVERHEAD);
                }
                return cut;
            }
            case LENGTH_FIELD -> b.putInt(BatchLayout.LENGTH, what);
            case RECORD_COUNT -> b.putInt(BatchLayout.RECORDS_COUNT, what);
            case ATTRIBUTES -> b.putShort(BatchLayout.ATTRIBUTES, (short) what);
            case RANDOM_REGION -> {
                int from = BatchLayout.RECORDS + where % Math.max(1, size - BatchLayout.RECORDS);
                for (int i = from; i < Math.min(size, from + 16); i++) {
                    b.put(i, (byte) (what * (i + 31)));
                }
            }
        }
        return b;
    }

    /** Decodes everything reachable; only ProtocolException may escape, and within a time limit. */
    private static void assertDecodesOrFailsCleanly(ByteBuffer input) {
        List<Throwable> unexpected = new ArrayList<>();
        assertTimeoutPreemptively(HANG_LIMIT, () -> {
            try {
                drain(input);
            } catch (ProtocolException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException | Error e) {
                unexpected.add(e);
            }
        });
        assertThat(unexpected).isEmpty();
    }

    private static long drain(ByteBuffer input) {
        long touched = 0;
        DecompressionContext context = DecompressionContext.allocating(CAP);
        for (RecordBatch batch : RecordBatches.of(input)) {
            touched += batch.isValid() ? 1 : 0;
            touched += batch.lastOffset() + batch.producerId() + batch.maxTimestamp() + batch.lastSequence();
            Iterator<Record> records = batch.records(context);
            while (records.hasNext()) {
                Record r = records.next();
                touched += r.keySize() + r.valueSize() + r.headers().size();
                if (batch.isControlBatch()) {
                    try {
                        touched += ControlRecord.parse(r).typeCode();
                    } catch (ProtocolException notAMarker) {
                        touched--;
                    }
                }
            }
        }
        return touched;
    }
}
