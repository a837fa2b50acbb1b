package io.kanal.client.errors;

/** The client could not authenticate (bad credentials, SASL or TLS handshake failure). Not retriable without a configuration change. */
public sealed class AuthenticationException extends KafkaException
        permits SaslAuthenticationException, SslAuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public AuthenticationException(String message) {
        super(message, null, ErrorCategory.INVALID_CONFIGURATION, null);
    }

    /**
     * Creates an exception with a message and its cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    AuthenticationException(String message, Throwable cause) {
        super(message, null, ErrorCategory.INVALID_CONFIGURATION, cause);
    }

    /**
     * Creates an exception for a broker error code.
     *
     * @param message what went wrong, with the broker's message
     * @param error the broker error code
     */
    public AuthenticationException(String message, Errors error) {
        super(message, error, null);
    }
}
