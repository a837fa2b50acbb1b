package io.kanal.client.admin;

/**
 * What {@link AdminOperations#fenceProducers} did to one transactional id: its coordinator bumped the producer epoch,
 * so any producer still using an older epoch is fenced (its next transactional request fails with PRODUCER_FENCED)
 * and its open transaction, if any, was aborted.
 *
 * @param producerId the producer id now assigned to the transactional id
 * @param producerEpoch the new epoch: the one that fenced the others
 */
public record FencedProducer(long producerId, short producerEpoch) {
    /** Validates the components. */
    public FencedProducer {
        if (producerId < 0) {
            throw new IllegalArgumentException("producerId must not be negative: " + producerId);
        }
        if (producerEpoch < 0) {
            throw new IllegalArgumentException("producerEpoch must not be negative: " + producerEpoch);
        }
    }
}
