package io.kanal.client.admin;

import java.util.Map;
import java.util.UUID;

/**
 * A topic the broker created (or, with {@code validateOnly}, would create), as the CreateTopics response describes it.
 *
 * @param name the name
 * @param topicId the topic id; the zero UUID for a validate-only request
 * @param numPartitions the partition count
 * @param replicationFactor the replication factor
 * @param configs the topic's effective configs that the broker returned, without sensitive values
 */
public record CreatedTopic(
        String name, UUID topicId, int numPartitions, short replicationFactor, Map<String, String> configs) {
    /** Copies the configs. */
    public CreatedTopic {
        configs = Map.copyOf(configs);
    }
}
