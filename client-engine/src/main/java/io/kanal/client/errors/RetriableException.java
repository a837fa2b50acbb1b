package io.kanal.client.errors;

/**
 * A failure that may go away if the operation is tried again: a broker that is not the leader any more, a connection
 * that dropped, a coordinator that is loading. The engine has already retried with back-off until the operation's own
 * timeout when a caller sees this.
 */
public sealed class RetriableException extends KafkaException permits NetworkException, TimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public RetriableException(String message) {
        super(message, null, ErrorCategory.RETRIABLE, null);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RetriableException(String message, Throwable cause) {
        super(message, null, ErrorCategory.RETRIABLE, cause);
    }

    /**
     * Creates an exception for a retriable broker error; its category (RETRIABLE or REFRESH_RETRIABLE) is the code's.
     *
     * @param message what went wrong
     * @param error the broker error code
     */
    public RetriableException(String message, Errors error) {
        super(message, error, null);
    }
}
