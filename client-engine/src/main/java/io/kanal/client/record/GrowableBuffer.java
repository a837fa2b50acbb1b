package io.kanal.client.record;

import java.nio.ByteBuffer;

/**
 * A write cursor over a ByteBuffer that reallocates (doubling) when a write would not fit. Writes go at the position;
 * the limit bounds the writable area of the buffer the caller supplied. Owned by one writer thread.
 */
final class GrowableBuffer {
    private ByteBuffer buffer;

    GrowableBuffer(ByteBuffer initial) {
        this.buffer = initial;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    void reset(ByteBuffer initial) {
        this.buffer = initial;
    }

    /** Makes room for {@code bytes} more bytes, copying into a larger buffer if needed. */
    void ensureRemaining(int bytes) {
        if (buffer.remaining() >= bytes) {
            return;
        }
        long needed = (long) buffer.position() + bytes;
        long doubled = Math.max(64L, 2L * buffer.capacity());
        long capacity = Math.max(needed, Math.min(doubled, Integer.MAX_VALUE - 8));
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("A record batch cannot exceed 2 GiB");
        }
        ByteBuffer grown =
                buffer.isDirect() ? ByteBuffer.allocateDirect((int) capacity) : ByteBuffer.allocate((int) capacity);
        grown.put(0, buffer, 0, buffer.position());
        grown.position(buffer.position());
        buffer = grown;
    }
}
