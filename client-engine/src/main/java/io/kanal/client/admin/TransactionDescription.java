package io.kanal.client.admin;

import io.kanal.client.TopicPartition;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A transactional id as its transaction coordinator describes it (DescribeTransactions).
 *
 * @param coordinatorId the broker id of the transaction coordinator that answered
 * @param state the state of the transaction
 * @param producerId the producer id assigned to the transactional id
 * @param producerEpoch the current producer epoch
 * @param transactionTimeoutMs the transaction timeout the producer asked for
 * @param transactionStartTimeMs when the open transaction started (ms since the epoch), empty when none is open
 * @param topicPartitions the partitions in the open transaction; while it is being committed or aborted, only those
 *     still without a marker
 */
public record TransactionDescription(
        int coordinatorId,
        TransactionState state,
        long producerId,
        int producerEpoch,
        long transactionTimeoutMs,
        OptionalLong transactionStartTimeMs,
        Set<TopicPartition> topicPartitions) {
    /** Validates the components and copies the set. */
    public TransactionDescription {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(transactionStartTimeMs, "transactionStartTimeMs");
        topicPartitions = Set.copyOf(topicPartitions);
        if (transactionTimeoutMs < 0) {
            throw new IllegalArgumentException("transactionTimeoutMs must not be negative: " + transactionTimeoutMs);
        }
    }
}
