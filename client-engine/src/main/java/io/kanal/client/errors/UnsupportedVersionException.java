package io.kanal.client.errors;

/**
 * A request or field cannot be expressed at the protocol version in use: for example a non-default value of a
 * non-ignorable field that the chosen version lacks, or an API the broker does not support.
 */
public final class UnsupportedVersionException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what cannot be expressed and at which version
     */
    public UnsupportedVersionException(String message) {
        super(message);
    }
}
