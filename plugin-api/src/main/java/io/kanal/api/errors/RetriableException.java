package io.kanal.api.errors;

/**
 * A failure that may go away if the same call is made again: Kafka Connect's {@code RetriableException}. A sink
 * task's {@code put} that throws it gets the same records again after a back-off, with its partitions paused and
 * its group membership kept; the errors policy ({@code errors.retry.timeout}) bounds how long.
 */
public class RetriableException extends PluginException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; never a secret
     */
    public RetriableException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause the underlying failure
     */
    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param cause the underlying failure, whose message becomes this one's
     */
    public RetriableException(Throwable cause) {
        super(cause);
    }
}
