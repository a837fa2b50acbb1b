package io.kanal.client.serialization;

import io.kanal.client.record.Header;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns a key or value into bytes for a producer. Implementations must be thread-safe: a producer calls them on every
 * thread that sends.
 *
 * @param <T> the type serialized
 */
@FunctionalInterface
public interface Serializer<T> {
    /**
     * Serializes a value.
     *
     * @param topic the topic the record goes to
     * @param data the value, possibly null
     * @return the bytes, or null for a null value
     */
    byte[] serialize(String topic, T data);

    /**
     * Serializes a value that comes with headers; the default ignores the headers.
     *
     * @param topic the topic the record goes to
     * @param headers the record's headers
     * @param data the value, possibly null
     * @return the bytes, or null for a null value
     */
    default byte[] serialize(String topic, List<Header> headers, T data) {
        return serialize(topic, data);
    }

    /**
     * Serializes into a buffer whose bytes between position and limit are the serialized form. The producer copies
     * them into a record batch before {@code send} returns, so a serializer may hand out a view of memory it reuses
     * after that. The default wraps {@link #serialize(String, List, Object)}; serializers that already hold bytes
     * override it to avoid a copy.
     *
     * @param topic the topic the record goes to
     * @param headers the record's headers
     * @param data the value, possibly null
     * @return the bytes, or null for a null value
     */
    default ByteBuffer serializeToBuffer(String topic, List<Header> headers, T data) {
        byte[] bytes = serialize(topic, headers, data);
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }
}
