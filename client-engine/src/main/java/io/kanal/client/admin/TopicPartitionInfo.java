package io.kanal.client.admin;

import io.kanal.client.cluster.Node;
import java.util.List;
import java.util.Optional;

/**
 * One partition of a {@link TopicDescription}.
 *
 * @param partition the partition index
 * @param leader the leader, empty if the partition has none now
 * @param leaderEpoch the leader epoch, -1 if unknown
 * @param replicas the replicas' node ids, preferred leader first
 * @param isr the in-sync replicas' node ids
 */
public record TopicPartitionInfo(
        int partition, Optional<Node> leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {
    /** Copies the lists. */
    public TopicPartitionInfo {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
