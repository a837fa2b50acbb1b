package io.kanal.client.serialization;

/** Passes byte arrays through unchanged (Kafka's {@code ByteArraySerializer}). Stateless and thread-safe. */
public final class ByteArraySerializer implements Serializer<byte[]> {
    /** Creates the serializer; it has no settings. */
    public ByteArraySerializer() {}

    @Override
    public byte[] serialize(String topic, byte[] data) {
        return data;
    }
}
