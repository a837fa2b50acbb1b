package io.kanal.client.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** Shared test data and helpers for the record layer tests. */
final class Fixtures {
    private Fixtures() {}

    /** A record as the tests describe it: plain arrays, so equality is by content. */
    record Input(long timestamp, byte[] key, byte[] value, List<Header> headers) {
        ByteBuffer keyBuffer() {
            return key == null ? null : ByteBuffer.wrap(key);
        }

        ByteBuffer valueBuffer() {
            return value == null ? null : ByteBuffer.wrap(value);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Mixed records: nulls, empty values, headers with null values, non-ASCII keys and a value above 64 KiB. */
    static List<Input> mixedRecords() {
        byte[] big = new byte[150_000];
        new Random(7).nextBytes(big);
        for (int i = 0; i < big.length; i += 3) {
            big[i] = 'x'; // partly compressible, so codecs produce both stored and compressed blocks
        }
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input(1_700_000_000_000L, utf8("k1"), utf8("v1"), List.of()));
        inputs.add(new Input(1_700_000_000_005L, null, utf8("no key"), List.of(Header.of("h", "hv"))));
        inputs.add(new Input(1_699_999_999_000L, utf8("k3"), null, List.of(Header.of("nullvalue", (byte[]) null))));
        inputs.add(new Input(
                1_700_000_000_010L,
                new byte[0],
                new byte[0],
                List.of(
                        Header.of("ключ-ü-😀", utf8("unicode key")),
                        Header.of("", new byte[0]),
                        Header.of("dup", "a"),
                        Header.of("dup", "b"))));
        inputs.add(new Input(1_700_000_000_020L, utf8("big"), big, List.of()));
        for (int i = 0; i < 50; i++) {
            inputs.add(
                    new Input(1_700_000_000_100L + i, utf8("key-" + i), utf8("value-" + i + "-".repeat(i)), List.of()));
        }
        return inputs;
    }

    static ByteBuffer write(BatchOptions options, List<Input> inputs) {
        RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(1024), options);
        for (Input in : inputs) {
            writer.append(in.timestamp(), in.keyBuffer(), in.valueBuffer(), in.headers());
        }
        return writer.close();
    }

    static List<RecordBatch> batches(ByteBuffer buffer) {
        List<RecordBatch> out = new ArrayList<>();
        RecordBatches.of(buffer).forEach(out::add);
        return out;
    }

    static List<Record> records(RecordBatch batch) {
        List<Record> out = new ArrayList<>();
        Iterator<Record> it = batch.records();
        it.forEachRemaining(out::add);
        return out;
    }

    static byte[] bytes(ByteBuffer b) {
        return Record.copyOf(b);
    }

    static boolean sameBytes(ByteBuffer b, byte[] expected) {
        return b == null ? expected == null : expected != null && Arrays.equals(bytes(b), expected);
    }
}
