package io.kanal.client.config;

import io.kanal.config.ClassName;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Validators;
import java.util.List;

/**
 * Settings every Kanal client shares, with Kafka's key names and defaults. Producer, consumer and admin specs include
 * {@link #SPEC}.
 */
public final class CommonClientConfigs {
    /** {@code bootstrap.servers}: host:port pairs used to find the cluster. */
    public static final ConfigKey<List<String>> BOOTSTRAP_SERVERS = ConfigKey.builder(
                    "bootstrap.servers", ConfigType.LIST)
            .required()
            .validator(Validators.nonEmptyList())
            .importance(Importance.HIGH)
            .documentation("Host:port pairs used to make the first connection to the cluster; the client finds the"
                    + " other brokers through metadata.")
            .build();

    /** {@code client.id}: sent with every request for broker-side logging and quotas. */
    public static final ConfigKey<String> CLIENT_ID = ConfigKey.builder("client.id", ConfigType.STRING)
            .defaultValue("")
            .importance(Importance.MEDIUM)
            .documentation("An id sent with every request, for broker logs and quotas. Generated when empty.")
            .build();

    /** {@code request.timeout.ms}. */
    public static final ConfigKey<Integer> REQUEST_TIMEOUT_MS = ConfigKey.builder("request.timeout.ms", ConfigType.INT)
            .defaultValue(30_000)
            .validator(Validators.atLeast(1))
            .importance(Importance.MEDIUM)
            .documentation(
                    "How long to wait for the response to a request before failing it and closing the" + " connection.")
            .build();

    /** {@code default.api.timeout.ms}. */
    public static final ConfigKey<Integer> DEFAULT_API_TIMEOUT_MS = ConfigKey.builder(
                    "default.api.timeout.ms", ConfigType.INT)
            .defaultValue(60_000)
            .validator(Validators.atLeast(1))
            .importance(Importance.MEDIUM)
            .documentation("The timeout of client operations that take no explicit timeout.")
            .build();

    /** {@code retry.backoff.ms}. */
    public static final ConfigKey<Long> RETRY_BACKOFF_MS = ConfigKey.builder("retry.backoff.ms", ConfigType.LONG)
            .defaultValue(100L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.LOW)
            .documentation("The first wait before retrying a failed request; doubles per attempt.")
            .build();

    /** {@code retry.backoff.max.ms}. */
    public static final ConfigKey<Long> RETRY_BACKOFF_MAX_MS = ConfigKey.builder(
                    "retry.backoff.max.ms", ConfigType.LONG)
            .defaultValue(1_000L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.LOW)
            .documentation("The longest wait between retries of a failed request.")
            .build();

    /** {@code reconnect.backoff.ms}. */
    public static final ConfigKey<Long> RECONNECT_BACKOFF_MS = ConfigKey.builder(
                    "reconnect.backoff.ms", ConfigType.LONG)
            .defaultValue(50L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.LOW)
            .documentation("The first wait before reconnecting to a broker; doubles per failure, with jitter.")
            .build();

    /** {@code reconnect.backoff.max.ms}. */
    public static final ConfigKey<Long> RECONNECT_BACKOFF_MAX_MS = ConfigKey.builder(
                    "reconnect.backoff.max.ms", ConfigType.LONG)
            .defaultValue(1_000L)
            .validator(Validators.atLeast(0L))
            .importance(Importance.LOW)
            .documentation("The longest wait between reconnection attempts.")
            .build();

    /** {@code socket.connection.setup.timeout.ms}. */
    public static final ConfigKey<Integer> CONNECTION_SETUP_TIMEOUT_MS = ConfigKey.builder(
                    "socket.connection.setup.timeout.ms", ConfigType.INT)
            .defaultValue(10_000)
            .validator(Validators.atLeast(1))
            .importance(Importance.MEDIUM)
            .documentation("How long a connection may take to be established and negotiate versions.")
            .build();

    /** {@code connections.max.idle.ms}. */
    public static final ConfigKey<Long> CONNECTIONS_MAX_IDLE_MS = ConfigKey.builder(
                    "connections.max.idle.ms", ConfigType.LONG)
            .defaultValue(540_000L)
            .validator(Validators.atLeast(1L))
            .importance(Importance.MEDIUM)
            .documentation("Idle connections are closed after this long.")
            .build();

    /** {@code metadata.max.age.ms}. */
    public static final ConfigKey<Long> METADATA_MAX_AGE_MS = ConfigKey.builder("metadata.max.age.ms", ConfigType.LONG)
            .defaultValue(300_000L)
            .validator(Validators.atLeast(1L))
            .importance(Importance.LOW)
            .documentation("Metadata is refreshed at least this often, even without errors.")
            .build();

    /** {@code send.buffer.bytes}. */
    public static final ConfigKey<Integer> SEND_BUFFER_BYTES = ConfigKey.builder("send.buffer.bytes", ConfigType.INT)
            .defaultValue(131_072)
            .validator(Validators.atLeast(-1))
            .importance(Importance.MEDIUM)
            .documentation("The TCP send buffer; -1 for the OS default.")
            .build();

    /** {@code receive.buffer.bytes}. */
    public static final ConfigKey<Integer> RECEIVE_BUFFER_BYTES = ConfigKey.builder(
                    "receive.buffer.bytes", ConfigType.INT)
            .defaultValue(65_536)
            .validator(Validators.atLeast(-1))
            .importance(Importance.MEDIUM)
            .documentation("The TCP receive buffer; -1 for the OS default.")
            .build();

    /** {@code security.protocol}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    public static final ConfigKey<String> SECURITY_PROTOCOL = ConfigKey.builder("security.protocol", ConfigType.STRING)
            .defaultValue("PLAINTEXT")
            .validator(Validators.oneOfIgnoringCase("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"))
            .importance(Importance.MEDIUM)
            .documentation("How to talk to brokers: PLAINTEXT, SSL (TLS, configured by the ssl.* keys), SASL_PLAINTEXT"
                    + " (SASL authentication without TLS) or SASL_SSL (SASL over TLS).")
            .build();

    /** {@code sasl.mechanism}: Kafka's default is GSSAPI, which Kanal does not implement. */
    public static final ConfigKey<String> SASL_MECHANISM = ConfigKey.builder("sasl.mechanism", ConfigType.STRING)
            .defaultValue("GSSAPI")
            .importance(Importance.MEDIUM)
            .documentation("The SASL mechanism with a SASL security.protocol: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or"
                    + " OAUTHBEARER. Kafka's default, GSSAPI (Kerberos), is not supported.")
            .build();

    /** {@code sasl.jaas.config}: the login module line, e.g. {@code ...PlainLoginModule required username=..;}. */
    public static final ConfigKey<io.kanal.config.Password> SASL_JAAS_CONFIG = ConfigKey.builder(
                    "sasl.jaas.config", ConfigType.PASSWORD)
            .importance(Importance.MEDIUM)
            .documentation("The credentials, written as for Kafka's clients: one JAAS login module entry such as"
                    + " org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
                    + " password=\"p\"; (PlainLoginModule, ScramLoginModule, or OAuthBearerLoginModule with"
                    + " unsecuredLoginStringClaim_sub for tests).")
            .build();

    /** {@code sasl.username}: Kanal's simpler alternative to a JAAS line. */
    public static final ConfigKey<String> SASL_USERNAME = ConfigKey.builder("sasl.username", ConfigType.STRING)
            .importance(Importance.MEDIUM)
            .documentation("The SASL user, instead of sasl.jaas.config (PLAIN and SCRAM; for OAUTHBEARER, the subject"
                    + " of an unsecured test token).")
            .build();

    /** {@code sasl.password}: Kanal's simpler alternative to a JAAS line. */
    public static final ConfigKey<io.kanal.config.Password> SASL_PASSWORD = ConfigKey.builder(
                    "sasl.password", ConfigType.PASSWORD)
            .importance(Importance.MEDIUM)
            .documentation("The SASL password, instead of sasl.jaas.config.")
            .build();

    /**
     * {@code kanal.sasl.oauthbearer.token.source.class}: Kanal's own key (Kafka's
     * {@code sasl.login.callback.handler.class} takes a Kafka API type).
     */
    public static final ConfigKey<ClassName> SASL_OAUTHBEARER_TOKEN_SOURCE_CLASS = ConfigKey.builder(
                    "kanal.sasl.oauthbearer.token.source.class", ConfigType.CLASS)
            .importance(Importance.MEDIUM)
            .documentation("With sasl.mechanism OAUTHBEARER only: a public class with a public no-arg constructor that"
                    + " implements io.kanal.client.security.OAuthBearerTokenSource and supplies the tokens; its"
                    + " configure(Map) is called once with the client's settings. It replaces the unsecured test token"
                    + " of sasl.jaas.config's unsecuredLogin* options, so sasl.jaas.config may then be absent or just"
                    + " OAuthBearerLoginModule required;. Refused with any other mechanism.")
            .build();

    /** Every common key. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(BOOTSTRAP_SERVERS)
            .define(CLIENT_ID)
            .define(REQUEST_TIMEOUT_MS)
            .define(DEFAULT_API_TIMEOUT_MS)
            .define(RETRY_BACKOFF_MS)
            .define(RETRY_BACKOFF_MAX_MS)
            .define(RECONNECT_BACKOFF_MS)
            .define(RECONNECT_BACKOFF_MAX_MS)
            .define(CONNECTION_SETUP_TIMEOUT_MS)
            .define(CONNECTIONS_MAX_IDLE_MS)
            .define(METADATA_MAX_AGE_MS)
            .define(SEND_BUFFER_BYTES)
            .define(RECEIVE_BUFFER_BYTES)
            .define(SECURITY_PROTOCOL)
            .define(SASL_MECHANISM)
            .define(SASL_JAAS_CONFIG)
            .define(SASL_USERNAME)
            .define(SASL_PASSWORD)
            .define(SASL_OAUTHBEARER_TOKEN_SOURCE_CLASS)
            .include(SslConfigs.SPEC)
            .build();

    private CommonClientConfigs() {}
}
