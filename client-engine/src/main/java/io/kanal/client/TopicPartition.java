package io.kanal.client;

import java.util.Objects;

/**
 * A partition of a topic.
 *
 * @param topic the topic name
 * @param partition the partition index, from 0
 */
public record TopicPartition(String topic, int partition) {
    /** Validates the components. */
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
