package io.kanal.client.serialization;

import io.kanal.client.record.Header;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Serializes the bytes between a buffer's position and limit, without moving the position (unlike Kafka's
 * {@code ByteBufferSerializer} of old, which rewound). Stateless and thread-safe.
 */
public final class ByteBufferSerializer implements Serializer<ByteBuffer> {
    /** Creates the serializer; it has no settings. */
    public ByteBufferSerializer() {}

    @Override
    public byte[] serialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray() && data.arrayOffset() == 0 && data.position() == 0 && data.remaining() == data.capacity()) {
            return data.array();
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }

    @Override
    public ByteBuffer serializeToBuffer(String topic, List<Header> headers, ByteBuffer data) {
        return data == null ? null : data.duplicate();
    }
}
