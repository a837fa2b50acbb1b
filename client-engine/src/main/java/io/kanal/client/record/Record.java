package io.kanal.client.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One record of a batch, decoded. For an uncompressed batch the key, the value and the header values are read-only
 * slices of the buffer the batch was read from (no copy): they stay valid as long as that buffer is not reused. For a
 * compressed batch they are slices of the decompressed bytes.
 *
 * @param offset the absolute offset: the batch's base offset plus the record's offset delta
 * @param timestamp the record timestamp; for a LogAppendTime batch, the batch's max timestamp
 * @param key the key, or {@code null}
 * @param value the value, or {@code null}
 * @param headers the headers, never null
 */
public record Record(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {

    /**
     * Returns the key length.
     *
     * @return bytes in the key, or -1 for a null key
     */
    public int keySize() {
        return key == null ? -1 : key.remaining();
    }

    /**
     * Returns the value length.
     *
     * @return bytes in the value, or -1 for a null value
     */
    public int valueSize() {
        return value == null ? -1 : value.remaining();
    }

    /**
     * Copies the key out.
     *
     * @return a new array, or {@code null}
     */
    public byte[] keyBytes() {
        return copyOf(key);
    }

    /**
     * Copies the value out.
     *
     * @return a new array, or {@code null}
     */
    public byte[] valueBytes() {
        return copyOf(value);
    }

    static byte[] copyOf(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(buffer.position(), bytes);
        return bytes;
    }
}
