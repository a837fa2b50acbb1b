package io.kanal.client.errors;

/**
 * The TLS handshake with a broker failed: its certificate is not trusted, does not match the broker's host name, has
 * expired, the broker refused ours, or the two sides share no protocol or cipher suite. {@link #reason()} says which.
 * Like every {@link AuthenticationException} it is not retried: the connection backs off for its longest delay and
 * the requests waiting for it fail with this exception.
 */
public final class SslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /** Why a TLS handshake failed, as far as the client can tell. */
    public enum Reason {
        /** The broker's certificate chain does not lead to a trusted certificate authority. */
        UNTRUSTED_CERTIFICATE,
        /** The broker's certificate does not name the host the client connected to. */
        HOST_NAME_MISMATCH,
        /** A certificate of the chain has expired or is not valid yet. */
        CERTIFICATE_EXPIRED,
        /** The broker ended the handshake with an alert (for instance it refused the client's certificate). */
        REFUSED_BY_BROKER,
        /** Anything else: no common protocol or cipher suite, bytes that are not TLS, a handshake cut short. */
        HANDSHAKE_FAILURE
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the broker; never a secret
     * @param reason why
     * @param cause the JDK's exception
     */
    public SslAuthenticationException(String message, Reason reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * Why the handshake failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
