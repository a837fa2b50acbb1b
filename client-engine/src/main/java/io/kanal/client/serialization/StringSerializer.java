package io.kanal.client.serialization;

import java.nio.charset.StandardCharsets;

/** Encodes strings as UTF-8 (Kafka's {@code StringSerializer} with its default encoding). Thread-safe. */
public final class StringSerializer implements Serializer<String> {
    /** Creates the serializer; it has no settings. */
    public StringSerializer() {}

    @Override
    public byte[] serialize(String topic, String data) {
        return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }
}
