package io.kanal.testkit.internal;

import io.kanal.testkit.ListenerSecurity;
import io.kanal.testkit.tls.TestCertificateAuthority;
import io.kanal.testkit.tls.TestCertificateAuthority.Identity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS material of a cluster whose client listener uses TLS: an authority created at start, one broker certificate
 * (SAN {@code localhost} and {@code 127.0.0.1}, the addresses the listeners advertise) shared by every node, and one
 * client certificate, offered to brokers that require client authentication
 * ({@code listener.name.client.ssl.client.auth=required} in the broker config).
 *
 * @param authority the certificate authority
 * @param broker the brokers' identity
 * @param client the clients' identity
 */
public record TlsListener(TestCertificateAuthority authority, Identity broker, Identity client) {
    private static final List<String> LOOPBACK = List.of("dns:localhost", "ip:" + NodePorts.HOST);

    /**
     * Whether a client listener of this protocol needs TLS material.
     *
     * @param protocol the protocol
     * @return true for SSL and SASL_SSL
     */
    public static boolean needed(ListenerSecurity protocol) {
        return protocol == ListenerSecurity.SSL || protocol == ListenerSecurity.SASL_SSL;
    }

    /**
     * Creates the authority and the certificates.
     *
     * @param directory an existing directory, deleted with the cluster
     * @return the material
     */
    public static TlsListener create(Path directory) {
        TestCertificateAuthority authority = TestCertificateAuthority.create(directory, "Kanal testkit CA");
        return new TlsListener(authority, authority.issue("broker", LOOPBACK), authority.issue("client", List.of()));
    }

    /**
     * The broker settings of the {@code CLIENT} listener; settings of the cluster's broker config win over them.
     *
     * @return the properties
     */
    public Map<String, String> brokerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        String prefix = "listener.name.client.";
        properties.put(prefix + "ssl.keystore.type", "PKCS12");
        properties.put(prefix + "ssl.keystore.location", broker.keyStore().toString());
        properties.put(prefix + "ssl.keystore.password", broker.password());
        properties.put(prefix + "ssl.key.password", broker.password());
        properties.put(prefix + "ssl.truststore.type", "PKCS12");
        properties.put(
                prefix + "ssl.truststore.location", authority.trustStore().toString());
        properties.put(prefix + "ssl.truststore.password", authority.password());
        return properties;
    }

    /**
     * The {@code ssl.*} settings of a client: the authority as trust store and the client certificate as key store.
     *
     * @return the properties
     */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", authority.trustStore().toString());
        properties.put("ssl.truststore.password", authority.password());
        properties.put("ssl.keystore.type", "PKCS12");
        properties.put("ssl.keystore.location", client.keyStore().toString());
        properties.put("ssl.keystore.password", client.password());
        properties.put("ssl.key.password", client.password());
        return properties;
    }

    @Override
    public String toString() {
        return "TlsListener[" + broker + ", " + client + "]";
    }
}
