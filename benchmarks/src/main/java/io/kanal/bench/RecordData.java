package io.kanal.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The records both sides encode: the same keys, values and timestamps, generated from a fixed seed. Values are
 * text-like (words from a small vocabulary) so that lz4 and zstd have something to compress, as in real payloads.
 *
 * @param keys the keys, one per record
 * @param values the values, one per record
 * @param timestamps the timestamps, one per record
 */
public record RecordData(ByteBuffer[] keys, ByteBuffer[] values, long[] timestamps) {
    private static final String[] WORDS = {
        "order",
        "customer",
        "id",
        "amount",
        "EUR",
        "status",
        "shipped",
        "pending",
        "warehouse",
        "berlin",
        "lyon",
        "sku",
        "quantity",
        "price",
        "timestamp",
        "true",
        "false",
        "null",
        "region",
        "eu-west-1"
    };

    /** Batches of about 64 KiB uncompressed, like a busy producer with a large {@code batch.size}. */
    public static final int BATCH_BYTES = 64 * 1024;

    /**
     * Generates the records of one batch.
     *
     * @param valueSize bytes per value
     * @return the data, with as many records as fit in {@link #BATCH_BYTES}
     */
    public static RecordData generate(int valueSize) {
        int count = Math.max(1, BATCH_BYTES / valueSize);
        Random random = new Random(42);
        ByteBuffer[] keys = new ByteBuffer[count];
        ByteBuffer[] values = new ByteBuffer[count];
        long[] timestamps = new long[count];
        long now = 1_760_000_000_000L;
        for (int i = 0; i < count; i++) {
            keys[i] = ByteBuffer.wrap(("key-" + random.nextInt(100_000)).getBytes(StandardCharsets.UTF_8));
            byte[] value = new byte[valueSize];
            int at = 0;
            while (at < valueSize) {
                byte[] word = (WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? " " : random.nextInt(999)))
                        .getBytes(StandardCharsets.UTF_8);
                int n = Math.min(word.length, valueSize - at);
                System.arraycopy(word, 0, value, at, n);
                at += n;
            }
            values[i] = ByteBuffer.wrap(value);
            timestamps[i] = now + i;
        }
        return new RecordData(keys, values, timestamps);
    }
}
