package io.kanal.client.producer;

import io.kanal.client.record.Header;
import java.util.List;
import java.util.Objects;

/**
 * A record to send.
 *
 * @param topic the topic, required
 * @param partition the partition, or null to let the partitioner choose (murmur2 of the key, or sticky when keyless)
 * @param timestamp the CreateTime in ms since the epoch, or null for the time of {@code send}
 * @param key the key, or null
 * @param value the value, or null (a tombstone on compacted topics)
 * @param headers the headers, never null
 * @param <K> the key type
 * @param <V> the value type
 */
public record ProducerRecord<K, V>(
        String topic, Integer partition, Long timestamp, K key, V value, List<Header> headers) {
    /** Validates the components and copies the headers. */
    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp must not be negative: " + timestamp);
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /**
     * A keyless record.
     *
     * @param topic the topic
     * @param value the value
     * @param <K> the key type
     * @param <V> the value type
     * @return the record
     */
    public static <K, V> ProducerRecord<K, V> of(String topic, V value) {
        return new ProducerRecord<>(topic, null, null, null, value, List.of());
    }

    /**
     * A keyed record.
     *
     * @param topic the topic
     * @param key the key
     * @param value the value
     * @param <K> the key type
     * @param <V> the value type
     * @return the record
     */
    public static <K, V> ProducerRecord<K, V> of(String topic, K key, V value) {
        return new ProducerRecord<>(topic, null, null, key, value, List.of());
    }
}
