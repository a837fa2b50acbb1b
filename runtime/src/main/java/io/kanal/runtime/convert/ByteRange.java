package io.kanal.runtime.convert;

import java.util.Arrays;

/**
 * A range of bytes used as a cache key by content: the JSON text of a schema as it appears in a message, so that a
 * schema seen before is found without parsing it. A key for lookups points into the message; {@link #copy()} makes
 * the key that is stored. Immutable once built (the bytes it points to must not change while it is used).
 */
final class ByteRange {

    private final byte[] bytes;
    private final int from;
    private final int to;
    private final int hash;

    ByteRange(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        this.hash = h;
    }

    private ByteRange(byte[] bytes, int hash) {
        this.bytes = bytes;
        this.from = 0;
        this.to = bytes.length;
        this.hash = hash;
    }

    /** A key holding its own copy of the bytes, safe to keep after the message is gone. */
    ByteRange copy() {
        return new ByteRange(Arrays.copyOfRange(bytes, from, to), hash);
    }

    /** Whether this range holds the same bytes as {@code other[otherFrom, otherTo)}. */
    boolean sameBytes(byte[] other, int otherFrom, int otherTo) {
        return Arrays.equals(bytes, from, to, other, otherFrom, otherTo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteRange other && hash == other.hash && other.sameBytes(bytes, from, to);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
