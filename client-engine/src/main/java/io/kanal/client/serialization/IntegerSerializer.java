package io.kanal.client.serialization;

/** Encodes an int as 4 big-endian bytes, as Kafka's {@code IntegerSerializer} does. Thread-safe. */
public final class IntegerSerializer implements Serializer<Integer> {
    /** Creates the serializer; it has no settings. */
    public IntegerSerializer() {}

    @Override
    public byte[] serialize(String topic, Integer data) {
        if (data == null) {
            return null;
        }
        int v = data;
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
