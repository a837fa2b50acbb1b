package io.kanal.api.source;

/**
 * Whether a source connector can decide where its transactions begin and end ({@code
 * transaction.boundary=connector}, KIP-618); Kafka Connect's enum of that name. Immutable; any thread.
 */
public enum ConnectorTransactionBoundaries {
    /** Its tasks commit and abort through {@link TransactionContext}. */
    SUPPORTED,
    /** The runtime decides the boundaries (per poll or per interval). */
    UNSUPPORTED
}
