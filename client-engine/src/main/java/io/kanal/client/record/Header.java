package io.kanal.client.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A record header. When decoded from an uncompressed batch, the value is a read-only slice of the fetched buffer, valid
 * as long as that buffer is; copy it to keep it longer.
 *
 * @param key the header key, never null
 * @param value the header value, or {@code null}
 */
public record Header(String key, ByteBuffer value) {
    /** Rejects a null key: the wire format has no encoding for it. */
    public Header {
        if (key == null) {
            throw new IllegalArgumentException("header key must not be null");
        }
    }

    /**
     * Creates a header from a byte array value.
     *
     * @param key the header key
     * @param value the value, or {@code null}
     * @return the header, wrapping (not copying) the value
     */
    public static Header of(String key, byte[] value) {
        return new Header(key, value == null ? null : ByteBuffer.wrap(value));
    }

    /**
     * Creates a header from a UTF-8 string value.
     *
     * @param key the header key
     * @param value the value, or {@code null}
     * @return the header
     */
    public static Header of(String key, String value) {
        return of(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Copies the value out.
     *
     * @return a new array with the value's bytes, or {@code null}
     */
    public byte[] valueBytes() {
        return Record.copyOf(value);
    }
}
