package io.kanal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.testkit.internal.BrokerClasspath;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

@WithKafkaCluster
class SingleNodeIT {
    @Test
    void acceptsProduceAndConsume(KafkaCluster cluster) throws Exception {
        Clients.createTopic(cluster, "greetings", 2, (short) 1, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(cluster, Map.of())) {
            for (int i = 0; i < 10; i++) {
                RecordMetadata metadata = Clients.send(producer, "greetings", "k" + i, "hello-" + i);
                assertThat(metadata.hasOffset()).isTrue();
            }
        }
        List<String> values = Clients.consumeValues(cluster, "greetings", "greeters", 10);
        assertThat(values).hasSize(10).contains("hello-0", "hello-9");
    }

    @Test
    void reportsItsSingleNodeAndVersion(KafkaCluster cluster) throws Exception {
        try (Admin admin = Clients.admin(cluster)) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
        assertThat(cluster.bootstrapServers()).isEqualTo(cluster.node(0).bootstrapServer());
        assertThat(cluster.kafkaVersion()).isEqualTo(BrokerClasspath.expectedKafkaVersion());
        assertThat(cluster.node(0).logFile()).isRegularFile();
    }

    @Test
    @WithKafkaCluster(brokerConfig = "auto.create.topics.enable=false")
    void methodLevelAnnotationGivesAFreshClusterWithItsOwnConfig(KafkaCluster fresh, KafkaCluster sameFresh)
            throws Exception {
        assertThat(fresh).isSameAs(sameFresh);
        assertThat(fresh.name()).isEqualTo("SingleNodeIT-methodLevelAnnotationGivesAFreshClusterWithItsOwnConfig");
        assertThat(fresh.spec().brokerConfig()).containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void closeLeavesNoProcessAndNoTemporaryDirectory() {
        KafkaCluster cluster =
                KafkaCluster.builder().name("SingleNodeIT-close").build().start();
        long pid = cluster.node(0).pid().orElseThrow();
        Path work = cluster.workDirectory();
        assertThat(work).isDirectory();
        ProcessHandle broker = ProcessHandle.of(pid).orElseThrow();
        assertThat(broker.isAlive()).isTrue();

        cluster.close();

        assertThat(broker.isAlive()).isFalse();
        assertThat(ProcessHandle.current().descendants().filter(p -> p.pid() == pid))
                .isEmpty();
        assertThat(Files.exists(work)).isFalse();
        assertThat(cluster.node(0).logFile()).isRegularFile();
        assertThat(cluster.node(0).isRunning()).isFalse();
        cluster.close(); // idempotent
        assertThat(cluster.startupTime()).isPositive().isLessThan(Duration.ofSeconds(90));
    }

    @Test
    void brokerThatCannotStartFailsFastWithItsLogInTheException() {
        KafkaCluster broken = KafkaCluster.builder()
                .name("SingleNodeIT-broken")
                .brokerConfig("process.roles", "bogus")
                .build();
        long start = System.nanoTime();
        assertThatThrownBy(broken::start)
                .isInstanceOf(KafkaClusterException.class)
                .hasMessageContaining("exited before the cluster was ready")
                .hasMessageContaining("node-0.log")
                .hasMessageContaining("process.roles");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(broken.workDirectory()).doesNotExist(); // a failed start closes the cluster
        assertThat(broken.node(0).isRunning()).isFalse();
        assertThatThrownBy(broken::start).isInstanceOf(IllegalStateException.class);
    }
}
