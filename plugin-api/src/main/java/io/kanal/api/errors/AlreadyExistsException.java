package io.kanal.api.errors;

/**
 * Something a plugin or a request tried to create exists already. Kafka Connect's {@code AlreadyExistsException}.
 */
public class AlreadyExistsException extends PluginException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; never a secret
     */
    public AlreadyExistsException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause the underlying failure
     */
    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param cause the underlying failure, whose message becomes this one's
     */
    public AlreadyExistsException(Throwable cause) {
        super(cause);
    }
}
