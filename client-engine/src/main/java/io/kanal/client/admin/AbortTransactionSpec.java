package io.kanal.client.admin;

import io.kanal.client.TopicPartition;
import java.util.Objects;

/**
 * Which open transaction {@link AdminOperations#abortTransaction} aborts on one partition (KIP-664): the producer and
 * epoch the partition's leader knows it by, and the coordinator epoch the abort marker claims. Build it from
 * {@link AdminOperations#describeProducers} with {@link #forProducer}.
 *
 * @param topicPartition the partition with the hanging transaction
 * @param producerId the producer id of the transaction
 * @param producerEpoch the producer epoch of the transaction; the leader refuses an epoch older than the one it has
 * @param coordinatorEpoch the coordinator epoch to write in the marker; the leader refuses one older than the last
 *     marker's
 */
public record AbortTransactionSpec(
        TopicPartition topicPartition, long producerId, short producerEpoch, int coordinatorEpoch) {
    /** Validates the components. */
    public AbortTransactionSpec {
        Objects.requireNonNull(topicPartition, "topicPartition");
        if (producerId < 0) {
            throw new IllegalArgumentException("producerId must not be negative: " + producerId);
        }
        if (producerEpoch < 0) {
            throw new IllegalArgumentException("producerEpoch must not be negative: " + producerEpoch);
        }
        if (coordinatorEpoch < 0) {
            throw new IllegalArgumentException("coordinatorEpoch must not be negative: " + coordinatorEpoch);
        }
    }

    /**
     * The spec that aborts a producer's open transaction on a partition, as Kafka's {@code kafka-transactions.sh abort}
     * builds it: the producer's id and epoch, and its last coordinator epoch or 0 if it has none.
     *
     * @param topicPartition the partition the producer state was described on
     * @param producer the producer, from {@link AdminOperations#describeProducers}
     * @return the spec
     * @throws IllegalArgumentException if the producer has no open transaction on the partition, or an epoch beyond
     *     the protocol's int16
     */
    public static AbortTransactionSpec forProducer(TopicPartition topicPartition, ProducerState producer) {
        if (producer.currentTransactionStartOffset().isEmpty()) {
            throw new IllegalArgumentException(
                    "Producer " + producer.producerId() + " has no open transaction on " + topicPartition);
        }
        if (producer.producerEpoch() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("Producer epoch out of range: " + producer.producerEpoch());
        }
        return new AbortTransactionSpec(
                topicPartition,
                producer.producerId(),
                (short) producer.producerEpoch(),
                producer.coordinatorEpoch().orElse(0));
    }
}
