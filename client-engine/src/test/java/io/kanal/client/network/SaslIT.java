package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.errors.SaslAuthenticationException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.security.CountingTokenSource;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.ListenerSecurity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kanal's clients against a real broker whose client listener is SASL_PLAINTEXT with PLAIN, SCRAM-SHA-256,
 * SCRAM-SHA-512 and OAUTHBEARER enabled, and sessions that expire after 3 s ({@code connections.max.reauth.ms}), so
 * every test also runs across re-authentications (KIP-368).
 */
class SaslIT {
    private static final int REAUTH_MS = 3_000;
    private static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.builder()
                .name("SaslIT")
                .clientListener(ListenerSecurity.SASL_PLAINTEXT)
                .brokerConfig("connections.max.reauth.ms", Integer.toString(REAUTH_MS))
                .build()
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, Object> settings(String mechanism, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", mechanism);
        String jaas =
                switch (mechanism) {
                    case "PLAIN" ->
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                                + KafkaCluster.SASL_USERNAME + "\" password=\"" + password + "\";";
                    case "OAUTHBEARER" ->
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"
                                + " required unsecuredLoginStringClaim_sub=\"" + KafkaCluster.SASL_USERNAME + "\";";
                    default ->
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                                + KafkaCluster.SASL_USERNAME + "\" password=\"" + password + "\";";
                };
        config.put("sasl.jaas.config", jaas);
        return config;
    }

    private static void createTopic(String topic) throws Exception {
        Properties p = new Properties();
        p.putAll(cluster.clientProperties());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"})
    void producesAndConsumesWithEachMechanism(String mechanism) throws Exception {
        String topic = "sasl-" + mechanism.toLowerCase(java.util.Locale.ROOT);
        createTopic(topic);
        AuthenticatedRoundTrip.produceAndConsume(settings(mechanism, KafkaCluster.SASL_PASSWORD), topic, 500);
    }

    @Test
    void oauthBearerTakesItsTokensFromAConfiguredTokenSource() throws Exception {
        String topic = "sasl-oauth-token-source";
        createTopic(topic);
        Map<String, Object> config = settings("OAUTHBEARER", KafkaCluster.SASL_PASSWORD);
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        config.put("kanal.sasl.oauthbearer.token.source.class", CountingTokenSource.class.getName());
        config.put("test.oauth.subject", KafkaCluster.SASL_USERNAME);
        config.put("client.id", "sasl-it-token-source");
        AuthenticatedRoundTrip.produceAndConsume(config, topic, 100);
        assertThat(CountingTokenSource.calls("sasl-it-token-source")).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-512"})
    void aWrongPasswordFailsAtOnceNamingTheMechanismWithoutRetrying(String mechanism) throws Exception {
        Map<String, Object> config = settings(mechanism, "not-the-password");
        config.put("max.block.ms", 20_000);
        try (Producer<String, String> producer =
                Producer.create(config, new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            CompletableFuture<?> send = producer.send(ProducerRecord.of("sasl-wrong", "k", "v"));
            Throwable failure = null;
            try {
                send.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(failure)
                    .isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining(mechanism)
                    .hasMessageContaining("says")
                    .hasMessageNotContaining("not-the-password");
            assertThat(((SaslAuthenticationException) failure).mechanism()).isEqualTo(mechanism);
            assertThat(elapsedMs)
                    .as("the failure is not retried until max.block.ms")
                    .isLessThan(10_000);
            com.codahale.metrics.Counter failures = producer.metrics().counter("network.authentication-failures");
            long refused = failures.getCount();
            assertThat(refused).isPositive();
            // Nothing retries a refused login at once: a second send fails at once with the same error, and the count
            // of refused logins stays where it is for a while.
            long again = System.nanoTime();
            assertThatThrownBy(() -> producer.send(ProducerRecord.of("sasl-wrong", "k", "v"))
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again)).isLessThan(1_000);
            org.awaitility.Awaitility.await()
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> failures.getCount() == refused);
        }
    }

    @Test
    void aLongConsumeOutlivesSeveralSessionsThroughReauthentication() throws Exception {
        String topic = "sasl-reauth";
        createTopic(topic);
        Map<String, Object> consumerConfig = settings("SCRAM-SHA-256", KafkaCluster.SASL_PASSWORD);
        consumerConfig.put("auto.offset.reset", "earliest");
        List<String> received = new ArrayList<>();
        int sent = 0;
        try (Producer<String, String> producer = Producer.create(
                        settings("SCRAM-SHA-256", KafkaCluster.SASL_PASSWORD),
                        new StringSerializer(),
                        new StringSerializer());
                Consumer<String, String> consumer =
                        Consumer.create(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(60);
            // Ping-pong one record at a time for three and a half session lifetimes: every connection must renew its
            // session three times, and every send and fetch keep working across the renewals, with nothing lost.
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(REAUTH_MS * 7L / 2)) {
                assertThat(System.nanoTime())
                        .as("three re-authentications in time")
                        .isLessThan(deadline);
                producer.send(ProducerRecord.of(topic, "k", "v" + sent)).get(30, TimeUnit.SECONDS);
                sent++;
                while (received.size() < sent) {
                    assertThat(System.nanoTime())
                            .as("record %d consumed in time", sent)
                            .isLessThan(deadline);
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        received.add(r.value());
                    }
                }
            }
            assertThat(reauthentications(producer.metrics())).isGreaterThanOrEqualTo(3);
            assertThat(reauthentications(consumer.metrics())).isGreaterThanOrEqualTo(3);
            assertThat(producer.metrics().counter("network.connection-failures").getCount())
                    .as("no connection was dropped by an expired session")
                    .isZero();
            assertThat(producer.metrics()
                            .counter("network.authentication-failures")
                            .getCount())
                    .isZero();
            assertThat(consumer.metrics()
                            .counter("network.authentication-failures")
                            .getCount())
                    .isZero();
            assertThat(consumer.metrics().counter("network.connection-failures").getCount())
                    .as("no connection was dropped by an expired session")
                    .isZero();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            expected.add("v" + i);
        }
        assertThat(received).containsExactlyElementsOf(expected);
    }

    private static long reauthentications(com.codahale.metrics.MetricRegistry metrics) {
        return metrics.counter("network.reauthentications").getCount();
    }
}
