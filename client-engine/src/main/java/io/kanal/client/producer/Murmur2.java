package io.kanal.client.producer;

import java.nio.ByteBuffer;

/**
 * MurmurHash2, 32-bit, with the seed the Java client uses, so that a keyed record lands on the partition every Kafka
 * client would choose ({@code (hash & 0x7fffffff) % partitions}). Reads the bytes between position and limit without
 * moving them.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {}

    /**
     * Hashes the remaining bytes of a buffer.
     *
     * @param data the key bytes
     * @return the 32-bit hash
     */
    public static int hash(ByteBuffer data) {
        int start = data.position();
        int length = data.remaining();
        int h = SEED ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int at = start + (i << 2);
            int k = (data.get(at) & 0xff)
                    | (data.get(at + 1) & 0xff) << 8
                    | (data.get(at + 2) & 0xff) << 16
                    | (data.get(at + 3) & 0xff) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = start + (blocks << 2);
        int rest = length & 3;
        if (rest > 0) {
            // The 1 to 3 trailing bytes, highest first, as MurmurHash2 mixes them.
            if (rest == 3) {
                h ^= (data.get(tail + 2) & 0xff) << 16;
            }
            if (rest >= 2) {
                h ^= (data.get(tail + 1) & 0xff) << 8;
            }
            h ^= data.get(tail) & 0xff;
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /**
     * The partition Kafka's default partitioner picks for a key.
     *
     * @param key the serialized key
     * @param partitions the topic's partition count
     * @return the partition
     */
    public static int partition(ByteBuffer key, int partitions) {
        return (hash(key) & 0x7fffffff) % partitions;
    }
}
