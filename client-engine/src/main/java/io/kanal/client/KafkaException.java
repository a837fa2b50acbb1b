package io.kanal.client;

import io.kanal.client.protocol.Errors;
import java.util.Optional;

/**
 * Root of every exception the Kanal client engine throws. Unchecked: a caller decides from the subtype and the
 * {@link #category()} what it can do, never from the message text. An exception caused by a broker error code carries
 * that code's {@link Errors} entry.
 */
public class KafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Errors error;
    private final ErrorCategory category;

    /**
     * Creates an exception with a message.
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
     * Creates an exception with every detail.
     *
     * @param message what went wrong, for a human reader
     * @param error the broker error code, or null if none
     * @param category what a caller can do
     * @param cause the underlying failure, or null
     */
    protected KafkaException(String message, Errors error, ErrorCategory category, Throwable cause) {
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
