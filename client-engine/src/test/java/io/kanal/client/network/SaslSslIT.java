package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.errors.SaslAuthenticationException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.ListenerSecurity;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
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
 * SASL over TLS: a real broker whose client listener is SASL_SSL (the testkit's run-time certificate authority and its
 * SCRAM users), and Kanal's producer and consumer logging in with SCRAM-SHA-512 and OAUTHBEARER inside the TLS session.
 */
class SaslSslIT {
    private static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.builder()
                .name("SaslSslIT")
                .clientListener(ListenerSecurity.SASL_SSL)
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
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsKey("ssl.truststore.location");
        config.put("sasl.mechanism", mechanism);
        config.put(
                "sasl.jaas.config",
                mechanism.equals("OAUTHBEARER")
                        ? "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                                + " unsecuredLoginStringClaim_sub=\"" + KafkaCluster.SASL_USERNAME + "\";"
                        : "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                                + KafkaCluster.SASL_USERNAME + "\" password=\"" + password + "\";");
        return config;
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-512", "OAUTHBEARER"})
    void producesAndConsumesOverTls(String mechanism) throws Exception {
        String topic = "sasl-ssl-" + mechanism.toLowerCase(Locale.ROOT);
        Properties adminProperties = new Properties();
        adminProperties.putAll(cluster.clientProperties());
        try (Admin admin = Admin.create(adminProperties)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        AuthenticatedRoundTrip.produceAndConsume(settings(mechanism, KafkaCluster.SASL_PASSWORD), topic, 1_000);
    }

    @Test
    void aWrongPasswordOverTlsIsASaslFailureNotATlsOne() throws Exception {
        Map<String, Object> config = settings("SCRAM-SHA-512", "not-the-password");
        config.put("max.block.ms", 20_000);
        try (Producer<String, String> producer =
                Producer.create(config, new StringSerializer(), new StringSerializer())) {
            Throwable failure = null;
            try {
                producer.send(ProducerRecord.of("sasl-ssl-wrong", "k", "v")).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure)
                    .isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("SCRAM-SHA-512")
                    .hasMessageNotContaining("not-the-password");
        }
    }
}
