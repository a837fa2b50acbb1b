package io.kanal.api.errors;

/**
 * A schema that cannot be built as asked: a field added twice, a default that does not match the type, a
 * property set twice with different values. Kafka Connect's {@code SchemaBuilderException}.
 */
public class SchemaBuilderException extends DataException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; never a secret
     */
    public SchemaBuilderException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause the underlying failure
     */
    public SchemaBuilderException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param cause the underlying failure, whose message becomes this one's
     */
    public SchemaBuilderException(Throwable cause) {
        super(cause);
    }
}
