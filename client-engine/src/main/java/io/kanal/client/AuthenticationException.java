package io.kanal.client;

import io.kanal.client.protocol.Errors;

/** The client could not authenticate (bad credentials, SASL or TLS handshake failure). Not retriable without a configuration change. */
public class AuthenticationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public AuthenticationException(String message) {
        super(message, null, ErrorCategory.FATAL, null);
    }

    /**
     * Creates an exception for a broker error code.
     *
     * @param message what went wrong, with the broker's message
     * @param error the broker error code
     */
    public AuthenticationException(String message, Errors error) {
        super(message, error, ErrorCategory.FATAL, null);
    }
}
