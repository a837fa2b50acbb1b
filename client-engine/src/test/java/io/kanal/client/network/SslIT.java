package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.errors.SslAuthenticationException;
import io.kanal.client.errors.SslAuthenticationException.Reason;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.ListenerSecurity;
import io.kanal.testkit.tls.TestCertificateAuthority;
import io.kanal.testkit.tls.TestCertificateAuthority.Identity;
import io.kanal.testkit.tls.TestCertificateAuthority.PemIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Kanal's producer and consumer over TLS to a real broker whose client listener requires client certificates, with
 * key and trust stores in each format, and the failures a misconfigured client must see at once: an untrusted broker,
 * a certificate for another host, no client certificate.
 */
class SslIT {
    @TempDir
    static Path directory;

    static KafkaCluster cluster;
    static TestCertificateAuthority ca;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaCluster.builder()
                .name("ssl-it")
                .clientListener(ListenerSecurity.SSL)
                .brokerConfig("listener.name.client.ssl.client.auth", "required")
                .build()
                .start();
        ca = cluster.certificateAuthority().orElseThrow();
        Properties p = new Properties();
        p.putAll(cluster.clientProperties());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic("tls", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Map<String, Object> config(Object... kv) {
        Map<String, Object> c = new HashMap<>(cluster.clientProperties());
        c.put("max.block.ms", 30_000);
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                c.remove((String) kv[i]);
            } else {
                c.put((String) kv[i], kv[i + 1]);
            }
        }
        return c;
    }

    /** Produces {@code count} records tagged with {@code tag}, then reads the partition until all of them came back. */
    static void roundTrip(Map<String, Object> config, String tag, int count) throws Exception {
        try (Producer<String, String> producer =
                Producer.create(config, new StringSerializer(), new StringSerializer())) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(ProducerRecord.of("tls", tag, tag + "-" + i + "-" + "x".repeat(i % 3000))));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = new HashMap<>(config);
        consumerConfig.remove("max.block.ms");
        consumerConfig.put("auto.offset.reset", "earliest");
        List<String> received = new ArrayList<>();
        try (Consumer<String, String> consumer =
                Consumer.create(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition("tls", 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (tag.equals(r.key())) {
                        received.add(r.value());
                    }
                }
            }
        }
        assertThat(received).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(received.get(i)).isEqualTo(tag + "-" + i + "-" + "x".repeat(i % 3000));
        }
    }

    @Test
    void producesAndConsumesWithPkcs12Stores() throws Exception {
        roundTrip(config(), "pkcs12", 5_000);
    }

    @Test
    void producesAndConsumesWithJksStores() throws Exception {
        Identity client = ca.issue("jks-client", List.of());
        roundTrip(
                config(
                        "ssl.keystore.type", "JKS",
                        "ssl.keystore.location", ca.toJks(client.keyStore()).toString(),
                        "ssl.keystore.password", client.password(),
                        "ssl.key.password", client.password(),
                        "ssl.truststore.type", "JKS",
                        "ssl.truststore.location", ca.toJks(ca.trustStore()).toString()),
                "jks",
                200);
    }

    @Test
    void producesAndConsumesWithInlinePem() throws Exception {
        PemIdentity client = ca.toPem(ca.issue("pem-inline-client", List.of()));
        roundTrip(
                config(
                        "ssl.keystore.type",
                        "PEM",
                        "ssl.keystore.location",
                        null,
                        "ssl.keystore.password",
                        null,
                        "ssl.key.password",
                        null,
                        "ssl.keystore.key",
                        client.privateKey(),
                        "ssl.keystore.certificate.chain",
                        client.certificateChain(),
                        "ssl.truststore.type",
                        "PEM",
                        "ssl.truststore.location",
                        null,
                        "ssl.truststore.password",
                        null,
                        "ssl.truststore.certificates",
                        Files.readString(ca.certificatePem())),
                "pem-inline",
                200);
    }

    @Test
    void producesAndConsumesWithPemFiles() throws Exception {
        PemIdentity client = ca.toPem(ca.issue("pem-file-client", List.of()));
        Path keyFile =
                Files.writeString(directory.resolve("client.pem"), client.privateKey() + client.certificateChain());
        roundTrip(
                config(
                        "ssl.keystore.type",
                        "PEM",
                        "ssl.keystore.location",
                        keyFile.toString(),
                        "ssl.keystore.password",
                        null,
                        "ssl.key.password",
                        null,
                        "ssl.truststore.type",
                        "PEM",
                        "ssl.truststore.location",
                        ca.certificatePem().toString(),
                        "ssl.truststore.password",
                        null),
                "pem-file",
                200);
    }

    @Test
    void aBrokerSignedByAnUntrustedAuthorityFailsTheSendAtOnce() throws Exception {
        TestCertificateAuthority other =
                TestCertificateAuthority.create(Files.createDirectory(directory.resolve("other")), "other CA");
        Map<String, Object> c = config(
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", other.trustStore().toString(),
                "ssl.truststore.password", other.password());
        assertSendFails(c, Reason.UNTRUSTED_CERTIFICATE, "not signed by a trusted authority");
    }

    @Test
    void aClientWithoutACertificateIsRefusedByTheBroker() throws Exception {
        Map<String, Object> c =
                config("ssl.keystore.location", null, "ssl.keystore.password", null, "ssl.key.password", null);
        assertSendFails(c, Reason.REFUSED_BY_BROKER, "the broker refused the handshake");
    }

    @Test
    void aBrokerCertificateWithoutTheHostNameIsRefusedUnlessIdentificationIsOff() throws Exception {
        TestCertificateAuthority own =
                TestCertificateAuthority.create(Files.createDirectory(directory.resolve("own")), "own CA");
        Identity elsewhere = own.issue("elsewhere", List.of("dns:elsewhere.example"));
        String prefix = "listener.name.client.";
        try (KafkaCluster misnamed = KafkaCluster.builder()
                .name("ssl-it-misnamed")
                .clientListener(ListenerSecurity.SSL)
                .brokerConfig(
                        prefix + "ssl.keystore.location", elsewhere.keyStore().toString())
                .brokerConfig(prefix + "ssl.keystore.password", elsewhere.password())
                .brokerConfig(prefix + "ssl.key.password", elsewhere.password())
                .build()
                .start()) {
            Map<String, Object> c = new HashMap<>(misnamed.clientProperties());
            c.put("ssl.truststore.location", own.trustStore().toString());
            c.put("ssl.truststore.password", own.password());
            c.put("max.block.ms", 30_000);
            assertSendFails(c, Reason.HOST_NAME_MISMATCH, "does not name the host");

            c.put("ssl.endpoint.identification.algorithm", "");
            c.put("max.block.ms", 2_000);
            try (Producer<String, String> producer =
                    Producer.create(c, new StringSerializer(), new StringSerializer())) {
                // The handshake passes now; the topic does not exist on that cluster, so the send times out on it.
                Throwable failure = sendFailure(producer, "absent");
                assertThat(failure).isNotInstanceOf(SslAuthenticationException.class);
                assertThat(failure.getMessage()).contains("absent");
            }
        }
    }

    /** A send fails with the typed exception well before max.block.ms: the failure is not retried until then. */
    static void assertSendFails(Map<String, Object> config, Reason reason, String message) {
        try (Producer<String, String> producer =
                Producer.create(config, new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            Throwable failure = sendFailure(producer, "tls");
            assertThat(failure)
                    .isInstanceOfSatisfying(SslAuthenticationException.class, e -> assertThat(e.reason())
                            .isEqualTo(reason))
                    .hasMessageContaining(message);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(failure.getMessage()).doesNotContain(ca.password());
        }
    }

    static Throwable sendFailure(Producer<String, String> producer, String topic) {
        try {
            producer.send(ProducerRecord.of(topic, "k", "v")).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("the send neither failed nor succeeded", e);
        }
        throw new AssertionError("the send succeeded");
    }
}
