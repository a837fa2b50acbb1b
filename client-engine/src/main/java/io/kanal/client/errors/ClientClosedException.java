package io.kanal.client.errors;

/** The client was closed before the operation completed. */
public final class ClientClosedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what was cut short
     */
    public ClientClosedException(String message) {
        super(message);
    }
}
