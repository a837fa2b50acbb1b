package io.kanal.api.errors;

/**
 * Something a plugin or a request named does not exist. Kafka Connect's {@code NotFoundException}.
 */
public class NotFoundException extends PluginException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; never a secret
     */
    public NotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause the underlying failure
     */
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param cause the underlying failure, whose message becomes this one's
     */
    public NotFoundException(Throwable cause) {
        super(cause);
    }
}
