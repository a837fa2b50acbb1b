package io.kanal.client.network;

import io.kanal.client.errors.SslAuthenticationException;
import io.kanal.client.errors.SslAuthenticationException.Reason;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/**
 * Turns the JDK's handshake exceptions into an {@link SslAuthenticationException} that says why, from the exception
 * types in the cause chain and, for the host name check, which the JDK reports as a plain {@code CertificateException},
 * from its message. Stateless.
 */
final class TlsFailures {
    private TlsFailures() {}

    /**
     * The typed failure of a handshake.
     *
     * @param peer the broker
     * @param e the JDK's exception
     * @return the exception to fail the connection with
     */
    static SslAuthenticationException handshakeFailed(String peer, SSLException e) {
        Reason reason = reason(e);
        String why =
                switch (reason) {
                    case UNTRUSTED_CERTIFICATE ->
                        "its certificate is not signed by a trusted authority (check" + " ssl.truststore.*)";
                    case HOST_NAME_MISMATCH ->
                        "its certificate does not name the host connected to (check the"
                                + " certificate's subject alternative names, or ssl.endpoint.identification.algorithm)";
                    case CERTIFICATE_EXPIRED -> "a certificate has expired or is not valid yet";
                    case REFUSED_BY_BROKER ->
                        "the broker refused the handshake (if it requires client"
                                + " authentication, check ssl.keystore.*)";
                    case HANDSHAKE_FAILURE ->
                        "the handshake failed (is the listener TLS? do ssl.enabled.protocols"
                                + " and ssl.cipher.suites match the broker's?)";
                };
        return new SslAuthenticationException(
                "TLS handshake with " + peer + " failed: " + why + ": " + e.getMessage(), reason, e);
    }

    private static Reason reason(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return Reason.CERTIFICATE_EXPIRED;
            }
            if (t instanceof CertPathValidatorException v) {
                if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                        || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return Reason.CERTIFICATE_EXPIRED;
                }
                return Reason.UNTRUSTED_CERTIFICATE;
            }
            if (t instanceof CertPathBuilderException) {
                return Reason.UNTRUSTED_CERTIFICATE;
            }
            String message = t.getMessage();
            if (message != null && t instanceof java.security.cert.CertificateException) {
                // The JDK's HostnameChecker: "No subject alternative DNS name matching x found.", "No subject
                // alternative names matching IP address x found", "No name matching x found".
                if (message.contains("matching")) {
                    return Reason.HOST_NAME_MISMATCH;
                }
            }
        }
        String message = e.getMessage();
        if (message != null && message.contains("Received fatal alert")) {
            return Reason.REFUSED_BY_BROKER;
        }
        return Reason.HANDSHAKE_FAILURE;
    }
}
