package io.kanal.client.producer;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.producer.TransactionRequestSlot.Request;
import io.kanal.client.producer.TransactionRequestSlot.Target;
import io.kanal.client.protocol.ApiKey;
import java.util.Set;

/**
 * What the current transaction of a {@link TransactionStateMachine} has done so far: whether it runs under transactions
 * V2, which partitions joined it, the {@code sendOffsetsToTransaction} in progress, whether the coordinator may hold it
 * open, whether EndTxn was sent, and whether its abort must bump the epoch. Cleared when a transaction begins or ends.
 * Sender loop only, like the machine that owns it.
 */
final class CurrentTransaction {
    final TransactionPartitions partitions = new TransactionPartitions();
    TransactionOffsets offsets;
    boolean v2;
    boolean epochBumpRequired;
    // Whether the coordinator may hold an open transaction, which only EndTxn or an epoch bump ends. Under V1 (as in
    // Kafka's client) once AddPartitionsToTxn or AddOffsetsToTxn succeeded: records and offsets go only after that,
    // and an EndTxn for a transaction the coordinator does not have is refused as INVALID_TXN_STATE. Under V2 as soon
    // as a Produce or TxnOffsetCommit is sent, whatever its outcome: it may have started one, and the coordinator
    // accepts an abort of a transaction it does not have (it bumps the epoch).
    boolean started;
    // Whether EndTxn (or the abort's epoch bump) was sent: no batch may go any more in this transaction.
    boolean endSent;

    /** A batch of the partition is being sent: under V2 the Produce request adds the partition to the transaction. */
    void produced(TopicPartition tp) {
        if (v2) {
            partitions.addedImplicitly(tp);
            started = true;
        }
    }

    /** The AddPartitionsToTxn in flight failed; returns its partitions, which wait to be added again. */
    Set<TopicPartition> partitionsNotAdded() {
        Set<TopicPartition> notAdded = partitions.adding();
        partitions.addingFailed();
        return notAdded;
    }

    void partitionsAdded() {
        partitions.addingSucceeded();
        started = true;
    }

    void offsetsAdded() {
        started = true;
        if (offsets != null) {
            offsets.groupWasAdded();
        }
    }

    /** Partitions of the TxnOffsetCommit that the group coordinator staged. */
    void offsetsCommitted(Set<TopicPartition> staged) {
        if (offsets != null && offsets.staged(staged)) {
            offsets = null;
        }
    }

    /** Whether a sendOffsetsToTransaction still waits for offsets to be staged. */
    boolean offsetsInProgress() {
        return offsets != null;
    }

    /** The next request of the sendOffsetsToTransaction in progress: AddOffsetsToTxn (V1), then TxnOffsetCommit. */
    Request offsetsRequest(
            TransactionRequestSlot slot, Target coordinator, String transactionalId, long pid, short epoch) {
        if (!offsets.groupAdded()) {
            return slot.request(
                    coordinator,
                    ApiKey.ADD_OFFSETS_TO_TXN,
                    (short) 0,
                    ApiKey.ADD_OFFSETS_TO_TXN.highestVersion(),
                    TransactionRequests.addOffsets(
                            transactionalId, pid, epoch, offsets.group().groupId()));
        }
        started |= v2;
        short min = v2 ? TransactionRequests.TXN_OFFSET_COMMIT_V2 : TransactionRequests.TXN_OFFSET_COMMIT_MIN;
        short max = v2 ? TransactionRequests.TXN_OFFSET_COMMIT_V2 : TransactionRequests.TXN_OFFSET_COMMIT_V1_MAX;
        return slot.request(
                new Target(CoordinatorType.GROUP, offsets.group().groupId()),
                ApiKey.TXN_OFFSET_COMMIT,
                min,
                max,
                TransactionRequests.txnOffsetCommit(transactionalId, pid, epoch, offsets.group(), offsets.remaining()));
    }

    void failOffsets(Throwable e) {
        if (offsets != null) {
            offsets.fail(e);
            offsets = null;
        }
    }

    void reset() {
        partitions.clear();
        started = false;
        endSent = false;
        epochBumpRequired = false;
        offsets = null;
    }
}
