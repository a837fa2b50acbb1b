package io.kanal.client.network;

/** Kafka's {@code security.protocol} values: whether a connection runs over TLS and whether it authenticates with SASL. */
public enum SecurityProtocol {
    /** Neither TLS nor SASL. */
    PLAINTEXT(false, false),
    /** TLS. */
    SSL(true, false),
    /** SASL without TLS. */
    SASL_PLAINTEXT(false, true),
    /** SASL over TLS. */
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    SecurityProtocol(boolean tls, boolean sasl) {
        this.tls = tls;
        this.sasl = sasl;
    }

    /**
     * Whether connections run over TLS.
     *
     * @return true for SSL and SASL_SSL
     */
    public boolean usesTls() {
        return tls;
    }

    /**
     * Whether connections authenticate with SASL after ApiVersions.
     *
     * @return true for SASL_PLAINTEXT and SASL_SSL
     */
    public boolean usesSasl() {
        return sasl;
    }
}
