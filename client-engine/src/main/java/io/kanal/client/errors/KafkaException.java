package io.kanal.client.errors;

import java.util.Optional;

/**
 * Root of every exception the Kanal client engine throws. Unchecked and sealed: the subtypes below are all there is,
 * and a caller decides from the subtype and the {@link #category()} what it can do, never from the message text. An
 * exception caused by a broker error code carries that code's {@link Errors} entry, and its category is the code's.
 *
 * <p>This package is the bottom of the engine: every other package may import it, and it imports nothing of the
 * engine's but the value types of {@code io.kanal.client}.
 */
public sealed class KafkaException extends RuntimeException
        permits AuthenticationException,
                AuthorizationException,
                BrokerErrorException,
                ClientClosedException,
                CommitFailedException,
                CompressionUnavailableException,
                InvalidConfigException,
                InvalidRecordException,
                LogTruncationException,
                ProducerFencedException,
                ProtocolException,
                RecordTooLargeException,
                RetriableException,
                TransactionAbortableException,
                TransactionAbortedException,
                UnsupportedVersionException,
                WakeupException {
    private static final long serialVersionUID = 1L;

    private final transient Errors error;
    private final ErrorCategory category;

    /**
     * Creates an exception with a message, for a failure that is not a broker error and that nothing will fix.
     *
     * @param message what went wrong, for a human reader
     */
    public KafkaException(String message) {
        this(message, null, ErrorCategory.FATAL, null);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what went wrong, for a human reader
     * @param cause the underlying failure
     */
    public KafkaException(String message, Throwable cause) {
        this(message, null, ErrorCategory.FATAL, cause);
    }

    /**
     * Creates an exception for a broker error code; its category is the code's.
     *
     * @param message what went wrong, with the broker's message
     * @param error the broker error code
     * @param cause the underlying failure, or null
     */
    KafkaException(String message, Errors error, Throwable cause) {
        this(message, error, error.category(), cause);
    }

    /**
     * Creates an exception with every detail.
     *
     * @param message what went wrong, for a human reader
     * @param error the broker error code, or null if none
     * @param category what a caller can do
     * @param cause the underlying failure, or null
     */
    KafkaException(String message, Errors error, ErrorCategory category, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.category = category;
    }

    /**
     * The broker error code behind this exception.
     *
     * @return the code, or empty if the failure did not come from a broker
     */
    public Optional<Errors> error() {
        return Optional.ofNullable(error);
    }

    /**
     * What a caller can do about it.
     *
     * @return the category
     */
    public ErrorCategory category() {
        return category;
    }
}
