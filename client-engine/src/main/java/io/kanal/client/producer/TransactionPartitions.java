package io.kanal.client.producer;

import io.kanal.client.TopicPartition;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The partitions of the open transaction. Under transactions V1 a partition joins through AddPartitionsToTxn before
 * its first batch may go: it waits in {@code toAdd}, travels in {@code adding}, and is {@code added} once the
 * coordinator agreed. Under V2 the Produce request adds it, so it is {@code added} as its first batch is sent. Sender
 * loop only.
 */
final class TransactionPartitions {
    private final Set<TopicPartition> added = new HashSet<>();
    private final Set<TopicPartition> toAdd = new LinkedHashSet<>();
    private Set<TopicPartition> adding = Set.of();

    /**
     * Under V1: whether the partition's batches may go; if not, asks for the partition to be added.
     *
     * @param tp the partition
     * @return whether it is in the transaction
     */
    boolean addedOrRequested(TopicPartition tp) {
        if (added.contains(tp)) {
            return true;
        }
        if (!adding.contains(tp)) {
            toAdd.add(tp);
        }
        return false;
    }

    /** Under V2: the Produce request that is being sent adds the partition. */
    void addedImplicitly(TopicPartition tp) {
        added.add(tp);
    }

    /** Whether no partition joined the transaction yet. */
    boolean noneAdded() {
        return added.isEmpty();
    }

    boolean hasToAdd() {
        return !toAdd.isEmpty();
    }

    boolean addInFlight() {
        return !adding.isEmpty();
    }

    /** Moves the partitions waiting to be added into the AddPartitionsToTxn about to be sent, and returns them. */
    Set<TopicPartition> startAdding() {
        adding = Set.copyOf(toAdd);
        toAdd.clear();
        return adding;
    }

    /** The coordinator added the partitions of the AddPartitionsToTxn in flight. */
    void addingSucceeded() {
        added.addAll(adding);
        adding = Set.of();
    }

    /** The AddPartitionsToTxn in flight failed: its partitions wait to be added again. */
    void addingFailed() {
        toAdd.addAll(adding);
        adding = Set.of();
    }

    /** The partitions of the AddPartitionsToTxn in flight, for error messages. */
    Set<TopicPartition> adding() {
        return adding;
    }

    /** The transaction can no longer commit: nothing more is added. */
    void stopAdding() {
        toAdd.clear();
    }

    void clear() {
        added.clear();
        toAdd.clear();
        adding = Set.of();
    }
}
