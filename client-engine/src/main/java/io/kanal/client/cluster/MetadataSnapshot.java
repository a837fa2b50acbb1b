package io.kanal.client.cluster;

import io.kanal.client.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An immutable view of the cluster at one moment: brokers, topics with ids, partitions with leaders and epochs. The
 * metadata manager swaps whole snapshots atomically; a reader never sees a half-applied update.
 *
 * @param clusterId the cluster id, or null before the first response
 * @param controllerId the controller's node id, -1 if unknown
 * @param brokers the brokers by node id
 * @param topics the topics by name
 * @param updatedAtMs when the snapshot was built, in monotonic ms
 */
public record MetadataSnapshot(
        String clusterId,
        int controllerId,
        Map<Integer, Node> brokers,
        Map<String, TopicMetadata> topics,
        long updatedAtMs) {

    /** Copies the maps. */
    public MetadataSnapshot {
        brokers = Map.copyOf(brokers);
        topics = Map.copyOf(topics);
    }

    /**
     * The snapshot before any metadata has arrived.
     *
     * @return an empty snapshot
     */
    public static MetadataSnapshot empty() {
        return new MetadataSnapshot(null, -1, Map.of(), Map.of(), 0);
    }

    /**
     * A broker by id.
     *
     * @param id the node id
     * @return the broker, if known
     */
    public Optional<Node> node(int id) {
        return Optional.ofNullable(brokers.get(id));
    }

    /**
     * A topic by name.
     *
     * @param topic the name
     * @return the topic, if known
     */
    public Optional<TopicMetadata> topic(String topic) {
        return Optional.ofNullable(topics.get(topic));
    }

    /**
     * A topic's name from its id.
     *
     * @param id the topic id
     * @return the name, if the topic is known
     */
    public Optional<String> topicName(UUID id) {
        for (TopicMetadata t : topics.values()) {
            if (t.id().equals(id)) {
                return Optional.of(t.name());
            }
        }
        return Optional.empty();
    }

    /**
     * A partition's info.
     *
     * @param tp the partition
     * @return the info, if known
     */
    public Optional<PartitionInfo> partition(TopicPartition tp) {
        TopicMetadata t = topics.get(tp.topic());
        if (t == null || tp.partition() >= t.partitions().size()) {
            return Optional.empty();
        }
        return Optional.of(t.partitions().get(tp.partition()));
    }

    /**
     * The current leader of a partition.
     *
     * @param tp the partition
     * @return the leader, if the partition and its leader are known
     */
    public Optional<Node> leader(TopicPartition tp) {
        return partition(tp).flatMap(p -> node(p.leader()));
    }

    /**
     * A copy with one partition's leader replaced, for leader hints carried by responses (KIP-951).
     *
     * @param tp the partition
     * @param leader the new leader's node id
     * @param epoch the new leader epoch; ignored unless newer than the known one
     * @param leaderNode the leader's address, when the response carried it
     * @return the updated snapshot, or this one if nothing changed
     */
    public MetadataSnapshot withLeader(TopicPartition tp, int leader, int epoch, Node leaderNode) {
        TopicMetadata t = topics.get(tp.topic());
        if (t == null || tp.partition() >= t.partitions().size()) {
            return this;
        }
        PartitionInfo p = t.partitions().get(tp.partition());
        if (epoch <= p.leaderEpoch()) {
            return this;
        }
        List<PartitionInfo> parts = new ArrayList<>(t.partitions());
        parts.set(tp.partition(), p.withLeader(leader, epoch));
        Map<String, TopicMetadata> newTopics = new HashMap<>(topics);
        newTopics.put(t.name(), new TopicMetadata(t.name(), t.id(), t.internal(), t.error(), parts));
        Map<Integer, Node> newBrokers = brokers;
        if (leaderNode != null && !leaderNode.equals(brokers.get(leader))) {
            newBrokers = new HashMap<>(brokers);
            newBrokers.put(leader, leaderNode);
        }
        return new MetadataSnapshot(clusterId, controllerId, newBrokers, newTopics, updatedAtMs);
    }

    /**
     * Every broker.
     *
     * @return the brokers
     */
    public Collection<Node> nodes() {
        return brokers.values();
    }
}
