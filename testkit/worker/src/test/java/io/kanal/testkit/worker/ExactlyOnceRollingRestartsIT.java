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
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once source (KIP-618) through four rounds of rolling restarts of 3 Kanal distributed workers, each a child
 * process, on a 3-node cluster: three datagen sequence sources with {@code exactly.once.support=required} and 3 tasks
 * each, one per transaction boundary ({@code interval}, {@code poll}, {@code connector}), running side by side through
 * the same rounds. Round 1 stops each worker cleanly (SIGTERM) and waits until every task runs again before the next;
 * round 2 does the same with SIGKILL, so the victim's transactions are open when it dies; rounds 3 (SIGTERM) and 4
 * (SIGKILL) restart the workers back to back, the next one stopped as soon as the previous one is healthy, so that
 * rebalances, fencing and transactions of several generations overlap.
 *
 * <p>A {@code read_committed} reader then sees every sequence number of every task exactly once, from 0 up to the
 * task's final count, except, for the {@code connector} boundary, the numbers of the transactions the connector itself
 * aborts (datagen's {@code transaction.records} blocks, every {@code transaction.abort.every}-th aborted by number):
 * none of those, ever, while a {@code read_uncommitted} reader shows that they were written.
 */
@WithKafkaCluster(nodes = 3)
class ExactlyOnceRollingRestartsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PARTITIONS = 3;
    private static final int TASKS = 3;
    private static final int RATE = 200;

    /** The boundaries, one connector (and topic, {@code eos-rolling-<boundary>}) each. */
    private static final List<String> BOUNDARIES = List.of("interval", "poll", "connector");

    /** Datagen's {@code transaction.records} for the {@code connector} boundary: half a second of records. */
    private static final long BLOCK = RATE / 2;

    /** Datagen's {@code transaction.abort.every}: blocks 2, 5, 8, ... (counting from 0) are aborted. */
    private static final long ABORT_EVERY = 3;

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

    private static String topic(String boundary) {
        return "eos-rolling-" + boundary;
    }

    /** Whether the {@code connector} boundary's datagen aborts the transaction of this sequence number. */
    private static boolean abortedByConnector(long seq) {
        return (seq / BLOCK + 1) % ABORT_EVERY == 0;
    }

    private static Map<String, String> connector(String boundary) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.kanal.plugins.datagen.DatagenConnector");
        c.put("topic", topic(boundary));
        c.put("tasks.max", Integer.toString(TASKS));
        c.put("schema", "string");
        c.put("rate.per.task", Integer.toString(RATE));
        c.put("exactly.once.support", "required");
        c.put("transaction.boundary", boundary);
        // An interval of a second keeps a transaction open nearly all the time, so most stops land inside one.
        c.put("transaction.boundary.interval.ms", "1000");
        if (boundary.equals("connector")) {
            c.put("transaction.records", Long.toString(BLOCK));
            c.put("transaction.abort.every", Long.toString(ABORT_EVERY));
        }
        return c;
    }

    @Test
    void everySequenceNumberIsCommittedOnceThroughFourRoundsOfRollingRestarts(KafkaCluster kafka) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(LOGS), "rolling-");
        group = new KanalWorkerGroup(kafka, "eos-rolling", dir, Map.of("exactly.once.source.support", "enabled"));
        for (int i = 0; i < 3; i++) {
            group.add();
        }
        long t0 = System.nanoTime();
        group.startAll(group.all());
        ConnectRest rest = group.live().get(0).rest();
        for (String boundary : BOUNDARIES) {
            SequenceCheck.createTopic(kafka, topic(boundary), PARTITIONS);
            assertThat(rest.createConnector(topic(boundary), connector(boundary), WAIT)
                            .status())
                    .as("create %s", topic(boundary))
                    .isEqualTo(201);
        }
        awaitRunning();
        awaitProgress(kafka, RATE);
        log("3 workers, %d connectors RUNNING and committing after %d ms", BOUNDARIES.size(), millisSince(t0));

        round(kafka, 1, Stop.CLEAN, true);
        round(kafka, 2, Stop.HARD, true);
        round(kafka, 3, Stop.CLEAN, false);
        round(kafka, 4, Stop.HARD, false);

        // Quiesce: paused, then every worker stopped cleanly, so no transaction of the connectors is left open.
        ConnectRest survivor = group.live().get(0).rest();
        for (String boundary : BOUNDARIES) {
            assertThat(survivor.put("connectors/" + topic(boundary) + "/pause", Map.of())
                            .status())
                    .isEqualTo(202);
        }
        await("tasks PAUSED")
                .atMost(WAIT)
                .pollInterval(POLL)
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> BOUNDARIES.stream().allMatch(b -> survivor.status(topic(b))
                        .filter(s -> s.tasks().size() == TASKS
                                && s.tasks().stream().allMatch(t -> t.state().equals("PAUSED")))
                        .isPresent()));
        group.stopAll(group.live());

        for (String boundary : BOUNDARIES) {
            checkTopic(kafka, boundary, t0);
        }
    }

    /** Every committed number once; for {@code connector}, none of the aborted blocks, though they were written. */
    private static void checkTopic(KafkaCluster kafka, String boundary, long t0) {
        boolean aborts = boundary.equals("connector");
        LongPredicate absent = aborts ? ExactlyOnceRollingRestartsIT::abortedByConnector : n -> false;
        SequenceCheck committed = SequenceCheck.read(kafka, topic(boundary), PARTITIONS, "read_committed");
        SequenceCheck everything = SequenceCheck.read(kafka, topic(boundary), PARTITIONS, "read_uncommitted");
        log("%s: read_committed after %d ms: %s", boundary, millisSince(t0), committed.summary());
        log("%s: read_uncommitted (aborted records included): %s", boundary, everything.summary());
        assertThat(committed.seen().keySet())
                .as("%s: tasks that wrote", boundary)
                .hasSize(TASKS);
        for (int t = 0; t < TASKS; t++) {
            assertThat(committed.gaps(t, absent))
                    .as(
                            "%s, task %d: committed sequence numbers missing below its final %d",
                            boundary, t, committed.highest(t))
                    .isEmpty();
            assertThat(committed.highest(t))
                    .as("%s, task %d kept producing through the four rounds", boundary, t)
                    .isGreaterThan(RATE * 8L);
            if (aborts) {
                assertThat(committed.seenAmong(t, absent))
                        .as("connector, task %d: numbers of aborted transactions read_committed", t)
                        .isEmpty();
                assertThat((committed.highest(t) + 1) % BLOCK)
                        .as("connector, task %d: its last committed number %d ends a block", t, committed.highest(t))
                        .isZero();
                assertThat(everything.seenAmong(t, absent))
                        .as("connector, task %d: the aborted transactions were written (read_uncommitted)", t)
                        .isNotEmpty();
            }
        }
        assertThat(committed.duplicates())
                .as("%s: sequence numbers committed twice", boundary)
                .isEmpty();
    }

    /**
     * Restarts each worker in turn. With {@code settle}, waits after each restart until every task runs and has
     * committed more; without, stops the next worker as soon as the previous one answers its health check.
     */
    private void round(KafkaCluster kafka, int round, Stop how, boolean settle) {
        long t0 = System.nanoTime();
        for (KanalDistributedWorker w : group.all()) {
            long before = settle ? lowestHighest(kafka) : -1;
            if (how == Stop.CLEAN) {
                w.stop();
            } else {
                w.kill();
            }
            w.start();
            if (settle) {
                awaitRunning();
                awaitProgress(kafka, before + RATE / 2);
            }
        }
        if (!settle) {
            awaitRunning();
        }
        awaitProgress(kafka, lowestHighest(kafka) + RATE / 2);
        log("round %d (%s, %s): done in %d ms", round, how, settle ? "settled" : "back to back", millisSince(t0));
    }

    private void awaitRunning() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        BOUNDARIES.forEach(b -> expected.put(topic(b), TASKS));
        try {
            await("the connectors and their tasks RUNNING on live workers")
                    .atMost(WAIT)
                    .pollInterval(POLL)
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> group.ownership().allRunningOn(expected, group.liveIds()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + logTails(), e);
        }
    }

    /** A lower bound of every connector's tasks' highest committed sequence number, read while the tasks write. */
    private static long lowestHighest(KafkaCluster kafka) {
        long lowest = Long.MAX_VALUE;
        for (String boundary : BOUNDARIES) {
            SequenceCheck now = SequenceCheck.read(kafka, topic(boundary), PARTITIONS, "read_committed");
            for (int t = 0; t < TASKS; t++) {
                lowest = Math.min(lowest, now.highest(t));
            }
        }
        return lowest;
    }

    private void awaitProgress(KafkaCluster kafka, long beyond) {
        try {
            await("every task commits beyond " + beyond)
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> lowestHighest(kafka) > beyond);
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
