package io.kanal.client.errors;

import java.util.Objects;

/**
 * A SASL authentication failed: the broker refused the credentials, does not enable the mechanism, or sent a message
 * the mechanism cannot accept. The message names the mechanism and, where there is one, the broker's reason; it never
 * holds a credential. Not retriable: the engine does not reconnect in a loop on it, the caller must fix the settings.
 */
public final class SaslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    private final String mechanism;

    /**
     * Creates an exception for a failure the client found (a malformed or unexpected server message).
     *
     * @param mechanism the SASL mechanism, e.g. {@code SCRAM-SHA-512}
     * @param message what went wrong, without any credential
     */
    public SaslAuthenticationException(String mechanism, String message) {
        super("SASL " + mechanism + " authentication failed: " + message);
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
    }

    /**
     * Creates an exception for a failure of something the mechanism relies on (a token source).
     *
     * @param mechanism the SASL mechanism
     * @param message what went wrong, without any credential
     * @param cause the underlying failure
     */
    public SaslAuthenticationException(String mechanism, String message, Throwable cause) {
        super("SASL " + mechanism + " authentication failed: " + message, cause);
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
    }

    /**
     * Creates an exception for a broker error code.
     *
     * @param mechanism the SASL mechanism
     * @param message what went wrong, with the broker's message
     * @param error the broker error code
     */
    public SaslAuthenticationException(String mechanism, String message, Errors error) {
        super("SASL " + mechanism + " authentication failed: " + message, error);
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
    }

    /**
     * The mechanism that failed.
     *
     * @return the mechanism name
     */
    public String mechanism() {
        return mechanism;
    }
}
