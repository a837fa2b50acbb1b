package io.kanal.client.errors;

/**
 * What a caller can do about a broker error, after KIP-1050. The engine handles {@link #RETRIABLE} and
 * {@link #REFRESH_RETRIABLE} itself until the operation times out; the other categories reach the caller at once.
 */
public enum ErrorCategory {
    /** Retry the same request after a back-off. */
    RETRIABLE,
    /** Refresh metadata (leader, coordinator) first, then retry. */
    REFRESH_RETRIABLE,
    /** Abort the current transaction; the producer stays usable. */
    ABORTABLE,
    /** The application must act (e.g. re-create a fenced producer, rejoin a group), then carry on. */
    APPLICATION_RECOVERABLE,
    /** A setting is wrong; fix the configuration. */
    INVALID_CONFIGURATION,
    /** Nothing will help without a code or permission change. */
    FATAL
}
