package io.kanal.client.serialization;

import io.kanal.client.record.Header;
import java.nio.ByteBuffer;
import java.util.List;

/** Reads a big-endian 8-byte long, as Kafka's {@code LongSerializer} writes it; null stays null. Thread-safe. */
public final class LongDeserializer implements Deserializer<Long> {
    /** Creates the deserializer. */
    public LongDeserializer() {}

    @Override
    public Long deserialize(String topic, List<Header> headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.remaining() != Long.BYTES) {
            throw new IllegalArgumentException("a long needs 8 bytes, got " + data.remaining());
        }
        return data.getLong(data.position());
    }
}
