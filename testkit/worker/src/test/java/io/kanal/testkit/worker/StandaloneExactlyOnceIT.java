package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once source in standalone mode (Kanal only: Apache Kafka Connect has it in distributed mode only). A
 * standalone worker in a child JVM runs the datagen sequence source, first at least once with its offsets in the file,
 * then with {@code exactly.once.source.support=enabled} on the same work directory: the file's offsets move to the
 * worker's offsets topic, and the worker is killed with SIGKILL twice in the middle of its transactions (an {@code
 * interval} boundary of a second keeps one open nearly all the time) and stopped once with SIGTERM. A {@code
 * read_committed} reader sees every sequence number of every task exactly once, a {@code read_uncommitted} reader
 * also the records of the transactions the kills left open, and the offsets REST API reads and resets the offsets in
 * the topic.
 */
@WithKafkaCluster
class StandaloneExactlyOnceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "sa-eos";
    private static final int PARTITIONS = 3;
    private static final int TASKS = 2;
    private static final int RATE = 200;

    @TempDir
    Path dir;

    private EmbeddedWorkerCluster worker(KafkaCluster kafka, boolean exactlyOnce) {
        return worker(kafka, exactlyOnce, dir.resolve("worker"));
    }

    private static EmbeddedWorkerCluster worker(KafkaCluster kafka, boolean exactlyOnce, Path workDir) {
        EmbeddedWorkerCluster w = builder(kafka, exactlyOnce, "sa-eos-worker", workDir);
        w.putConnector(TOPIC, connector(TOPIC, TASKS, exactlyOnce));
        return w;
    }

    private static EmbeddedWorkerCluster builder(KafkaCluster kafka, boolean exactlyOnce, String id, Path workDir) {
        EmbeddedWorkerCluster.Builder b = EmbeddedWorkerCluster.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .pluginPath(Pipelines.plugin("datagen"))
                .workerConfig("offset.flush.interval.ms", "500")
                // a fenced task stays FAILED (Kanal's default would restart it, and it would fence its twin in turn)
                .workerConfig("kanal.task.restart.policy", "none")
                .mode(EmbeddedWorkerCluster.Mode.CHILD_PROCESS)
                .workDir(workDir);
        if (exactlyOnce) {
            b.workerConfig("exactly.once.source.support", "enabled")
                    .workerConfig("kanal.worker.id", id)
                    .workerConfig("offset.storage.replication.factor", "1")
                    .workerConfig("offset.storage.partitions", "5");
        }
        return b.build();
    }

    private static Map<String, String> connector(String topic, int tasks, boolean exactlyOnce) {
        return ExactlyOnceDatagen.connector(topic, tasks, RATE, exactlyOnce);
    }

    private static long lowestHighest(KafkaCluster kafka) {
        return ExactlyOnceDatagen.lowestHighest(kafka, TOPIC, PARTITIONS, TASKS);
    }

    private static void awaitProgress(KafkaCluster kafka, long beyond) {
        ExactlyOnceDatagen.awaitProgress(kafka, TOPIC, PARTITIONS, TASKS, beyond, WAIT);
    }

    @Test
    void everySequenceNumberOnceAcrossKillsAndAStopAfterMovingFromTheFile(KafkaCluster kafka) throws Exception {
        Pipelines.createTopic(kafka, TOPIC, PARTITIONS);

        // At least once, offsets in the file; a clean stop commits exactly what was sent.
        EmbeddedWorkerCluster fileWorker = worker(kafka, false);
        try (fileWorker) {
            fileWorker.start();
            awaitProgress(kafka, RATE / 2);
            fileWorker.stop();
        }
        long beforeSwitch = lowestHighest(kafka);
        assertThat(fileWorker.offsetsFile()).isNotEmptyFile();

        try (EmbeddedWorkerCluster worker = worker(kafka, true)) {
            worker.start();
            assertThat(Files.readString(worker.logFile()))
                    .as("the file's offsets moved to the topic")
                    .contains("from the offsets file to topic 'kanal-standalone-offsets-sa-eos-worker'");
            awaitProgress(kafka, beforeSwitch + RATE);

            for (String how : new String[] {"SIGKILL", "SIGKILL", "SIGTERM"}) {
                long before = lowestHighest(kafka);
                if (how.equals("SIGKILL")) {
                    worker.kill();
                } else {
                    worker.stop();
                }
                System.out.println("[standalone eos] " + how + " after sequence number " + before);
                worker.start();
                awaitProgress(kafka, before + RATE / 2);
            }

            // A second process with the same kanal.worker.id (its own files) takes the same transactional ids: the
            // first one's tasks are fenced and FAIL, the second resumes after their last commit.
            ConnectRest rest = new ConnectRest(worker.restUri());
            try (EmbeddedWorkerCluster twin = worker(kafka, true, dir.resolve("twin"))) {
                long before = lowestHighest(kafka);
                twin.start();
                await("the first process's tasks FAILED, fenced by the second")
                        .atMost(WAIT)
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                        .until(() -> rest.status(TOPIC)
                                .filter(s -> s.tasks().size() == TASKS
                                        && s.tasks().stream()
                                                .allMatch(t -> t.state().equals("FAILED")))
                                .isPresent());
                System.out.println("[standalone eos] fenced: "
                        + rest.status(TOPIC)
                                .orElseThrow()
                                .tasks()
                                .get(0)
                                .trace()
                                .lines()
                                .findFirst()
                                .orElse(""));
                awaitProgress(kafka, before + RATE / 2);
                twin.stop();
            }

            assertThat(rest.put("connectors/" + TOPIC + "/stop", Map.of()).status())
                    .isBetween(200, 204);
            await("connector STOPPED")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> rest.status(TOPIC)
                            .filter(s -> s.connector().state().equals("STOPPED"))
                            .isPresent());

            SequenceCheck committed = SequenceCheck.read(kafka, TOPIC, PARTITIONS, "read_committed");
            SequenceCheck everything = SequenceCheck.read(kafka, TOPIC, PARTITIONS, "read_uncommitted");
            System.out.println("[standalone eos] read_committed: " + committed.summary());
            System.out.println("[standalone eos] read_uncommitted: " + everything.summary());
            ExactlyOnceDatagen.assertEachOnce(committed, TASKS);
            assertThat(everything.records())
                    .as("the SIGKILLs left open transactions, whose records only read_uncommitted shows")
                    .isGreaterThan(committed.records());

            // The offsets REST API reads the topic: each task's offset is its last committed sequence number.
            Map<Integer, Long> expected = new TreeMap<>();
            for (int t = 0; t < TASKS; t++) {
                expected.put(t, committed.highest(t));
            }
            assertThat(ExactlyOnceDatagen.restOffsets(rest, TOPIC)).isEqualTo(expected);
            ConnectRest.Response patched = rest.patch(
                    "connectors/" + TOPIC + "/offsets",
                    Map.of(
                            "offsets",
                            java.util.List.of(Map.of("partition", Map.of("task", 0), "offset", Map.of("seq", 7)))));
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            expected.put(0, 7L);
            assertThat(ExactlyOnceDatagen.restOffsets(rest, TOPIC)).isEqualTo(expected);
            assertThat(rest.delete("connectors/" + TOPIC + "/offsets").status()).isEqualTo(200);
            assertThat(ExactlyOnceDatagen.restOffsets(rest, TOPIC)).isEmpty();
        }
    }

    /**
     * A process killed with SIGKILL while both tasks have a transaction open, restarted with {@code tasks.max=1}: the
     * restart fences task 1's transactional id (no task of the new generation uses it), so its open transaction is
     * aborted at once instead of holding the last stable offset of the data and offsets topics for {@code
     * transaction.timeout.ms} (60 s): the connector runs and task 0's committed sequence moves on well before that.
     */
    @Test
    void aRestartWithFewerTasksFencesTheDroppedTasksOpenTransactions(KafkaCluster kafka) throws Exception {
        String topic = "sa-eos-shrink";
        Pipelines.createTopic(kafka, topic, PARTITIONS);
        try (EmbeddedWorkerCluster worker = builder(kafka, true, "sa-eos-shrink", dir.resolve("shrink"))) {
            worker.putConnector(topic, connector(topic, 2, true));
            worker.start();
            await("both tasks commit")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        SequenceCheck c = SequenceCheck.read(kafka, topic, PARTITIONS, "read_committed");
                        return c.highest(0) > RATE && c.highest(1) > RATE;
                    });
            worker.kill(); // an interval boundary of 1 s keeps a transaction of each task open nearly all the time
            long before = SequenceCheck.read(kafka, topic, PARTITIONS, "read_committed")
                    .highest(0);

            worker.putConnector(topic, connector(topic, 1, true));
            long restartedAt = System.nanoTime();
            worker.start();
            ConnectRest rest = new ConnectRest(worker.restUri());
            Duration bound = Duration.ofSeconds(25);
            await("one task RUNNING")
                    .atMost(bound)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> rest.status(topic)
                            .filter(s -> s.tasks().size() == 1
                                    && s.tasks().get(0).state().equals("RUNNING"))
                            .isPresent());
            await("task 0 commits beyond " + before + " well within transaction.timeout.ms")
                    .atMost(bound.minusNanos(System.nanoTime() - restartedAt))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> SequenceCheck.read(kafka, topic, PARTITIONS, "read_committed")
                                    .highest(0)
                            > before + RATE / 2);
            System.out.println("[standalone eos] shrunk to 1 task, committing again after "
                    + Duration.ofNanos(System.nanoTime() - restartedAt).toMillis() + " ms");
            assertThat(Files.readString(worker.logFile()))
                    .as("the restart fenced both ids of the killed process")
                    .contains("fenced the 2 transactional ids");
            worker.stop();

            SequenceCheck committed = SequenceCheck.read(kafka, topic, PARTITIONS, "read_committed");
            System.out.println("[standalone eos] shrink read_committed: " + committed.summary());
            assertThat(committed.gaps(0)).as("task 0: sequence numbers missing").isEmpty();
            assertThat(committed.duplicates())
                    .as("sequence numbers committed twice")
                    .isEmpty();
        }
    }

    /** {@code GET /connectors/{c}/offsets} as task → {@code seq}. */
}
