package io.kanal.api.sink;

import java.util.concurrent.CompletableFuture;

/**
 * Reports a record a sink task could not write, so that the errors policy handles it (dead letter queue, log, or
 * failing the task) instead of the task failing as a whole; Kafka Connect's {@code ErrantRecordReporter} (KIP-610).
 * Thread-safe.
 */
public interface ErrantRecordReporter {

    /**
     * Reports one record. The record's offset is not committed before the future completes.
     *
     * @param record the record, as {@code put} received it
     * @param error why it could not be written
     * @return completes when the report is durable (written to the dead letter queue, for example); completes
     *     exceptionally when the policy fails the task
     */
    CompletableFuture<Void> report(SinkRecord record, Throwable error);
}
