package io.kanal.runtime.convert;

import java.util.Arrays;

/**
 * The member names of schemaless JSON objects, decoded once and shared: records of a topic repeat the same names,
 * so a name seen before costs a byte comparison instead of a UTF-8 decode, a new {@code String} and its hash code
 * (a cached {@code String} keeps its hash, which the map it goes into needs).
 *
 * <p>Direct-mapped: a name's bytes pick one slot, a hit must match those bytes exactly, and a miss replaces the slot.
 * It only takes names that are plain ASCII without escapes, for which the bytes are the characters, and a hit
 * compares all the bytes (the first eight as one word, with the length), so it can never return a different name. Bounded ({@value #SLOTS} slots of names up to {@value #MAX_LENGTH} bytes), so
 * names that never repeat (map keys that are ids) cost one small entry each and push out nothing that matters for
 * long.
 *
 * <p>Threading: shared by all threads of a converter without locking. A slot holds an immutable entry whose fields
 * are final, so a thread that reads a slot another thread is writing sees either the old entry or the new one, both
 * complete; a lost update only costs a later miss.
 */
final class JsonKeyCache {

    /** The number of slots; a power of two. */
    static final int SLOTS = 512;

    /** Longer names are decoded every time: they rarely repeat and comparing them costs about as much. */
    static final int MAX_LENGTH = 48;

    private final Entry[] slots = new Entry[SLOTS];

    /**
     * A cached name: its first (up to) eight bytes packed as in {@link #head}, its length, all its bytes, and the
     * name. For names of at most eight bytes the head alone identifies them.
     */
    private record Entry(long head, int length, byte[] bytes, String name) {}

    /**
     * The name whose UTF-8 bytes are {@code buf[from..to)}, which must be plain ASCII without escapes.
     *
     * @return a string equal to those bytes read as ASCII; the same instance for the same bytes while cached
     */
    // The ASCII-only constructor is deprecated for its misuse with non-ASCII bytes; these bytes are ASCII by the
    // contract above, and that constructor copies them several times faster than the Charset one.
    @SuppressWarnings("deprecation")
    String name(byte[] buf, int from, int to) {
        int length = to - from;
        if (length > MAX_LENGTH) {
            return new String(buf, 0, from, length);
        }
        long head = head(buf, from, to);
        // The last eight bytes too, so that long names sharing a prefix (customer_id, customer_no) spread.
        long tail = length > 8 ? JsonBytes.word(buf, to - 8) : 0;
        int slot = spread(head, tail, length) & (SLOTS - 1);
        Entry entry = slots[slot];
        if (entry != null
                && entry.head == head
                && entry.length == length
                && (length <= 8 || Arrays.equals(entry.bytes, 8, length, buf, from + 8, to))) {
            return entry.name;
        }
        String name = new String(buf, 0, from, length);
        slots[slot] = new Entry(head, length, Arrays.copyOfRange(buf, from, to), name);
        return name;
    }

    /** The first eight bytes of {@code buf[from..to)} (fewer, zero-padded, for a shorter range), little-endian. */
    static long head(byte[] buf, int from, int to) {
        int length = to - from;
        if (from + 8 <= buf.length) {
            long word = JsonBytes.word(buf, from);
            return length >= 8 ? word : word & ((1L << (length << 3)) - 1);
        }
        long word = 0;
        for (int i = Math.min(to, from + 8) - 1; i >= from; i--) {
            word = (word << 8) | (buf[i] & 0xFF);
        }
        return word;
    }

    private static int spread(long head, long tail, int length) {
        long h = (head ^ Long.rotateLeft(tail, 29) ^ length) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32);
    }
}
