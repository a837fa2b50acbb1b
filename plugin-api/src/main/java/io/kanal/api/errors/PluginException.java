package io.kanal.api.errors;

/**
 * The root of every exception a plugin or the plugin API throws on purpose: Kafka Connect's {@code ConnectException}.
 * A task that throws it (or any subclass other than {@link RetriableException}) fails; the runtime records the
 * message and cause in the task's status. Unchecked, so that plugin signatures stay free of {@code throws} clauses.
 * Plugins may subclass it.
 */
public class PluginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for the task's status; never a secret
     */
    public PluginException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for the task's status; never a secret
     * @param cause the underlying failure
     */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param cause the underlying failure, whose message becomes this one's
     */
    public PluginException(Throwable cause) {
        super(cause);
    }
}
