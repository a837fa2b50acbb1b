package io.kanal.runtime.membership.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the primitives of Connect's group protocol (Kafka's classic, non-flexible types: big-endian integers,
 * int16-length strings, int32-length bytes and arrays) into a growing array. The messages are small (a few KiB for a
 * large assignment), so growing beats computing sizes twice.
 *
 * <p>Not thread-safe: one writer builds one message on one thread.
 */
final class ConnectWireWriter {
    private byte[] bytes = new byte[64];
    private int size;

    void writeInt16(short value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    void writeInt32(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    void writeInt64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    /** A non-nullable string; Kafka refuses (at write time) one longer than an int16 length can say. */
    void writeString(String value, String field) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("Connect protocol field '" + field + "': string length " + utf8.length
                    + " is larger than the maximum string length " + Short.MAX_VALUE);
        }
        writeInt16((short) utf8.length);
        writeRaw(utf8);
    }

    /** Nullable bytes: length -1 for null. */
    void writeNullableBytes(ByteBuffer value) {
        if (value == null) {
            writeInt32(-1);
            return;
        }
        ByteBuffer view = value.duplicate();
        writeInt32(view.remaining());
        ensure(view.remaining());
        int n = view.remaining();
        view.get(bytes, size, n);
        size += n;
    }

    private void writeRaw(byte[] raw) {
        ensure(raw.length);
        System.arraycopy(raw, 0, bytes, size, raw.length);
        size += raw.length;
    }

    private void ensure(int more) {
        if (bytes.length - size < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    /** The bytes written, in a buffer of exactly that size (as Connect allocates it), ready to read. */
    ByteBuffer toBuffer() {
        return ByteBuffer.wrap(Arrays.copyOf(bytes, size));
    }
}
