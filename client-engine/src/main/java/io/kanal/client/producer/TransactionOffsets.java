package io.kanal.client.producer;

import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code sendOffsetsToTransaction} in progress: under transactions V1 the group joins the transaction through
 * AddOffsetsToTxn first; then TxnOffsetCommit goes to the group coordinator until every partition's offset is staged.
 * Sender loop only.
 */
final class TransactionOffsets {
    private final ConsumerGroupMetadata group;
    private final Map<TopicPartition, OffsetAndMetadata> requested;
    private final Map<TopicPartition, OffsetAndMetadata> remaining;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private boolean groupAdded;

    /**
     * Creates the operation.
     *
     * @param group the consumer's group metadata (KIP-447: the member and its generation or epoch)
     * @param offsets the offsets to commit with the transaction
     * @param groupAdded true under V2, where TxnOffsetCommit adds the group itself
     */
    TransactionOffsets(
            ConsumerGroupMetadata group, Map<TopicPartition, OffsetAndMetadata> offsets, boolean groupAdded) {
        this.group = group;
        this.requested = Map.copyOf(offsets);
        this.remaining = new HashMap<>(offsets);
        this.groupAdded = groupAdded;
    }

    ConsumerGroupMetadata group() {
        return group;
    }

    boolean groupAdded() {
        return groupAdded;
    }

    void groupWasAdded() {
        groupAdded = true;
    }

    /** The offsets still to stage, for the next TxnOffsetCommit. */
    Map<TopicPartition, OffsetAndMetadata> remaining() {
        return remaining;
    }

    /** Whether a call with these arguments asks for this same operation (a caller waiting again after a time-out). */
    boolean isSameAs(ConsumerGroupMetadata otherGroup, Map<TopicPartition, OffsetAndMetadata> offsets) {
        return group.equals(otherGroup) && requested.equals(offsets);
    }

    /**
     * Partitions whose offsets the group coordinator staged.
     *
     * @return true once none is left, the operation then being complete
     */
    boolean staged(Set<TopicPartition> partitions) {
        remaining.keySet().removeAll(partitions);
        if (remaining.isEmpty()) {
            done.complete(null);
            return true;
        }
        return false;
    }

    CompletableFuture<Void> future() {
        return done;
    }

    void fail(Throwable error) {
        done.completeExceptionally(error);
    }
}
