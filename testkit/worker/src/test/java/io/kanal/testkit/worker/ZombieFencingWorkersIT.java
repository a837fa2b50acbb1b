package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.TransactionDescription;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's round of zombie fencing (KIP-618) with two Kanal distributed workers as child processes: when a
 * reconfiguration lowers an exactly-once connector's task count, the new generation's task does not start before the
 * leader has fenced every transactional id of the previous generation, so a zombie still holding the id of a dropped
 * task (here a producer of the test that took {@code <group>-<connector>-2}, as a task 2 cut off from its worker
 * would hold it) can no longer commit, and a {@code read_committed} reader never sees what it wrote. Without the round
 * nothing would ever fence id 2 (the new generation only takes id 0) and the zombie's commit would succeed.
 */
@WithKafkaCluster(nodes = 3)
class ZombieFencingWorkersIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PARTITIONS = 3;
    private static final int RATE = 100;
    private static final long ZOMBIE_SEQ = 999_999_999L;
    private static final Path LOGS = Path.of("target", "zombie-fencing-workers");

    private KanalWorkerGroup group;

    @AfterEach
    void stopWorkers() {
        if (group != null) {
            group.close();
        }
    }

    /** An exactly-once datagen connector whose transactions end at each poll. */
    private static Map<String, String> connector(String topic, int tasks, int rate) {
        Map<String, String> c = ExactlyOnceDatagen.connector(topic, tasks, rate, false);
        c.put("exactly.once.support", "required");
        c.put("transaction.boundary", "poll");
        return c;
    }

    private void awaitRunning(String name, int tasks) {
        GroupAwaits.awaitRunning(group, Map.of(name, tasks), WAIT);
    }

    /** The epoch the transaction coordinator holds for a transactional id. */
    private static int epoch(KafkaCluster kafka, String transactionalId) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            BatchResult<String, TransactionDescription> described =
                    admin.describeTransactions(List.of(transactionalId)).get(30, TimeUnit.SECONDS);
            return described.values().get(transactionalId).producerEpoch();
        }
    }

    @Test
    void aLowerTaskCountFencesTheDroppedTasksTransactionalIdsBeforeTheNewTaskStarts(KafkaCluster kafka)
            throws Exception {
        String topic = "fz";
        String groupId = "fence";
        Path dir = Files.createTempDirectory(Files.createDirectories(LOGS), "fence-");
        group = new KanalWorkerGroup(kafka, groupId, dir, Map.of("exactly.once.source.support", "enabled"));
        group.add();
        group.add();
        group.startAll(group.all());
        SequenceCheck.createTopic(kafka, topic, PARTITIONS);
        ConnectRest rest = group.live().get(0).rest();
        assertThat(rest.createConnector(topic, connector(topic, 3, RATE), WAIT).status())
                .isEqualTo(201);
        awaitRunning(topic, 3);
        // Where the connector and task 0 run: on different workers, only the new-commit rule restarts task 0.
        System.out.println("[fence] before: " + group.ownership());

        // A zombie of task 2: it holds the id (which fences the real task 2) and has a transaction open.
        Map<String, Object> settings = new HashMap<>(kafka.clientProperties());
        settings.put("transactional.id", groupId + "-" + topic + "-2");
        settings.put("enable.idempotence", "true");
        // Longer than the test: only a fencing, not the coordinator's timeout, may end the zombie's transaction.
        settings.put("transaction.timeout.ms", "600000");
        try (Producer<String, String> zombie =
                Producer.create(settings, new StringSerializer(), new StringSerializer())) {
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>(topic, 0, null, "2-" + ZOMBIE_SEQ, "zombie", List.of()));
            zombie.flush();
            String zombieId = groupId + "-" + topic + "-2";
            int zombieEpoch = epoch(kafka, zombieId);

            // The new generation has one task: before it takes id 0, the leader fences ids 0, 1 and 2. Only tasks.max
            // changes, so task 0's config stays the same: the herder restarts it anyway, as it restarts every
            // exactly-once source task on a new task-config commit, and the restarted task asks for the round.
            assertThat(rest.put("connectors/" + topic + "/config", connector(topic, 1, RATE))
                            .status())
                    .isEqualTo(200);
            awaitRunning(topic, 1);
            await("the leader's round fences " + zombieId)
                    .atMost(WAIT)
                    .pollInterval(POLL)
                    .until(() -> epoch(kafka, zombieId) > zombieEpoch);

            assertThatThrownBy(zombie::commitTransaction)
                    .as("the zombie of dropped task 2 is fenced")
                    .isInstanceOf(KafkaException.class);
        }

        SequenceCheck committed = SequenceCheck.read(kafka, topic, PARTITIONS, "read_committed");
        SequenceCheck everything = SequenceCheck.read(kafka, topic, PARTITIONS, "read_uncommitted");
        System.out.println("[fence] read_committed: " + committed.summary());
        assertThat(everything.highest(2))
                .as("the zombie's record reached the log")
                .isEqualTo(ZOMBIE_SEQ);
        assertThat(committed.highest(2))
                .as("read_committed never sees the zombie's record")
                .isLessThan(ZOMBIE_SEQ);
        assertThat(committed.duplicates())
                .as("sequence numbers committed twice")
                .isEmpty();
    }
}
