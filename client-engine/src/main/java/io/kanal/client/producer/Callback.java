package io.kanal.client.producer;

/**
 * Told once when a record sent with {@link Producer#send(ProducerRecord, Callback)} is acknowledged or fails. Runs on
 * the producer's sender thread (as Kafka's callbacks do): it must be quick and must not block, or it delays every
 * other record of the producer; hand slow work to an executor.
 */
@FunctionalInterface
public interface Callback {
    /**
     * Called with the outcome.
     *
     * @param metadata where the record landed, or null if it failed
     * @param exception why it failed, or null if it succeeded
     */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
