package io.kanal.client.errors;

/**
 * A connection to a broker failed or was closed. Retriable. When {@link #outcomeUnknown()} is true the request had
 * been written and the broker may have acted on it; an idempotent producer can still retry safely.
 */
public final class NetworkException extends RetriableException {
    private static final long serialVersionUID = 1L;

    private final boolean outcomeUnknown;

    /**
     * Creates an exception.
     *
     * @param message what failed
     * @param outcomeUnknown whether the request may have reached the broker
     * @param cause the underlying failure, or null
     */
    public NetworkException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * Whether the request may have been processed by the broker.
     *
     * @return true if it was sent before the failure
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
