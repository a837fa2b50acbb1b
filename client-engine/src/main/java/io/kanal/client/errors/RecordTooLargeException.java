package io.kanal.client.errors;

/** A record or batch is larger than the producer's max.request.size or the topic's max.message.bytes. Only that record fails. */
public final class RecordTooLargeException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public RecordTooLargeException(String message) {
        super(message, null, ErrorCategory.FATAL, null);
    }

    /**
     * Creates an exception for a broker error code.
     *
     * @param message what went wrong, with the broker's message
     * @param error the broker error code
     */
    public RecordTooLargeException(String message, Errors error) {
        super(message, error, null);
    }
}
