package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The set-up of the exactly-once fault ITs on 3 Kanal workers ({@link ExactlyOnceRollingRestartsIT}, {@link
 * ExactlyOnceZombieLeaderIT}): a {@link KanalWorkerGroup} of 3 child-process workers with {@code
 * exactly.once.source.support=enabled} on a 3-node cluster, and one datagen sequence source per transaction boundary
 * ({@code <name>-<boundary>}, topic of the same name, 3 partitions), each with {@code exactly.once.support=required}
 * and 3 tasks. For the {@code connector} boundary, datagen commits blocks of {@link #BLOCK} numbers and aborts every
 * {@link #ABORT_EVERY}-th block, chosen by number.
 *
 * <p>Then: waiting until every task runs on a live worker and every task commits beyond a number, pausing and stopping
 * every worker so that no transaction is left open, and the {@code read_committed} check that every task's sequence
 * numbers are there exactly once ({@link SequenceCheck}). Failed waits quote the end of every worker's log.
 *
 * <p><b>Threading.</b> Not thread-safe: driven by the test's thread.
 */
final class ExactlyOnceSources implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final Duration POLL = Duration.ofMillis(200);
    static final int PARTITIONS = 3;
    static final int TASKS = 3;
    static final int RATE = 200;

    /** Datagen's {@code transaction.records} for the {@code connector} boundary: half a second of records. */
    static final long BLOCK = RATE / 2;

    /** Datagen's {@code transaction.abort.every}: blocks 2, 5, 8, ... (counting from 0) are aborted. */
    static final long ABORT_EVERY = 3;

    private final KafkaCluster kafka;
    private final String name;
    private final List<String> boundaries;
    private final KanalWorkerGroup group;
    private final long t0 = System.nanoTime();

    private ExactlyOnceSources(KafkaCluster kafka, String name, List<String> boundaries, KanalWorkerGroup group) {
        this.kafka = kafka;
        this.name = name;
        this.boundaries = List.copyOf(boundaries);
        this.group = group;
    }

    /**
     * Starts 3 workers in group {@code name}, creates a topic and a connector per boundary through the first worker,
     * and waits until every task runs and has committed a second of records.
     *
     * @param kafka the cluster, 3 nodes
     * @param name the group id, the prefix of the connectors' names and the directory under {@code target/} that
     *     keeps the workers' logs (the evidence when a run fails)
     * @param boundaries the transaction boundaries, one connector each
     * @return the running set-up; close it to stop the workers
     * @throws Exception when a topic or the workers' directory cannot be created
     */
    static ExactlyOnceSources start(KafkaCluster kafka, String name, List<String> boundaries) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", name)), name + "-");
        KanalWorkerGroup group =
                new KanalWorkerGroup(kafka, name, dir, Map.of("exactly.once.source.support", "enabled"));
        ExactlyOnceSources sources = new ExactlyOnceSources(kafka, name, boundaries, group);
        try {
            for (int i = 0; i < 3; i++) {
                group.add();
            }
            group.startAll(group.all());
            ConnectRest rest = group.live().get(0).rest();
            for (String boundary : boundaries) {
                SequenceCheck.createTopic(kafka, sources.topic(boundary), PARTITIONS);
                assertThat(rest.createConnector(sources.topic(boundary), sources.connector(boundary), WAIT)
                                .status())
                        .as("create %s", sources.topic(boundary))
                        .isEqualTo(201);
            }
            sources.awaitRunning();
            sources.awaitProgress(RATE);
        } catch (Exception | Error e) {
            group.close();
            throw e;
        }
        sources.log("3 workers, %d connectors RUNNING and committing", boundaries.size());
        return sources;
    }

    /** The workers. */
    KanalWorkerGroup group() {
        return group;
    }

    /** The boundaries, one connector each. */
    List<String> boundaries() {
        return boundaries;
    }

    /** The connector's name and its topic's for a boundary: {@code <name>-<boundary>}. */
    String topic(String boundary) {
        return name + "-" + boundary;
    }

    /** Whether the {@code connector} boundary's datagen aborts the transaction of this sequence number. */
    static boolean abortedByConnector(long seq) {
        return (seq / BLOCK + 1) % ABORT_EVERY == 0;
    }

    /**
     * The datagen connector's config for a boundary, in insertion order, for the caller to change.
     *
     * @param boundary {@code poll}, {@code interval} (a transaction a second) or {@code connector}
     * @return the config
     */
    Map<String, String> connector(String boundary) {
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

    /** Waits until every connector and each of its tasks runs on a live worker (as a responsive worker reports it). */
    void awaitRunning() {
        awaitRunningOn(group.liveIds());
    }

    /**
     * Waits until every connector and each of its tasks runs on one of the given workers.
     *
     * @param workers the ids of the workers that may run them
     */
    void awaitRunningOn(Collection<String> workers) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        boundaries.forEach(b -> expected.put(topic(b), TASKS));
        try {
            await("the connectors and their tasks RUNNING on " + workers)
                    .atMost(WAIT)
                    .pollInterval(POLL)
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> group.ownership().allRunningOn(expected, workers));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + logTails(), e);
        }
    }

    /** A lower bound of every connector's tasks' highest committed sequence number, read while the tasks write. */
    long lowestHighest() {
        long lowest = Long.MAX_VALUE;
        for (String boundary : boundaries) {
            SequenceCheck now = SequenceCheck.read(kafka, topic(boundary), PARTITIONS, "read_committed");
            for (int t = 0; t < TASKS; t++) {
                lowest = Math.min(lowest, now.highest(t));
            }
        }
        return lowest;
    }

    /**
     * Waits until every task of every connector has committed a sequence number beyond {@code beyond}.
     *
     * @param beyond the number
     */
    void awaitProgress(long beyond) {
        try {
            await("every task commits beyond " + beyond)
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> lowestHighest() > beyond);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + logTails(), e);
        }
    }

    /**
     * Pauses every connector, waits until its tasks are PAUSED, then stops every worker cleanly: no transaction of the
     * connectors is left open for the final check.
     */
    void quiesce() {
        ConnectRest survivor = group.responsive().get(0).rest();
        for (String boundary : boundaries) {
            assertThat(survivor.put("connectors/" + topic(boundary) + "/pause", Map.of())
                            .status())
                    .isEqualTo(202);
        }
        await("tasks PAUSED")
                .atMost(WAIT)
                .pollInterval(POLL)
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> boundaries.stream().allMatch(b -> survivor.status(topic(b))
                        .filter(s -> s.tasks().size() == TASKS
                                && s.tasks().stream().allMatch(t -> t.state().equals("PAUSED")))
                        .isPresent()));
        group.stopAll(group.live());
    }

    /**
     * Reads a connector's topic {@code read_committed} and {@code read_uncommitted} and asserts: every task wrote,
     * every committed number from 0 to the task's highest once, none twice; for the {@code connector} boundary, no
     * number of an aborted block committed though such numbers were written, and the last committed number ends a
     * block.
     *
     * @param boundary the connector's boundary
     * @param atLeast each task's highest committed number must be above this: it kept producing
     */
    void checkTopic(String boundary, long atLeast) {
        boolean aborts = boundary.equals("connector");
        LongPredicate absent = aborts ? ExactlyOnceSources::abortedByConnector : n -> false;
        SequenceCheck committed = SequenceCheck.read(kafka, topic(boundary), PARTITIONS, "read_committed");
        SequenceCheck everything = SequenceCheck.read(kafka, topic(boundary), PARTITIONS, "read_uncommitted");
        log("%s: read_committed: %s", boundary, committed.summary());
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
                    .as("%s, task %d kept producing", boundary, t)
                    .isGreaterThan(atLeast);
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

    /** The end of every worker's log, for a failure message. */
    String logTails() {
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

    /** Milliseconds since the set-up began. */
    long millis() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Prints a progress line, {@code [<name>] <t> ms: ...}, to the test's output. */
    void log(String format, Object... args) {
        System.out.println("[" + name + "] " + millis() + " ms: " + String.format(format, args));
    }

    /** Stops every live worker (SIGTERM; a suspended one is resumed first). */
    @Override
    public void close() {
        group.close();
    }
}
