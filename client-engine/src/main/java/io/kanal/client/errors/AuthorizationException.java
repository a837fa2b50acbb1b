package io.kanal.client.errors;

/** The principal may not perform the operation on the resource (topic, group, cluster, transactional id). */
public final class AuthorizationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public AuthorizationException(String message) {
        super(message, null, ErrorCategory.INVALID_CONFIGURATION, null);
    }

    /**
     * Creates an exception for a broker error code.
     *
     * @param message what went wrong, with the broker's message
     * @param error the broker error code
     */
    public AuthorizationException(String message, Errors error) {
        super(message, error, null);
    }

    /**
     * Creates an exception for a broker error code, with the failure it explains.
     *
     * @param message what went wrong, with the broker's message
     * @param error the broker error code, or null if the refusal carried none
     * @param cause the original failure
     */
    public AuthorizationException(String message, Errors error, Throwable cause) {
        super(message, error, error == null ? ErrorCategory.INVALID_CONFIGURATION : error.category(), cause);
    }
}
