package io.kanal.client.admin;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A producer that is active on a partition, as the partition's leader describes it (DescribeProducers): the
 * idempotence and transaction state the leader keeps per producer id.
 *
 * @param producerId the producer id
 * @param producerEpoch the latest epoch the leader saw from it
 * @param lastSequence the sequence number of its last record, -1 if unknown
 * @param lastTimestamp the timestamp of its last write (a record batch or a transaction marker), -1 if unknown
 * @param coordinatorEpoch the epoch of the transaction coordinator that wrote its last marker here, if any
 * @param currentTransactionStartOffset the offset of the first record of its open transaction on this partition, empty
 *     when it has none; an open transaction holds the partition's last stable offset at this offset
 */
public record ProducerState(
        long producerId,
        int producerEpoch,
        int lastSequence,
        long lastTimestamp,
        OptionalInt coordinatorEpoch,
        OptionalLong currentTransactionStartOffset) {
    /** Validates the components. */
    public ProducerState {
        Objects.requireNonNull(coordinatorEpoch, "coordinatorEpoch");
        Objects.requireNonNull(currentTransactionStartOffset, "currentTransactionStartOffset");
        if (producerId < 0) {
            throw new IllegalArgumentException("producerId must not be negative: " + producerId);
        }
    }
}
