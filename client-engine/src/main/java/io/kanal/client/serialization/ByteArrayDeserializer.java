package io.kanal.client.serialization;

import io.kanal.client.record.Header;
import java.nio.ByteBuffer;
import java.util.List;

/** Copies the bytes into a new array; null stays null. Stateless and thread-safe. */
public final class ByteArrayDeserializer implements Deserializer<byte[]> {
    /** Creates the deserializer. */
    public ByteArrayDeserializer() {}

    @Override
    public byte[] deserialize(String topic, List<Header> headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(data.position(), bytes);
        return bytes;
    }
}
