package io.kanal.api.source;

import java.util.Map;
import java.util.Optional;

/**
 * What a source task may ask of the runtime; Kafka Connect's {@code SourceTaskContext}. Thread-safe.
 */
public interface SourceTaskContext {

    /**
     * The task's configuration as the connector produced it.
     *
     * @return the configuration; unmodifiable
     */
    Map<String, String> configs();

    /**
     * Reads committed source offsets, so that {@code start} can resume.
     *
     * @return the reader
     */
    OffsetReader offsetReader();

    /**
     * The transaction controls, present only when exactly-once support is on and the connector defines its own
     * transaction boundaries ({@code transaction.boundary=connector}).
     *
     * @return the context, or empty
     */
    Optional<TransactionContext> transactionContext();
}
