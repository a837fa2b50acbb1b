package io.kanal.client.network;

import java.util.Objects;

/**
 * How a client's connections are secured: the protocol, and the TLS settings when it uses TLS.
 *
 * @param protocol the {@code security.protocol}
 * @param tls the TLS settings; required exactly when the protocol uses TLS
 */
public record TransportSecurity(SecurityProtocol protocol, TlsConfig tls) {
    /** Plain TCP. */
    public static final TransportSecurity PLAINTEXT = new TransportSecurity(SecurityProtocol.PLAINTEXT, null);

    /** Checks that TLS settings come with a TLS protocol and only then. */
    public TransportSecurity {
        Objects.requireNonNull(protocol, "protocol");
        if (protocol.usesTls() != (tls != null)) {
            throw new IllegalArgumentException(protocol + (tls == null ? " needs" : " takes no") + " TLS settings");
        }
    }
}
