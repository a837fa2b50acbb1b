package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.admin.TransactionDescription;
import io.kanal.client.admin.TransactionState;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.producer.Producer;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.ByteArraySerializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's transactional writes to the config topic (KIP-618) with Kanal distributed workers as child processes:
 * with {@code exactly.once.source.support} {@code enabled} or {@code preparing}, the leader writes connector configs
 * in transactions of Connect's transactional id {@code connect-cluster-<group>}; a leader fenced from outside (as a
 * zombie leader would fence it) answers the next write with a retriable error or carries it out, and the cluster goes
 * on: the leader takes the id back, every connector runs, and the config topic holds each config once. With {@code
 * preparing}, source tasks still write without transactions.
 */
@WithKafkaCluster
class LeaderConfigTransactionsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Path LOGS = Path.of("target", "leader-config-transactions");

    private KanalWorkerGroup group;

    @AfterEach
    void stopWorkers() {
        if (group != null) {
            group.close();
        }
    }

    private static Map<String, String> datagen(String topic) {
        return ExactlyOnceDatagen.connector(topic, 1, 50, false);
    }

    private KanalWorkerGroup group(KafkaCluster kafka, String groupId, String mode, int workers) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(LOGS), groupId + "-");
        Map<String, String> extra = Map.of(
                "exactly.once.source.support", mode,
                "config.storage.replication.factor", "1",
                "offset.storage.replication.factor", "1",
                "status.storage.replication.factor", "1");
        KanalWorkerGroup g = new KanalWorkerGroup(kafka, groupId, dir, extra);
        for (int i = 0; i < workers; i++) {
            g.add();
        }
        g.startAll(g.all());
        return g;
    }

    private static void createTopic(KafkaCluster kafka, String topic) throws Exception {
        try (AdminClient admin = AdminClient.create(kafka.clientProperties())) {
            admin.createTopics(List.of(NewTopic.of(topic, 1, 1)), false).get().orThrow();
        }
    }

    private void awaitRunning(Map<String, Integer> connectors) {
        GroupAwaits.awaitRunning(group, connectors, WAIT);
    }

    private static BatchResult<String, TransactionDescription> transactions(KafkaCluster kafka, String... ids)
            throws Exception {
        try (AdminClient admin = AdminClient.create(kafka.clientProperties())) {
            return admin.describeTransactions(List.of(ids)).get(30, TimeUnit.SECONDS);
        }
    }

    private static TransactionDescription transaction(KafkaCluster kafka, String id) throws Exception {
        return transactions(kafka, id).values().get(id);
    }

    /** The config topic as a reader with this isolation level reads it: keys in order, and the end offset. */
    private record ConfigTopic(List<String> keys, long end) {
        long count(String key) {
            return keys.stream().filter(key::equals).count();
        }
    }

    private static ConfigTopic configTopic(KafkaCluster kafka, String topic, String isolation) {
        Map<String, Object> settings = new HashMap<>(kafka.clientProperties());
        settings.put("isolation.level", isolation);
        settings.put("enable.auto.commit", "false");
        List<String> keys = new ArrayList<>();
        try (Consumer<byte[], byte[]> c =
                Consumer.create(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            await("config topic " + topic + " read to " + end)
                    .atMost(WAIT)
                    .pollInterval(Duration.ZERO)
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                            keys.add(new String(r.key(), StandardCharsets.UTF_8));
                        }
                        return c.position(tp, Duration.ofSeconds(30)) >= end;
                    });
            return new ConfigTopic(keys, end);
        }
    }

    @Test
    void theLeaderWritesConfigsInTransactionsAndAFencedLeaderRecovers(KafkaCluster kafka) throws Exception {
        String groupId = "ldr-enabled";
        String leaderId = "connect-cluster-" + groupId;
        String configs = groupId + "-configs";
        group = group(kafka, groupId, "enabled", 2);
        createTopic(kafka, "before");
        createTopic(kafka, "after");
        createTopic(kafka, "later");
        KanalDistributedWorker leader = await("a leader")
                .atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> group.leader().orElse(null), l -> l != null);
        KanalDistributedWorker follower =
                group.live().stream().filter(w -> w != leader).findFirst().orElseThrow();

        // (1) a create through the follower: the leader writes it, in a transaction of connect-cluster-<group>
        assertThat(follower.rest()
                        .createConnector("before", datagen("before"), WAIT)
                        .status())
                .isEqualTo(201);
        awaitRunning(Map.of("before", 1));
        TransactionDescription committed = transaction(kafka, leaderId);
        assertThat(committed.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        ConfigTopic all = configTopic(kafka, configs, "read_uncommitted");
        assertThat(all.count("connector-before")).isEqualTo(1);
        assertThat(all.end())
                .as("transaction markers take offsets of their own")
                .isGreaterThan(all.keys().size());

        // (2) a zombie leader's producer takes the id: the leader is fenced out of the config topic
        Map<String, Object> zombieSettings = new HashMap<>(kafka.clientProperties());
        zombieSettings.put("transactional.id", leaderId);
        zombieSettings.put("enable.idempotence", "true");
        try (Producer<byte[], byte[]> zombie =
                Producer.create(zombieSettings, new ByteArraySerializer(), new ByteArraySerializer())) {
            zombie.initTransactions();
        }
        int zombieEpoch = transaction(kafka, leaderId).producerEpoch();
        assertThat(zombieEpoch).isGreaterThan(committed.producerEpoch());

        // the next write either fails with the fencing error (the leader then rejoins and takes the id back) or,
        // if the leader already took it back, succeeds; a retry succeeds in any case
        ConnectRest.Response first =
                leader.rest().post("connectors", Map.of("name", "after", "config", datagen("after")));
        System.out.println("[leader-txn] first write after the fencing: " + first.status() + " " + first.body());
        if (first.status() != 201) {
            assertThat(first.status()).isIn(409, 500, 503);
            assertThat(leader.rest()
                            .createConnector("after", datagen("after"), WAIT)
                            .status())
                    .isEqualTo(201);
        }
        awaitRunning(Map.of("before", 1, "after", 1));
        assertThat(transaction(kafka, leaderId).producerEpoch())
                .as("the leader took connect-cluster-<group> back, fencing the zombie")
                .isGreaterThan(zombieEpoch);

        // the cluster goes on: a create through the follower succeeds at once
        assertThat(follower.rest()
                        .post("connectors", Map.of("name", "later", "config", datagen("later")))
                        .status())
                .isEqualTo(201);
        awaitRunning(Map.of("before", 1, "after", 1, "later", 1));

        ConfigTopic read = configTopic(kafka, configs, "read_committed");
        assertThat(read.count("connector-before")).as("nothing duplicated").isEqualTo(1);
        assertThat(read.count("connector-after"))
                .as("nothing duplicated or lost")
                .isEqualTo(1);
        assertThat(read.count("connector-later")).isEqualTo(1);
    }

    @Test
    void preparingMakesTheLeaderTransactionalButNotTheSourceTasks(KafkaCluster kafka) throws Exception {
        String groupId = "ldr-preparing";
        group = group(kafka, groupId, "preparing", 1);
        createTopic(kafka, "prep");
        ConnectRest rest = group.live().get(0).rest();
        assertThat(rest.createConnector("prep", datagen("prep"), WAIT).status()).isEqualTo(201);
        awaitRunning(Map.of("prep", 1));
        await("records of the at-least-once task")
                .atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> SequenceCheck.read(kafka, "prep", 1).highest(0) >= 20);

        String leaderId = "connect-cluster-" + groupId;
        String taskId = groupId + "-prep-0";
        BatchResult<String, TransactionDescription> described = transactions(kafka, leaderId, taskId);
        assertThat(described.values().get(leaderId).state())
                .as("the leader's config writes are transactions")
                .isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(described.values())
                .as("the task writes without a transactional id")
                .doesNotContainKey(taskId);
    }
}
