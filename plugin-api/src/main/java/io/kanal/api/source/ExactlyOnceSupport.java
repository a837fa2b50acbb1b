package io.kanal.api.source;

/** Whether a source connector can run with exactly-once delivery (KIP-618); Kafka Connect's enum of that name.
 * Immutable; any thread.
 */
public enum ExactlyOnceSupport {
    /** The connector's tasks can resume exactly where their last committed transaction ended. */
    SUPPORTED,
    /** The connector cannot promise that. */
    UNSUPPORTED
}
