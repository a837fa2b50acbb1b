package io.kanal.client.config;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Password;
import io.kanal.config.Validators;
import java.util.List;

/**
 * Kafka's {@code ssl.*} client settings, read when {@code security.protocol} is SSL or SASL_SSL. Key names, types and
 * defaults are Kafka's; every password, private key and inline certificate is a PASSWORD value, shown as
 * {@code [hidden]}. Included in {@link CommonClientConfigs#SPEC}.
 */
public final class SslConfigs {
    /** {@code ssl.protocol}: the protocol of the {@code SSLContext}. */
    public static final ConfigKey<String> PROTOCOL = ConfigKey.builder("ssl.protocol", ConfigType.STRING)
            .defaultValue("TLSv1.3")
            .importance(Importance.MEDIUM)
            .documentation("The protocol the SSLContext is created for (TLSv1.3 also negotiates TLSv1.2).")
            .build();

    /** {@code ssl.enabled.protocols}. */
    public static final ConfigKey<List<String>> ENABLED_PROTOCOLS = ConfigKey.builder(
                    "ssl.enabled.protocols", ConfigType.LIST)
            .defaultValue(List.of("TLSv1.2", "TLSv1.3"))
            .validator(Validators.nonEmptyList())
            .importance(Importance.MEDIUM)
            .documentation("The TLS versions the client offers.")
            .build();

    /** {@code ssl.cipher.suites}: empty for the JDK's defaults. */
    public static final ConfigKey<List<String>> CIPHER_SUITES = ConfigKey.builder("ssl.cipher.suites", ConfigType.LIST)
            .defaultValue(List.of())
            .importance(Importance.LOW)
            .documentation("The cipher suites the client offers; empty for the JDK's defaults.")
            .build();

    /** {@code ssl.endpoint.identification.algorithm}: https checks the broker's host name; empty disables the check. */
    public static final ConfigKey<String> ENDPOINT_IDENTIFICATION_ALGORITHM = ConfigKey.builder(
                    "ssl.endpoint.identification.algorithm", ConfigType.STRING)
            .defaultValue("https")
            .importance(Importance.LOW)
            .documentation("https checks that the broker's certificate names the host connected to (a subject"
                    + " alternative name); an empty value disables the check.")
            .build();

    /** {@code ssl.keystore.type}: JKS, PKCS12 or PEM. */
    public static final ConfigKey<String> KEYSTORE_TYPE = ConfigKey.builder("ssl.keystore.type", ConfigType.STRING)
            .defaultValue("JKS")
            .validator(Validators.oneOfIgnoringCase("JKS", "PKCS12", "PEM"))
            .importance(Importance.MEDIUM)
            .documentation("The format of the key store: JKS, PKCS12 or PEM.")
            .build();

    /** {@code ssl.keystore.location}: the client's key store, for client authentication. */
    public static final ConfigKey<String> KEYSTORE_LOCATION = ConfigKey.builder(
                    "ssl.keystore.location", ConfigType.STRING)
            .importance(Importance.HIGH)
            .documentation("The key store file holding the client's private key and certificate chain, needed when"
                    + " brokers require client authentication.")
            .build();

    /** {@code ssl.keystore.password}. */
    public static final ConfigKey<Password> KEYSTORE_PASSWORD = ConfigKey.builder(
                    "ssl.keystore.password", ConfigType.PASSWORD)
            .importance(Importance.HIGH)
            .documentation("The password of the key store file (not used for PEM).")
            .build();

    /** {@code ssl.key.password}: the private key's password, when it differs from the store's or the PEM is encrypted. */
    public static final ConfigKey<Password> KEY_PASSWORD = ConfigKey.builder("ssl.key.password", ConfigType.PASSWORD)
            .importance(Importance.HIGH)
            .documentation("The password of the private key in the key store, or of an encrypted PEM key.")
            .build();

    /** {@code ssl.keystore.key}: a PEM private key (PKCS#8), inline. */
    public static final ConfigKey<Password> KEYSTORE_KEY = ConfigKey.builder("ssl.keystore.key", ConfigType.PASSWORD)
            .importance(Importance.HIGH)
            .documentation("The client's private key in PEM (PKCS#8, optionally encrypted with ssl.key.password),"
                    + " with ssl.keystore.type=PEM.")
            .build();

    /** {@code ssl.keystore.certificate.chain}: PEM certificates, inline. */
    public static final ConfigKey<Password> KEYSTORE_CERTIFICATE_CHAIN = ConfigKey.builder(
                    "ssl.keystore.certificate.chain", ConfigType.PASSWORD)
            .importance(Importance.HIGH)
            .documentation("The client's certificate chain in PEM, with ssl.keystore.type=PEM.")
            .build();

    /** {@code ssl.truststore.type}: JKS, PKCS12 or PEM. */
    public static final ConfigKey<String> TRUSTSTORE_TYPE = ConfigKey.builder("ssl.truststore.type", ConfigType.STRING)
            .defaultValue("JKS")
            .validator(Validators.oneOfIgnoringCase("JKS", "PKCS12", "PEM"))
            .importance(Importance.MEDIUM)
            .documentation("The format of the trust store: JKS, PKCS12 or PEM.")
            .build();

    /** {@code ssl.truststore.location}: without it (and without inline certificates) the JDK's trusted CAs are used. */
    public static final ConfigKey<String> TRUSTSTORE_LOCATION = ConfigKey.builder(
                    "ssl.truststore.location", ConfigType.STRING)
            .importance(Importance.HIGH)
            .documentation("The trust store file holding the certificate authorities that sign broker certificates;"
                    + " without one the JDK's default trusted authorities are used.")
            .build();

    /** {@code ssl.truststore.password}. */
    public static final ConfigKey<Password> TRUSTSTORE_PASSWORD = ConfigKey.builder(
                    "ssl.truststore.password", ConfigType.PASSWORD)
            .importance(Importance.HIGH)
            .documentation("The password of the trust store file (optional for JKS and PKCS12, not used for PEM).")
            .build();

    /** {@code ssl.truststore.certificates}: PEM certificates, inline. */
    public static final ConfigKey<Password> TRUSTSTORE_CERTIFICATES = ConfigKey.builder(
                    "ssl.truststore.certificates", ConfigType.PASSWORD)
            .importance(Importance.HIGH)
            .documentation("Trusted certificates in PEM, with ssl.truststore.type=PEM.")
            .build();

    /** Every {@code ssl.*} key. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(PROTOCOL)
            .define(ENABLED_PROTOCOLS)
            .define(CIPHER_SUITES)
            .define(ENDPOINT_IDENTIFICATION_ALGORITHM)
            .define(KEYSTORE_TYPE)
            .define(KEYSTORE_LOCATION)
            .define(KEYSTORE_PASSWORD)
            .define(KEY_PASSWORD)
            .define(KEYSTORE_KEY)
            .define(KEYSTORE_CERTIFICATE_CHAIN)
            .define(TRUSTSTORE_TYPE)
            .define(TRUSTSTORE_LOCATION)
            .define(TRUSTSTORE_PASSWORD)
            .define(TRUSTSTORE_CERTIFICATES)
            .build();

    private SslConfigs() {}
}
