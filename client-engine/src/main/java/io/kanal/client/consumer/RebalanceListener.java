package io.kanal.client.consumer;

import io.kanal.client.TopicPartition;
import java.util.Collection;

/**
 * Told when the group moves partitions to or from this consumer. Every method runs on the application thread, inside
 * {@link Consumer#poll}, {@link Consumer#unsubscribe} or {@link Consumer#close}; it may call the consumer (commit,
 * seek, position). Revocations always come before the assignments of the same rebalance.
 */
public interface RebalanceListener {
    /** A listener that does nothing. */
    RebalanceListener NONE = new RebalanceListener() {};

    /**
     * Partitions are taken away in an orderly way: commit what was processed now. Called (possibly with an empty
     * set) before the assignment of every rebalance.
     *
     * @param partitions the revoked partitions
     */
    default void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

    /**
     * Partitions were added. Called after every reconciliation, possibly with an empty set.
     *
     * @param partitions the added partitions
     */
    default void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

    /**
     * Partitions were lost: the member was fenced or expired, another member may already own them, so committing is
     * pointless. By default treated as a revocation.
     *
     * @param partitions the lost partitions
     */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
