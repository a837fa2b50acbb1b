package io.kanal.api.errors;

/**
 * Data that does not fit: a value that does not match its schema, bytes a converter cannot read, a field that
 * does not exist. Kafka Connect's {@code DataException}; the message names what is wrong and where (field, byte
 * offset). The errors policy ({@code errors.tolerance}) decides whether the record fails the task or is skipped or
 * dead-lettered.
 */
public class DataException extends PluginException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; never a secret
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause the underlying failure
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param cause the underlying failure, whose message becomes this one's
     */
    public DataException(Throwable cause) {
        super(cause);
    }
}
