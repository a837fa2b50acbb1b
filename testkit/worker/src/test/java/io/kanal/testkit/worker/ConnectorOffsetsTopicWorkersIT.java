package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.runtime.store.kafka.KafkaOffsetStore;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KIP-618's connector-specific offsets store with Kanal distributed workers as child processes: an exactly-once datagen
 * connector whose producer writes to a second cluster ({@code producer.override.bootstrap.servers}). Kanal used to
 * refuse it; now its records and its offsets commit in one transaction on the producer's cluster, in a topic named like
 * the worker's offsets topic there. Across a worker killed with SIGKILL mid-transaction, a {@code read_committed}
 * reader of that cluster sees each sequence number once; {@code GET /connectors/<c>/offsets} reads that primary store;
 * the worker's global offsets topic gets a copy; {@code DELETE /connectors/<c>/offsets} clears both.
 */
@WithKafkaCluster
class ConnectorOffsetsTopicWorkersIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PARTITIONS = 2;
    private static final int TASKS = 2;
    private static final int RATE = 200;
    private static final Path LOGS = Path.of("target", "connector-offsets-topic-workers");
    private static final String GROUP = "ofs";

    private static KafkaCluster other;

    private KanalWorkerGroup group;

    @BeforeAll
    static void startOtherCluster() {
        other = KafkaCluster.builder()
                .name("ConnectorOffsetsTopicWorkersIT-b")
                .build()
                .start();
    }

    @AfterAll
    static void stopOtherCluster() {
        if (other != null) {
            other.close();
        }
    }

    @AfterEach
    void stopWorkers() {
        if (group != null) {
            group.close();
        }
    }

    private void awaitRunning(String name) {
        GroupAwaits.awaitRunning(group, Map.of(name, TASKS), WAIT);
    }

    private static long lowestHighest(String topic) {
        return ExactlyOnceDatagen.lowestHighest(other, topic, PARTITIONS, TASKS);
    }

    private static void awaitProgress(String topic, long beyond) {
        ExactlyOnceDatagen.awaitProgress(other, topic, PARTITIONS, TASKS, beyond, WAIT);
    }

    /** Task to committed {@code seq} in an offsets topic, read by a store of its own. */
    private static Map<Integer, Long> topicOffsets(KafkaCluster cluster, String topic, String connector) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("group.id", "ofs-observer");
        config.put("config.storage.topic", "unused");
        config.put("status.storage.topic", "unused");
        config.put("offset.storage.topic", topic);
        config.put("offset.storage.replication.factor", "1");
        Map<Integer, Long> out = new HashMap<>();
        try (KafkaOffsetStore store = new KafkaOffsetStore(KafkaStoreSettings.from(config), null)) {
            store.start();
            store.offsets(connector)
                    .forEach((p, o) ->
                            out.put(((Number) p.get("task")).intValue(), ((Number) o.get("seq")).longValue()));
        }
        return out;
    }

    @Test
    void anExactlyOnceConnectorOnAnotherClusterKeepsItsOffsetsThereAcrossASigkill(KafkaCluster kafka) throws Exception {
        String topic = "ofs-remote";
        Path dir = Files.createTempDirectory(Files.createDirectories(LOGS), "ofs-");
        group = new KanalWorkerGroup(
                kafka,
                GROUP,
                dir,
                Map.of(
                        "exactly.once.source.support", "enabled",
                        "connector.client.config.override.policy", "All",
                        "config.storage.replication.factor", "1",
                        "offset.storage.replication.factor", "1",
                        "status.storage.replication.factor", "1"));
        group.add();
        group.add();
        group.startAll(group.all());
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", other.bootstrapServers()))) {
            admin.createTopics(List.of(NewTopic.of(topic, PARTITIONS, 1)), false)
                    .get()
                    .orThrow();
        }
        Map<String, String> c = ExactlyOnceDatagen.connector(topic, TASKS, RATE, true);
        c.put("producer.override.bootstrap.servers", other.bootstrapServers());
        ConnectRest rest = group.live().get(0).rest();
        assertThat(rest.createConnector(topic, c, WAIT).status()).isEqualTo(201);
        awaitRunning(topic);
        awaitProgress(topic, RATE);

        // A worker killed with SIGKILL while its transactions are open: its tasks resume from the primary store.
        KanalDistributedWorker victim = group.all().get(1);
        long before = lowestHighest(topic);
        victim.kill();
        awaitRunning(topic);
        awaitProgress(topic, before + RATE);
        victim.start();
        awaitRunning(topic);
        awaitProgress(topic, lowestHighest(topic) + RATE);

        assertThat(rest.put("connectors/" + topic + "/stop", Map.of()).status()).isBetween(200, 204);
        await("connector STOPPED").atMost(WAIT).pollInterval(POLL).until(() -> rest.status(topic)
                .filter(s -> s.connector().state().equals("STOPPED"))
                .isPresent());

        SequenceCheck committed = SequenceCheck.read(other, topic, PARTITIONS, "read_committed");
        System.out.println("[ofs] read_committed on the producer's cluster: " + committed.summary());
        ExactlyOnceDatagen.assertEachOnce(committed, TASKS);
        Map<Integer, Long> highest = new HashMap<>();
        for (int t = 0; t < TASKS; t++) {
            highest.put(t, committed.highest(t));
        }
        // the primary store is on the producer's cluster, in a topic named like the worker's, with the last commit
        assertThat(topicOffsets(other, GROUP + "-offsets", topic)).isEqualTo(highest);
        assertThat(ExactlyOnceDatagen.restOffsets(rest, topic))
                .as("GET offsets reads the primary")
                .isEqualTo(highest);
        await("the copy in the worker's global topic")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> topicOffsets(kafka, GROUP + "-offsets", topic).equals(highest));

        // PATCH writes the connector's topic, then a copy to the worker's
        Map<String, Object> patch =
                Map.of("offsets", List.of(Map.of("partition", Map.of("task", 0), "offset", Map.of("seq", 42))));
        assertThat(rest.patch("connectors/" + topic + "/offsets", patch).status())
                .isEqualTo(200);
        Map<Integer, Long> patched = new HashMap<>(highest);
        patched.put(0, 42L);
        assertThat(ExactlyOnceDatagen.restOffsets(rest, topic)).isEqualTo(patched);
        assertThat(topicOffsets(other, GROUP + "-offsets", topic)).isEqualTo(patched);
        await("the patched copy in the worker's global topic")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> topicOffsets(kafka, GROUP + "-offsets", topic).equals(patched));

        // DELETE clears both stores
        assertThat(rest.delete("connectors/" + topic + "/offsets").status()).isEqualTo(200);
        assertThat(ExactlyOnceDatagen.restOffsets(rest, topic)).isEmpty();
        assertThat(topicOffsets(other, GROUP + "-offsets", topic)).isEmpty();
        assertThat(topicOffsets(kafka, GROUP + "-offsets", topic)).isEmpty();
    }
}
