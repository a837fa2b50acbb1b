package io.kanal.client.errors;

/**
 * Bytes that do not follow the Kafka protocol: a malformed frame, a truncated field, a length that points past the
 * end of the buffer, a corrupt record batch. It means a bug or a bad peer, never a condition to retry blindly. The
 * message names the API, version and field (or the record batch) where decoding stopped.
 */
public final class ProtocolException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message where and why decoding failed
     */
    public ProtocolException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message where and why decoding failed
     * @param cause the underlying failure
     */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
