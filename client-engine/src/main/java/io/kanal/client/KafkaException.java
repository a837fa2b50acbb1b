package io.kanal.client;

/**
 * Root of every exception the Kanal client engine throws. Unchecked: a caller decides from the subtype what it can
 * do, not from the message text.
 */
public class KafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, for a human reader
     */
    public KafkaException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what went wrong, for a human reader
     * @param cause the underlying failure
     */
    public KafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
