package io.kanal.config;

import java.time.Duration;
import java.util.List;

/** A small spec shaped like a producer's, shared by the tests. */
final class ProducerLikeSpec {

    static final ConfigKey<List<String>> BOOTSTRAP_SERVERS = ConfigKey.builder("bootstrap.servers", ConfigType.LIST)
            .required()
            .validator(Validators.nonEmptyList())
            .importance(Importance.HIGH)
            .documentation("Brokers to contact first.")
            .group("Connection", 1)
            .build();

    static final ConfigKey<String> ACKS = ConfigKey.builder("acks", ConfigType.STRING)
            .defaultValue("all")
            .validator(Validators.oneOfIgnoringCase("all", "-1", "0", "1"))
            .importance(Importance.HIGH)
            .documentation("How many replicas must acknowledge a write.")
            .build();

    static final ConfigKey<Duration> LINGER_MS = ConfigKey.builder("linger.ms", ConfigType.DURATION)
            .defaultValue(Duration.ofMillis(5))
            .validator(Validators.atLeast(Duration.ZERO))
            .importance(Importance.MEDIUM)
            .documentation("How long to wait for more records before sending a batch.")
            .build();

    static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.builder("batch.size", ConfigType.INT)
            .defaultValue(16384)
            .validator(Validators.atLeast(0))
            .importance(Importance.MEDIUM)
            .documentation("Largest batch, in bytes.")
            .build();

    static final ConfigKey<String> SECURITY_PROTOCOL = ConfigKey.builder("security.protocol", ConfigType.STRING)
            .defaultValue("PLAINTEXT")
            .validator(Validators.oneOfIgnoringCase("PLAINTEXT", "SSL", "SASL_SSL"))
            .importance(Importance.MEDIUM)
            .documentation("How to talk to brokers.")
            .dependents("ssl.key.password")
            .build();

    static final ConfigKey<Password> SSL_KEY_PASSWORD = ConfigKey.builder("ssl.key.password", ConfigType.PASSWORD)
            .validator(Validators.satisfies((Password password) -> !password.isEmpty(), "must not be empty"))
            .importance(Importance.HIGH)
            .documentation("Password of the private key.")
            .recommender(new Recommender() {
                @Override
                public boolean visible(ParsedConfig others) {
                    return others.find(SECURITY_PROTOCOL)
                            .map(protocol ->
                                    protocol.toUpperCase(java.util.Locale.ROOT).contains("SSL"))
                            .orElse(false);
                }
            })
            .build();

    static final ConfigKey<ClassName> PARTITIONER = ConfigKey.builder("partitioner.class", ConfigType.CLASS)
            .importance(Importance.LOW)
            .documentation("Chooses partitions.")
            .build();

    static final ConfigKey<Boolean> ENABLE_IDEMPOTENCE = ConfigKey.builder("enable.idempotence", ConfigType.BOOLEAN)
            .defaultValue(true)
            .importance(Importance.LOW)
            .documentation("Write each record exactly once per partition.")
            .build();

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(BOOTSTRAP_SERVERS)
            .define(ACKS)
            .define(LINGER_MS)
            .define(BATCH_SIZE)
            .define(SECURITY_PROTOCOL)
            .define(SSL_KEY_PASSWORD)
            .define(PARTITIONER)
            .define(ENABLE_IDEMPOTENCE)
            .build();

    private ProducerLikeSpec() {}
}
