package io.kanal.client.producer;

import io.kanal.client.record.RecordBatchRewriter;

/**
 * The sequence numbers of an idempotent producer's batches: when a partition's next batch may go, and the producer id,
 * epoch and base sequence it carries. Sender loop only, like the partition state it updates.
 */
final class Sequencer {
    private final ProducerSettings settings;
    private final ProducerIdentity identity;

    Sequencer(ProducerSettings settings, ProducerIdentity identity) {
        this.settings = settings;
        this.identity = identity;
    }

    /**
     * Whether the partition's first batch may go now, by the ordering rules of the reference §3.1 (Kafka's
     * {@code shouldStopDrainBatchesForPartition}); restarts the partition's sequences once nothing it sent under an
     * older producer id or epoch is in flight.
     *
     * @param pb the partition
     * @param head its first batch
     * @return true if it may be sent
     */
    boolean allows(PartitionBuffer pb, ProducerBatch head) {
        if (!settings.idempotent()) {
            // A retry goes alone so that it cannot overtake or be overtaken.
            return head.attempts == 0 || pb.inFlight == 0;
        }
        if (pb.sequenceProducerId != identity.producerId() || pb.sequenceEpoch != identity.epoch()) {
            if (pb.inFlight > 0) {
                return false;
            }
            pb.sequenceProducerId = identity.producerId();
            pb.sequenceEpoch = identity.epoch();
            pb.nextSequence = 0;
            pb.lastAckedSequence = -1;
        }
        if (head.attempts > 0) {
            // A retried batch goes only as the first in flight: one request per partition until it is through.
            return pb.inFlight == 0;
        }
        if (pb.lastAckedSequence < 0) {
            // A broker with no state for this producer on the partition accepts any first sequence: a later batch
            // that arrived before an earlier one failed would be taken, and the earlier one could then never be.
            // Until the first acknowledgement under this epoch, one batch at a time.
            return pb.inFlight == 0;
        }
        return pb.inFlight < settings.maxInFlight();
    }

    /** Stamps a batch about to be sent with the producer id, epoch and its base sequence, once per epoch. */
    void stamp(ProducerBatch b) {
        if (!settings.idempotent()) {
            return;
        }
        PartitionBuffer pb = b.owner;
        if (b.hasSequence() && b.producerId == pb.sequenceProducerId && b.producerEpoch == pb.sequenceEpoch) {
            return;
        }
        b.producerId = identity.producerId();
        b.producerEpoch = identity.epoch();
        b.baseSequence = pb.nextSequence;
        // Sequences wrap at Integer.MAX_VALUE, as the broker expects.
        long next = (long) pb.nextSequence + b.recordCount();
        pb.nextSequence = (int) (next > Integer.MAX_VALUE ? next - Integer.MAX_VALUE - 1 : next);
        RecordBatchRewriter.setProducerState(b.records, b.producerId, b.producerEpoch, b.baseSequence);
    }
}
