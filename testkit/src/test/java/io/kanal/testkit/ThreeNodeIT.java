package io.kanal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

@WithKafkaCluster(nodes = 3)
class ThreeNodeIT {
    private static final Map<String, Object> PATIENT_PRODUCER = Map.of(
            "delivery.timeout.ms", 60_000,
            "request.timeout.ms", 10_000,
            "linger.ms", 0);

    @Test
    void registersThreeBrokersAndAdvertisesThemAll(KafkaCluster cluster) throws Exception {
        assertThat(cluster.nodes()).hasSize(3);
        assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
        try (Admin admin = Clients.admin(cluster)) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .extracting(Node::id)
                    .containsExactlyInAnyOrder(0, 1, 2);
        }
    }

    @Test
    void replicatedTopicStaysWritableWhenAnyOneNodeIsKilledAndTheNodeRejoins(KafkaCluster cluster) throws Exception {
        String topic = "survives-kill";
        Clients.createTopic(cluster, topic, 3, (short) 3, Map.of("min.insync.replicas", "2"));
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = Clients.producer(cluster, PATIENT_PRODUCER);
                Admin admin = Clients.admin(cluster)) {
            awaitFullIsr(admin, topic);
            for (KafkaNode victim : cluster.nodes()) {
                victim.kill();
                assertThat(victim.isRunning()).isFalse();
                for (int i = 0; i < 10; i++) {
                    String value = "without-" + victim.id() + "-" + i;
                    assertThat(Clients.send(producer, topic, "key-" + i, value).hasOffset())
                            .isTrue();
                    sent.add(value);
                }
                victim.start();
                assertThat(victim.isRunning()).isTrue();
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .extracting(Node::id)
                        .contains(victim.id());
                awaitFullIsr(admin, topic);
            }
        }
        List<String> received = Clients.consumeValues(cluster, topic, "kill-observer", sent.size());
        assertThat(new HashSet<>(received)).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void cleanlyStoppedNodeRestartsWithItsData(KafkaCluster cluster) throws Exception {
        String topic = "survives-stop";
        Clients.createTopic(cluster, topic, 1, (short) 3, Map.of("min.insync.replicas", "2"));
        KafkaNode node = cluster.node(2);
        try (KafkaProducer<String, String> producer = Clients.producer(cluster, PATIENT_PRODUCER);
                Admin admin = Clients.admin(cluster)) {
            awaitFullIsr(admin, topic);
            Clients.send(producer, topic, "a", "before-stop");
            node.stop();
            assertThat(node.isRunning()).isFalse();
            Clients.send(producer, topic, "b", "while-stopped");
            node.start();
            awaitFullIsr(admin, topic);
        }
        assertThat(Clients.consumeValues(cluster, topic, "stop-observer", 2))
                .containsExactly("before-stop", "while-stopped");
    }

    /**
     * Waits until every partition has all three replicas in sync. Exceptions count as "not yet": a broker that has
     * not caught up with the metadata log answers UNKNOWN_TOPIC_OR_PARTITION for a topic created a moment ago.
     */
    private static void awaitFullIsr(Admin admin, String topic) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    TopicDescription description = admin.describeTopics(Set.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic);
                    for (TopicPartitionInfo partition : description.partitions()) {
                        assertThat(partition.isr()).hasSize(3);
                    }
                });
    }
}
