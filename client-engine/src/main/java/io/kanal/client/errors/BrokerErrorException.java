package io.kanal.client.errors;

/**
 * A broker refused a request with an error code that retrying will not fix and that has no more specific type here.
 * {@link #error()} and {@link #category()} say which error and what a caller can do.
 */
public final class BrokerErrorException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message the broker's message, or the table's default, with the error name
     * @param error the error code
     */
    public BrokerErrorException(String message, Errors error) {
        super(message, error, null);
    }
}
