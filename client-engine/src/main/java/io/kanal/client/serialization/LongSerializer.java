package io.kanal.client.serialization;

/** Encodes a long as 8 big-endian bytes, as Kafka's {@code LongSerializer} does. Thread-safe. */
public final class LongSerializer implements Serializer<Long> {
    /** Creates the serializer; it has no settings. */
    public LongSerializer() {}

    @Override
    public byte[] serialize(String topic, Long data) {
        if (data == null) {
            return null;
        }
        long v = data;
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }
}
