package io.kanal.client.network;

import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.config.ParsedConfig;
import java.util.Arrays;
import java.util.Locale;

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
     * The protocol a client's {@code security.protocol} names, case-insensitively. The one place that reads the key:
     * the TLS settings ({@link TlsContexts}) and the SASL settings both take the result.
     *
     * @param config settings that include {@link CommonClientConfigs#SPEC}
     * @return the protocol
     * @throws InvalidConfigException if the value names none (the key's validator already refuses that)
     */
    public static SecurityProtocol of(ParsedConfig config) {
        String value = config.get(CommonClientConfigs.SECURITY_PROTOCOL);
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "security.protocol must be one of " + Arrays.toString(values()) + ", not " + value, e);
        }
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
