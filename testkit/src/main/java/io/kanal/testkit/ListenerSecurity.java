package io.kanal.testkit;

/**
 * The security protocol of the listener that clients connect to.
 *
 * <p>Every node has three listeners: {@code CLIENT} (this protocol, the one {@link KafkaCluster#bootstrapServers()}
 * points at), {@code INTERNAL} (always PLAINTEXT, for replication and for the testkit's own readiness probe) and
 * {@code CONTROLLER} (always PLAINTEXT, for the KRaft quorum). Securing the client listener therefore changes nothing
 * but what clients need, and callers that pass {@link KafkaCluster#clientProperties()} to their clients keep working
 * when a test switches protocol.
 */
public enum ListenerSecurity {
    /** No TLS, no authentication. */
    PLAINTEXT(true),
    /**
     * TLS, with certificates created when the cluster starts ({@link KafkaCluster#certificateAuthority()}); clients
     * get a trust store and a key store in {@link KafkaCluster#clientProperties()}. Add
     * {@code listener.name.client.ssl.client.auth=required} to the broker config to require client certificates.
     */
    SSL(true),
    /**
     * SASL without TLS: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER (unsecured tokens) for the user
     * {@code kanal}; {@link KafkaCluster#clientProperties()} logs in with PLAIN.
     */
    SASL_PLAINTEXT(true),
    /** SASL over TLS: the TLS material of {@link #SSL} and the users and mechanisms of {@link #SASL_PLAINTEXT}. */
    SASL_SSL(true);

    private final boolean supported;

    ListenerSecurity(boolean supported) {
        this.supported = supported;
    }

    /**
     * Whether this testkit build can start a listener with this protocol.
     *
     * @return true when supported
     */
    public boolean supported() {
        return supported;
    }
}
