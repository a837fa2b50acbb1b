package io.kanal.client.cluster;

import io.kanal.client.TopicPartition;
import java.util.List;

/**
 * What the metadata says about one partition.
 *
 * @param partition the partition
 * @param leader the leader's node id, -1 if there is none
 * @param leaderEpoch the leader epoch, -1 if unknown
 * @param replicas the replica node ids
 * @param inSyncReplicas the in-sync replica node ids
 * @param offlineReplicas the offline replica node ids
 */
public record PartitionInfo(
        TopicPartition partition,
        int leader,
        int leaderEpoch,
        List<Integer> replicas,
        List<Integer> inSyncReplicas,
        List<Integer> offlineReplicas) {
    /** Copies the lists. */
    public PartitionInfo {
        replicas = List.copyOf(replicas);
        inSyncReplicas = List.copyOf(inSyncReplicas);
        offlineReplicas = List.copyOf(offlineReplicas);
    }

    /**
     * The same partition with another leader.
     *
     * @param newLeader the leader's node id
     * @param newEpoch the leader epoch
     * @return the updated info
     */
    public PartitionInfo withLeader(int newLeader, int newEpoch) {
        return new PartitionInfo(partition, newLeader, newEpoch, replicas, inSyncReplicas, offlineReplicas);
    }
}
