package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly-once source (KIP-618) through four rounds of rolling restarts of 3 Kanal distributed workers, each a child
 * process, on a 3-node cluster: the datagen sequence source with {@code exactly.once.support=required}, 3 tasks and a
 * given transaction boundary. Round 1 stops each worker cleanly (SIGTERM) and waits until every task runs again before
 * the next; round 2 does the same with SIGKILL, so the victim's transactions are open when it dies; rounds 3 (SIGTERM)
 * and 4 (SIGKILL) restart the workers back to back, the next one stopped as soon as the previous one is healthy, so
 * that rebalances, fencing and transactions of several generations overlap. A {@code read_committed} reader then sees
 * every sequence number of every task exactly once, from 0 up to the task's final count.
 */
@WithKafkaCluster(nodes = 3)
class ExactlyOnceRollingRestartsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PARTITIONS = 3;
    private static final int TASKS = 3;
    private static final int RATE = 200;

    /** Under target/, not a temporary directory: the workers' logs are the evidence when a round fails. */
    private static final Path LOGS = Path.of("target", "exactly-once-rolling");

    private KanalWorkerGroup group;

    @AfterEach
    void stopWorkers() {
        if (group != null) {
            group.close();
        }
    }

    /** How a round takes a worker down. */
    private enum Stop {
        CLEAN,
        HARD
    }

    private static Map<String, String> connector(String topic, String boundary) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.kanal.plugins.datagen.DatagenConnector");
        c.put("topic", topic);
        c.put("tasks.max", Integer.toString(TASKS));
        c.put("schema", "string");
        c.put("rate.per.task", Integer.toString(RATE));
        c.put("exactly.once.support", "required");
        c.put("transaction.boundary", boundary);
        // An interval of a second keeps a transaction open nearly all the time, so most stops land inside one.
        c.put("transaction.boundary.interval.ms", "1000");
        return c;
    }

    @ParameterizedTest(name = "transaction.boundary={0}")
    @ValueSource(strings = {"interval", "poll"})
    void everySequenceNumberIsCommittedOnceThroughFourRoundsOfRollingRestarts(String boundary, KafkaCluster kafka)
            throws Exception {
        String topic = "eos-rolling-" + boundary;
        Path dir = Files.createTempDirectory(Files.createDirectories(LOGS), boundary + "-");
        group = new KanalWorkerGroup(kafka, topic, dir, Map.of("exactly.once.source.support", "enabled"));
        for (int i = 0; i < 3; i++) {
            group.add();
        }
        long t0 = System.nanoTime();
        group.startAll(group.all());
        SequenceCheck.createTopic(kafka, topic, PARTITIONS);
        ConnectRest rest = group.live().get(0).rest();
        assertThat(rest.createConnector(topic, connector(topic, boundary), WAIT).status())
                .isEqualTo(201);
        awaitRunning(topic);
        awaitProgress(kafka, topic, RATE);
        log("%s: 3 workers, connector RUNNING and committing after %d ms", boundary, millisSince(t0));

        round(kafka, topic, 1, Stop.CLEAN, true);
        round(kafka, topic, 2, Stop.HARD, true);
        round(kafka, topic, 3, Stop.CLEAN, false);
        round(kafka, topic, 4, Stop.HARD, false);

        // Quiesce: paused, then every worker stopped cleanly, so no transaction of the connector is left open.
        ConnectRest survivor = group.live().get(0).rest();
        assertThat(survivor.put("connectors/" + topic + "/pause", Map.of()).status())
                .isEqualTo(202);
        await("tasks PAUSED")
                .atMost(WAIT)
                .pollInterval(POLL)
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> survivor.status(topic)
                        .filter(s -> s.tasks().size() == TASKS
                                && s.tasks().stream().allMatch(t -> t.state().equals("PAUSED")))
                        .isPresent());
        group.stopAll(group.live());

        SequenceCheck committed = SequenceCheck.read(kafka, topic, PARTITIONS, "read_committed");
        SequenceCheck everything = SequenceCheck.read(kafka, topic, PARTITIONS, "read_uncommitted");
        log("%s: read_committed after %d ms: %s", boundary, millisSince(t0), committed.summary());
        log("%s: read_uncommitted (aborted records included): %s", boundary, everything.summary());
        assertThat(committed.seen().keySet()).as("tasks that wrote").hasSize(TASKS);
        for (int t = 0; t < TASKS; t++) {
            assertThat(committed.gaps(t))
                    .as("task %d: sequence numbers missing below its final %d", t, committed.highest(t))
                    .isEmpty();
            assertThat(committed.highest(t))
                    .as("task %d kept producing through the four rounds", t)
                    .isGreaterThan(RATE * 8L);
        }
        assertThat(committed.duplicates())
                .as("sequence numbers committed twice")
                .isEmpty();
    }

    /**
     * Restarts each worker in turn. With {@code settle}, waits after each restart until every task runs and has
     * committed more; without, stops the next worker as soon as the previous one answers its health check.
     */
    private void round(KafkaCluster kafka, String topic, int round, Stop how, boolean settle) {
        long t0 = System.nanoTime();
        for (KanalDistributedWorker w : group.all()) {
            long before = settle ? lowestHighest(kafka, topic) : -1;
            if (how == Stop.CLEAN) {
                w.stop();
            } else {
                w.kill();
            }
            w.start();
            if (settle) {
                awaitRunning(topic);
                awaitProgress(kafka, topic, before + RATE / 2);
            }
        }
        if (!settle) {
            awaitRunning(topic);
        }
        awaitProgress(kafka, topic, lowestHighest(kafka, topic) + RATE / 2);
        log("round %d (%s, %s): done in %d ms", round, how, settle ? "settled" : "back to back", millisSince(t0));
    }

    private void awaitRunning(String name) {
        try {
            await(name + " and its tasks RUNNING on live workers")
                    .atMost(WAIT)
                    .pollInterval(POLL)
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> group.ownership().allRunningOn(Map.of(name, TASKS), group.liveIds()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + logTails(), e);
        }
    }

    /** A lower bound of each task's highest committed sequence number, read while the tasks write. */
    private static long lowestHighest(KafkaCluster kafka, String topic) {
        SequenceCheck now = SequenceCheck.read(kafka, topic, PARTITIONS, "read_committed");
        long lowest = Long.MAX_VALUE;
        for (int t = 0; t < TASKS; t++) {
            lowest = Math.min(lowest, now.highest(t));
        }
        return lowest;
    }

    private void awaitProgress(KafkaCluster kafka, String topic, long beyond) {
        try {
            await("every task commits beyond " + beyond)
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> lowestHighest(kafka, topic) > beyond);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + logTails(), e);
        }
    }

    private String logTails() {
        StringBuilder out = new StringBuilder();
        for (KanalDistributedWorker w : group.all()) {
            out.append("---- ")
                    .append(w)
                    .append(" (")
                    .append(w.logFile())
                    .append(") ----\n")
                    .append(w.logTail())
                    .append('\n');
        }
        return out.toString();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void log(String format, Object... args) {
        System.out.println("[eos-rolling] " + String.format(format, args));
    }
}
