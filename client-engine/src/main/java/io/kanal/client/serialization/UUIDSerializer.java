package io.kanal.client.serialization;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Encodes a UUID as its 36-character string form in UTF-8, which is what Kafka's {@code UUIDSerializer} writes, so
 * that Kafka consumers read the same keys. Thread-safe.
 */
public final class UUIDSerializer implements Serializer<UUID> {
    /** Creates the serializer; it has no settings. */
    public UUIDSerializer() {}

    @Override
    public byte[] serialize(String topic, UUID data) {
        return data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
    }
}
