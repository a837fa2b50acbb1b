package io.kanal.client.admin;

import java.util.List;
import java.util.UUID;

/**
 * A topic as the cluster metadata describes it.
 *
 * @param name the name
 * @param topicId the topic id
 * @param internal whether Kafka uses it internally
 * @param partitions the partitions, ordered by index
 */
public record TopicDescription(String name, UUID topicId, boolean internal, List<TopicPartitionInfo> partitions) {
    /** Copies the list. */
    public TopicDescription {
        partitions = List.copyOf(partitions);
    }
}
