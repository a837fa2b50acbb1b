package io.kanal.client.errors;

/** An operation did not complete within its timeout. Retriable: the same operation may succeed later. */
public final class TimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what timed out and after how long
     */
    public TimeoutException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the last failure seen before the timeout.
     *
     * @param message what timed out and after how long
     * @param cause the last failure, retried until the timeout
     */
    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
