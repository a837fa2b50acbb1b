package io.kanal.client.admin;

import java.util.Map;
import java.util.Objects;

/**
 * A topic to create.
 *
 * @param name the topic name; the broker validates it (legal characters, length) and reports INVALID_TOPIC_EXCEPTION
 * @param numPartitions the partition count, or -1 for the broker's {@code num.partitions}
 * @param replicationFactor the replication factor, or -1 for the broker's {@code default.replication.factor}
 * @param configs topic configs such as {@code cleanup.policy=compact}
 */
public record NewTopic(String name, int numPartitions, short replicationFactor, Map<String, String> configs) {
    /** Validates what the broker cannot (nulls, impossible counts) and copies the configs. */
    public NewTopic {
        Objects.requireNonNull(name, "name");
        if (numPartitions == 0 || numPartitions < -1) {
            throw new IllegalArgumentException(
                    "numPartitions must be positive or -1 (broker default): " + numPartitions);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new IllegalArgumentException(
                    "replicationFactor must be positive or -1 (broker default): " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }

    /**
     * A topic with the broker's default partition count and replication factor.
     *
     * @param name the name
     * @return the topic
     */
    public static NewTopic of(String name) {
        return new NewTopic(name, -1, (short) -1, Map.of());
    }

    /**
     * A topic with a partition count and replication factor.
     *
     * @param name the name
     * @param numPartitions the partition count
     * @param replicationFactor the replication factor
     * @return the topic
     */
    public static NewTopic of(String name, int numPartitions, int replicationFactor) {
        if (replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("replicationFactor too large: " + replicationFactor);
        }
        return new NewTopic(name, numPartitions, (short) replicationFactor, Map.of());
    }

    /**
     * This topic with configs.
     *
     * @param newConfigs the configs, replacing any set before
     * @return the topic
     */
    public NewTopic withConfigs(Map<String, String> newConfigs) {
        return new NewTopic(name, numPartitions, replicationFactor, newConfigs);
    }
}
