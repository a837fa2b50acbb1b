package io.kanal.client.errors;

/** Another producer with the same transactional id (or a newer epoch) has taken over; this producer instance must be closed and re-created. */
public final class ProducerFencedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public ProducerFencedException(String message) {
        super(message, null, ErrorCategory.APPLICATION_RECOVERABLE, null);
    }

    /**
     * Creates an exception for a broker error code.
     *
     * @param message what went wrong, with the broker's message
     * @param error the broker error code
     */
    public ProducerFencedException(String message, Errors error) {
        super(message, error, null);
    }

    /**
     * Creates an exception that repeats an earlier one for another caller.
     *
     * @param message what went wrong
     * @param cause the earlier exception
     */
    public ProducerFencedException(String message, ProducerFencedException cause) {
        super(message, cause.error().orElse(Errors.PRODUCER_FENCED), cause);
    }
}
