package io.kanal.client.cluster.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.PartitionInfo;
import io.kanal.client.cluster.TopicMetadata;
import io.kanal.client.errors.Errors;
import io.kanal.client.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns Metadata responses into snapshots. Stateless. */
final class MetadataResponses {
    private MetadataResponses() {}

    /**
     * Builds a snapshot from a response, keeping topics the response did not mention when only some were asked for.
     *
     * @param response the response
     * @param previous the snapshot it replaces
     * @param allTopics whether every topic was requested (then absent topics are dropped)
     * @param nowMs the time of the update, monotonic ms
     * @return the new snapshot
     */
    static MetadataSnapshot toSnapshot(
            MetadataResponse response, MetadataSnapshot previous, boolean allTopics, long nowMs) {
        Map<Integer, Node> brokers = new HashMap<>();
        for (MetadataResponse.MetadataResponseBroker b : response.brokers()) {
            brokers.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        Map<String, TopicMetadata> topics = allTopics ? new HashMap<>() : new HashMap<>(previous.topics());
        for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
            if (t.name() == null) {
                continue;
            }
            Errors error = Errors.forCode(t.errorCode());
            List<PartitionInfo> partitions = new ArrayList<>();
            List<MetadataResponse.MetadataResponsePartition> sorted = new ArrayList<>(t.partitions());
            sorted.sort((a, b) -> Integer.compare(a.partitionIndex(), b.partitionIndex()));
            for (MetadataResponse.MetadataResponsePartition p : sorted) {
                partitions.add(new PartitionInfo(
                        new TopicPartition(t.name(), p.partitionIndex()),
                        p.leaderId(),
                        p.leaderEpoch(),
                        p.replicaNodes(),
                        p.isrNodes(),
                        p.offlineReplicas()));
            }
            if (error == Errors.NONE || !topics.containsKey(t.name())) {
                topics.put(t.name(), new TopicMetadata(t.name(), t.topicId(), t.isInternal(), error, partitions));
            } else if (error != Errors.NONE) {
                TopicMetadata old = topics.get(t.name());
                topics.put(t.name(), new TopicMetadata(old.name(), old.id(), old.internal(), error, old.partitions()));
            }
        }
        return new MetadataSnapshot(response.clusterId(), response.controllerId(), brokers, topics, nowMs);
    }
}
