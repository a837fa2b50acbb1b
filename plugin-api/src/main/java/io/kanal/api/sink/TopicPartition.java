package io.kanal.api.sink;

import java.util.Objects;

/**
 * A partition of a Kafka topic, as sink tasks see them. Immutable; any thread.
 *
 * @param topic the topic
 * @param partition the partition number, zero or more
 */
public record TopicPartition(String topic, int partition) {

    /** Checks the fields. */
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be zero or more, got " + partition);
        }
    }

    /** @return {@code topic-partition}, as Kafka writes it */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
