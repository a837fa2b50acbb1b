package io.kanal.client.network;

import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS settings of a client, built once from its {@code ssl.*} keys ({@link TlsContexts}): every connection creates its
 * {@link SSLEngine} from the same context, which holds the key material and the trust anchors, never the passwords.
 *
 * @param context the SSL context, with the client's key managers (if any) and trust managers
 * @param verifyHostName whether the broker's certificate must name the host connected to
 *     ({@code ssl.endpoint.identification.algorithm=https})
 * @param protocols {@code ssl.enabled.protocols}
 * @param cipherSuites {@code ssl.cipher.suites}; empty for the JDK's defaults
 */
public record TlsConfig(SSLContext context, boolean verifyHostName, List<String> protocols, List<String> cipherSuites) {
    /** Copies the lists. */
    public TlsConfig {
        Objects.requireNonNull(context, "context");
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /**
     * A client-mode engine for one connection. The host is the one the client was told to connect to (a name or an
     * address literal): SNI and the host name check use it, as Kafka's client does.
     *
     * @param host the broker's host as configured or advertised
     * @param port the broker's port
     * @return the engine, not started
     */
    SSLEngine newEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (verifyHostName) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        parameters.setProtocols(protocols.toArray(String[]::new));
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }
}
