package io.kanal.api.errors;

/**
 * A call made in a state that does not allow it, such as asking a stopped task's context for its assignment.
 * Kafka Connect's {@code IllegalWorkerStateException}.
 */
public class IllegalWorkerStateException extends PluginException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; never a secret
     */
    public IllegalWorkerStateException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause the underlying failure
     */
    public IllegalWorkerStateException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param cause the underlying failure, whose message becomes this one's
     */
    public IllegalWorkerStateException(Throwable cause) {
        super(cause);
    }
}
