package io.kanal.api.errors;

/**
 * A value that cannot be projected from its schema onto another, because the two are not compatible. Kafka
 * Connect's {@code SchemaProjectorException}.
 */
public class SchemaProjectorException extends DataException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; never a secret
     */
    public SchemaProjectorException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause the underlying failure
     */
    public SchemaProjectorException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param cause the underlying failure, whose message becomes this one's
     */
    public SchemaProjectorException(Throwable cause) {
        super(cause);
    }
}
