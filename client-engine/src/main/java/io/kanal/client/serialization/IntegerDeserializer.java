package io.kanal.client.serialization;

import io.kanal.client.record.Header;
import java.nio.ByteBuffer;
import java.util.List;

/** Reads a big-endian 4-byte int, as Kafka's {@code IntegerSerializer} writes it; null stays null. Thread-safe. */
public final class IntegerDeserializer implements Deserializer<Integer> {
    /** Creates the deserializer. */
    public IntegerDeserializer() {}

    @Override
    public Integer deserialize(String topic, List<Header> headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.remaining() != Integer.BYTES) {
            throw new IllegalArgumentException("an int needs 4 bytes, got " + data.remaining());
        }
        return data.getInt(data.position());
    }
}
