package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once source (KIP-618) with Kanal distributed workers as child processes on a 3-node cluster: the datagen
 * sequence source with {@code exactly.once.support=required} and an {@code interval} boundary of a second, so that a
 * transaction is open almost all the time. Across a task restart and a SIGKILL of a worker in the middle of its
 * transactions, a {@code read_committed} reader sees each sequence number of each task exactly once.
 */
@WithKafkaCluster(nodes = 3)
class ExactlyOnceWorkersIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PARTITIONS = 3;
    private static final int TASKS = 2;
    private static final int RATE = 200;
    private static final Path LOGS = Path.of("target", "exactly-once-workers");

    private KanalWorkerGroup group;

    @AfterEach
    void stopWorkers() {
        if (group != null) {
            group.close();
        }
    }

    private void awaitRunning(String name) {
        GroupAwaits.awaitRunning(group, Map.of(name, TASKS), WAIT);
    }

    private static long lowestHighest(KafkaCluster kafka, String topic) {
        return ExactlyOnceDatagen.lowestHighest(kafka, topic, PARTITIONS, TASKS);
    }

    private static void awaitProgress(KafkaCluster kafka, String topic, long beyond) {
        ExactlyOnceDatagen.awaitProgress(kafka, topic, PARTITIONS, TASKS, beyond, WAIT);
    }

    @Test
    void eachSequenceNumberIsCommittedOnceAcrossATaskRestartAndAWorkerKilledMidTransaction(KafkaCluster kafka)
            throws Exception {
        String topic = "eos";
        Path dir = Files.createTempDirectory(Files.createDirectories(LOGS), "eos-");
        group = new KanalWorkerGroup(kafka, "eos", dir, Map.of("exactly.once.source.support", "enabled"));
        group.add();
        group.add();
        group.startAll(group.all());
        SequenceCheck.createTopic(kafka, topic, PARTITIONS);
        ConnectRest rest = group.live().get(0).rest();
        assertThat(rest.createConnector(topic, ExactlyOnceDatagen.connector(topic, TASKS, RATE, true), WAIT)
                        .status())
                .isEqualTo(201);
        awaitRunning(topic);
        awaitProgress(kafka, topic, RATE);

        // A task restart: the new instance fences the old one's producer and resumes after its last commit.
        long before = lowestHighest(kafka, topic);
        assertThat(rest.post("connectors/" + topic + "/tasks/0/restart", Map.of())
                        .status())
                .isBetween(200, 204);
        awaitRunning(topic);
        awaitProgress(kafka, topic, before + RATE);

        // A worker killed with SIGKILL while its transactions are open (an interval of 1 s: nearly always).
        KanalDistributedWorker victim = group.all().get(1);
        before = lowestHighest(kafka, topic);
        victim.kill();
        awaitRunning(topic);
        awaitProgress(kafka, topic, before + RATE);
        victim.start();
        awaitRunning(topic);
        awaitProgress(kafka, topic, lowestHighest(kafka, topic) + RATE);

        assertThat(rest.put("connectors/" + topic + "/pause", Map.of()).status())
                .isEqualTo(202);
        await("tasks PAUSED").atMost(WAIT).pollInterval(POLL).until(() -> rest.status(topic)
                .filter(s -> s.tasks().size() == TASKS
                        && s.tasks().stream().allMatch(t -> t.state().equals("PAUSED")))
                .isPresent());
        group.stopAll(group.live());

        SequenceCheck committed = SequenceCheck.read(kafka, topic, PARTITIONS, "read_committed");
        SequenceCheck everything = SequenceCheck.read(kafka, topic, PARTITIONS, "read_uncommitted");
        System.out.println("[eos] read_committed: " + committed.summary());
        System.out.println("[eos] read_uncommitted (aborted records included): " + everything.summary());
        ExactlyOnceDatagen.assertEachOnce(committed, TASKS);
        for (int t = 0; t < TASKS; t++) {
            assertThat(committed.highest(t)).as("task %d kept producing", t).isGreaterThan(RATE * 3L);
        }
    }
}
