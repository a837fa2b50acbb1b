package io.kanal.client.errors;

/** A configuration value, or a combination of values, is invalid. The message names the key and what to change. */
public sealed class InvalidConfigException extends KafkaException permits NoOffsetForPartitionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public InvalidConfigException(String message) {
        super(message, null, ErrorCategory.INVALID_CONFIGURATION, null);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what is wrong and what to change
     * @param cause the underlying failure
     */
    public InvalidConfigException(String message, Throwable cause) {
        super(message, null, ErrorCategory.INVALID_CONFIGURATION, cause);
    }

    /**
     * Creates an exception for a broker error code.
     *
     * @param message what went wrong, with the broker's message
     * @param error the broker error code
     */
    public InvalidConfigException(String message, Errors error) {
        super(message, error, null);
    }
}
