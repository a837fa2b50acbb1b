package io.kanal.client.cluster;

import io.kanal.client.errors.Errors;
import java.util.List;
import java.util.UUID;

/**
 * What the metadata says about one topic.
 *
 * @param name the topic name
 * @param id the topic id
 * @param internal whether Kafka uses it internally (offsets, transactions)
 * @param error the error the broker reported for the topic, NONE if none
 * @param partitions the partitions, indexed by partition number
 */
public record TopicMetadata(String name, UUID id, boolean internal, Errors error, List<PartitionInfo> partitions) {
    /** Copies the list. */
    public TopicMetadata {
        partitions = List.copyOf(partitions);
    }
}
