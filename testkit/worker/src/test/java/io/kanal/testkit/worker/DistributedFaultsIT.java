package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.KafkaNode;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 15's fault scenarios: three Kanal distributed workers as child processes on a 3-node Kafka cluster (internal
 * topics and data topics replicated 3 times), running the datagen sequence source; the data topic itself tells, per
 * task, every sequence number missing (a gap: data lost) or written twice (a duplicate). Each test prints what it
 * measured ({@code [faults] ...} lines). The broker outage runs last, since it stops the class's Kafka cluster.
 */
@WithKafkaCluster(nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedFaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Connect's health check waits 10 s for the herder; its worker turns unhealthy within a few of those. */
    private static final Duration HEALTH_WAIT = Duration.ofSeconds(30);

    private static final Duration FAILOVER_BUDGET = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PARTITIONS = 3;
    private static final int TASKS = 3;
    private static final int RATE = 100;

    /** Under target/, not a temporary directory: the workers' logs are the evidence when a scenario fails. */
    private static final Path LOGS = Path.of("target", "distributed-faults");

    private final List<KanalWorkerGroup> groups = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        groups.forEach(KanalWorkerGroup::close);
    }

    private KanalWorkerGroup startGroup(KafkaCluster kafka, String group, int workers) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(LOGS), group + "-");
        KanalWorkerGroup g = new KanalWorkerGroup(kafka, group, dir);
        groups.add(g);
        for (int i = 0; i < workers; i++) {
            g.add();
        }
        long t0 = System.nanoTime();
        g.startAll(g.all());
        log("%s: %d workers healthy after %d ms; logs in %s", group, workers, millisSince(t0), dir.toAbsolutePath());
        return g;
    }

    private static Map<String, String> datagen(String topic, int tasks, int rate) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.kanal.plugins.datagen.DatagenConnector");
        c.put("topic", topic);
        c.put("tasks.max", Integer.toString(tasks));
        c.put("schema", "string");
        c.put("rate.per.task", Integer.toString(rate));
        return c;
    }

    /** Creates the topic and a datagen connector of {@link #TASKS} tasks writing to it, and waits until it spreads. */
    private static void createSequence(KafkaCluster kafka, KanalWorkerGroup g, String name) throws Exception {
        SequenceCheck.createTopic(kafka, name, PARTITIONS);
        g.live().get(0).rest().createConnector(name, datagen(name, TASKS, RATE), WAIT);
        long ms = awaitSettled(g, Map.of(name, TASKS));
        log("%s: connector and %d tasks RUNNING, balanced, after %d ms", name, TASKS, ms);
    }

    /**
     * Waits until every expected connector and task is RUNNING on a live worker and the live workers share them evenly
     * (max − min &lt; 2 of tasks and of connectors per worker), as the first live worker reports it.
     *
     * @return how long it took, in ms
     */
    private static long awaitSettled(KanalWorkerGroup g, Map<String, Integer> expected) {
        long t0 = System.nanoTime();
        AtomicReference<Object> last = new AtomicReference<>("nothing yet");
        try {
            await("connectors " + expected + " RUNNING and balanced on " + g.liveIds())
                    .atMost(WAIT)
                    .pollInterval(POLL)
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        ClusterOwnership o = g.ownership();
                        last.set(o);
                        List<String> live = g.liveIds();
                        return o.allRunningOn(expected, live) && o.balancedOver(live);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last.get() + "\n" + logTails(g), e);
        }
        return millisSince(t0);
    }

    /** Pauses the connectors and waits until they and their tasks report PAUSED, so that their topics stand still. */
    private static void pause(KanalWorkerGroup g, Map<String, Integer> connectors) {
        ConnectRest rest = g.live().get(0).rest();
        connectors.keySet().forEach(name -> assertThat(
                        rest.put("connectors/" + name + "/pause", Map.of()).status())
                .as("pause %s", name)
                .isEqualTo(202));
        await("connectors " + connectors.keySet() + " PAUSED")
                .atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> connectors.entrySet().stream().allMatch(e -> {
                    ConnectorStatus s = g.ownership().connectors().get(e.getKey());
                    return s != null
                            && s.connector().state().equals("PAUSED")
                            && s.tasks().size() == e.getValue()
                            && s.tasks().stream().allMatch(t -> t.state().equals("PAUSED"));
                }));
    }

    /**
     * Quiesces the cluster (pause, then every worker stopped cleanly, so that nothing is in flight) and reads the
     * topic.
     */
    private static SequenceCheck quiesceAndRead(KafkaCluster kafka, KanalWorkerGroup g, String topic) {
        pause(g, Map.of(topic, TASKS));
        g.stopAll(g.live());
        SequenceCheck check = SequenceCheck.read(kafka, topic, PARTITIONS);
        log("%s: %s", topic, check.summary());
        return check;
    }

    @Test
    @Order(1)
    void rollingCleanRestartsLoseAndRepeatNothing(KafkaCluster kafka) throws Exception {
        KanalWorkerGroup g = startGroup(kafka, "rolling", 3);
        createSequence(kafka, g, "rolling");
        Map<Integer, Long> before = highestPerTask(kafka, "rolling");

        for (int round = 1; round <= 3; round++) {
            for (KanalDistributedWorker w : g.all()) {
                long t0 = System.nanoTime();
                w.stop();
                long stopped = millisSince(t0);
                w.start();
                long started = millisSince(t0);
                long settled = awaitSettled(g, Map.of("rolling", TASKS));
                log(
                        "rolling round %d, %s: stopped in %d ms, healthy again at %d ms, all RUNNING and balanced %d"
                                + " ms later",
                        round, w.workerId(), stopped, started, settled);
            }
        }

        SequenceCheck check = quiesceAndRead(kafka, g, "rolling");
        for (int t = 0; t < TASKS; t++) {
            assertThat(check.gaps(t))
                    .as("sequence numbers of task %d missing", t)
                    .isEmpty();
            assertThat(check.highest(t))
                    .as("task %d kept producing through the restarts", t)
                    .isGreaterThan(before.getOrDefault(t, -1L) + RATE * 10);
        }
        assertThat(check.duplicates()).as("sequence numbers written twice").isEmpty();
    }

    @Test
    @Order(2)
    void killedWorkersLoseNothingAndTheirTasksRunElsewhereWithinFifteenSeconds(KafkaCluster kafka) throws Exception {
        KanalWorkerGroup g = startGroup(kafka, "killed", 3);
        createSequence(kafka, g, "killed");
        Map<String, Integer> expected = Map.of("killed", TASKS);
        List<Long> taskFailovers = new ArrayList<>();

        for (int round = 1; round <= 3; round++) {
            KanalDistributedWorker victim = g.all().get(round - 1);
            boolean wasLeader = g.leader().map(victim::equals).orElse(false);
            long t0 = System.nanoTime();
            victim.kill();
            AtomicLong tasksAt = new AtomicLong(-1);
            AtomicReference<Object> last = new AtomicReference<>("nothing yet");
            try {
                await("every task RUNNING on the survivors of " + victim)
                        .atMost(WAIT)
                        .pollInterval(POLL)
                        .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                        .until(() -> {
                            ClusterOwnership o = g.ownership();
                            last.set(o);
                            if (tasksAt.get() < 0 && o.allTasksRunningOn(expected, g.liveIds())) {
                                tasksAt.set(millisSince(t0));
                            }
                            return tasksAt.get() >= 0 && o.allRunningOn(expected, g.liveIds());
                        });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "; last seen: " + last.get() + "\n" + logTails(g), e);
            }
            long connectorAt = millisSince(t0);
            taskFailovers.add(tasksAt.get());
            long t1 = System.nanoTime();
            victim.start();
            awaitSettled(g, expected);
            log(
                    "kill round %d, %s%s: tasks RUNNING elsewhere after %d ms (connector too after %d ms); restarted"
                            + " and balanced again after %d ms",
                    round,
                    victim.workerId(),
                    wasLeader ? " (the leader)" : "",
                    tasksAt.get(),
                    connectorAt,
                    millisSince(t1));
        }

        SequenceCheck check = quiesceAndRead(kafka, g, "killed");
        log(
                "killed: failover times %s ms; %d duplicates (SIGKILL loses the uncommitted offsets)",
                taskFailovers, check.duplicateCount());
        for (int t = 0; t < TASKS; t++) {
            assertThat(check.gaps(t))
                    .as("sequence numbers of task %d missing", t)
                    .isEmpty();
        }
        assertThat(taskFailovers)
                .as("ms from each SIGKILL until every task RUNNING on the survivors")
                .allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(FAILOVER_BUDGET.toMillis()));
    }

    @Test
    @Order(3)
    void aConnectorCreatedJustBeforeTheLeaderDiesRunsOnTheSurvivors(KafkaCluster kafka) throws Exception {
        KanalWorkerGroup g = startGroup(kafka, "orphan", 3);
        AtomicReference<KanalDistributedWorker> leader = new AtomicReference<>();
        await("a leader in the workers' logs").atMost(WAIT).pollInterval(POLL).until(() -> {
            g.leader().ifPresent(leader::set);
            return leader.get() != null;
        });
        SequenceCheck.createTopic(kafka, "orphan", PARTITIONS);
        ConnectRest.Response created =
                leader.get().rest().createConnector("orphan", datagen("orphan", TASKS, RATE), WAIT);
        long t0 = System.nanoTime();
        leader.get().kill();
        log(
                "orphan: %s (the leader) killed right after it answered %d to the create",
                leader.get().workerId(), created.status());

        for (KanalDistributedWorker survivor : g.live()) {
            await("connector orphan listed by " + survivor)
                    .atMost(WAIT)
                    .pollInterval(POLL)
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> survivor.rest().connectors().contains("orphan"));
        }
        awaitSettled(g, Map.of("orphan", TASKS));
        log(
                "orphan: RUNNING and balanced on the survivors %s %d ms after the kill (new leader %s)",
                g.liveIds(),
                millisSince(t0),
                g.leader().map(ConnectWorker::workerId).orElse("unknown"));
        long end = Pipelines.endOffsets(kafka, "orphan", PARTITIONS);
        await("records written by the survivors")
                .atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> Pipelines.endOffsets(kafka, "orphan", PARTITIONS) > end + RATE);
    }

    @Test
    @Order(4)
    void workersJoiningAndLeavingKeepEveryTaskOwnedOnceAndBalanced(KafkaCluster kafka) throws Exception {
        KanalWorkerGroup g = startGroup(kafka, "joinleave", 3);
        Map<String, Integer> expected = new LinkedHashMap<>();
        ConnectRest rest = g.live().get(0).rest();
        for (String name : List.of("jl-a", "jl-b", "jl-c")) {
            SequenceCheck.createTopic(kafka, name, PARTITIONS);
            rest.createConnector(name, datagen(name, 4, 20), WAIT);
            expected.put(name, 4);
        }
        log("joinleave: 3 connectors x 4 tasks on 3 workers, settled after %d ms", awaitSettled(g, expected));
        SoftAssertions softly = new SoftAssertions();
        checkBalance(softly, g, expected, "3 workers");

        KanalDistributedWorker fourth = g.add();
        long t0 = System.nanoTime();
        fourth.start();
        long settled = awaitSettled(g, expected);
        log(
                "joinleave: a 4th worker healthy after %d ms, all RUNNING and balanced on 4 after %d ms more",
                millisSince(t0) - settled, settled);
        assertThat(g.ownership().tasksPerWorker(g.liveIds()).get(fourth.workerId()))
                .as("tasks given to the 4th worker")
                .isEqualTo(3);
        checkBalance(softly, g, expected, "4 workers");

        KanalDistributedWorker leaving = g.all().get(0);
        t0 = System.nanoTime();
        leaving.stop();
        long stopped = millisSince(t0);
        settled = awaitSettled(g, expected);
        log(
                "joinleave: %s stopped in %d ms, all RUNNING and balanced on 3 after %d ms more",
                leaving.workerId(), stopped, settled);
        checkBalance(softly, g, expected, "3 workers after one left");

        pause(g, expected);
        g.stopAll(g.live());
        for (String name : expected.keySet()) {
            SequenceCheck check = SequenceCheck.read(kafka, name, PARTITIONS);
            log("%s: %s", name, check.summary());
            for (int t = 0; t < 4; t++) {
                softly.assertThat(check.gaps(t))
                        .as("%s: task %d missing", name, t)
                        .isEmpty();
            }
            softly.assertThat(check.duplicates())
                    .as("%s: written twice (a task owned twice, or handed over unclean)", name)
                    .isEmpty();
        }
        softly.assertAll();
    }

    /** Each task listed once, tasks and connectors per worker and each connector's tasks per worker spread < 2. */
    private static void checkBalance(
            SoftAssertions softly, KanalWorkerGroup g, Map<String, Integer> expected, String when) {
        ClusterOwnership o = g.ownership();
        List<String> live = g.liveIds();
        log("joinleave, %s: tasks %s, connectors %s", when, o.tasksPerWorker(live), o.connectorsPerWorker(live));
        softly.assertThat(o.tasksPerWorker(live).values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .as("%s: tasks owned", when)
                .isEqualTo(
                        expected.values().stream().mapToInt(Integer::intValue).sum());
        softly.assertThat(ClusterOwnership.spread(o.tasksPerWorker(live), live))
                .as("%s: max - min of tasks per worker %s", when, o.tasksPerWorker(live))
                .isLessThan(2);
        softly.assertThat(ClusterOwnership.spread(o.connectorsPerWorker(live), live))
                .as("%s: max - min of connectors per worker %s", when, o.connectorsPerWorker(live))
                .isLessThan(2);
        for (String name : expected.keySet()) {
            softly.assertThat(o.connectors().get(name).tasks())
                    .extracting(ConnectorStatus.TaskState::id)
                    .as("%s: %s's task ids", when, name)
                    .containsExactlyInAnyOrder(0, 1, 2, 3);
            softly.assertThat(ClusterOwnership.spread(o.tasksPerWorker(name, live), live))
                    .as("%s: max - min of %s's tasks per worker %s", when, name, o.tasksPerWorker(name, live))
                    .isLessThan(2);
        }
    }

    @Test
    @Order(5)
    void aPausedConnectorStaysPausedThroughAFullClusterRestart(KafkaCluster kafka) throws Exception {
        KanalWorkerGroup g = startGroup(kafka, "paused", 3);
        createSequence(kafka, g, "paused");
        pause(g, Map.of("paused", TASKS));
        long end = Pipelines.endOffsets(kafka, "paused", PARTITIONS);

        long t0 = System.nanoTime();
        g.stopAll(g.all());
        long stopped = millisSince(t0);
        g.startAll(g.all());
        log("paused: 3 workers stopped in %d ms and healthy again after %d ms", stopped, millisSince(t0));
        for (KanalDistributedWorker w : g.all()) {
            await("connector paused and its tasks PAUSED per " + w)
                    .atMost(WAIT)
                    .pollInterval(POLL)
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> w.rest()
                            .status("paused")
                            .filter(s -> s.connector().state().equals("PAUSED")
                                    && s.tasks().size() == TASKS
                                    && s.tasks().stream()
                                            .allMatch(t -> t.state().equals("PAUSED")
                                                    && g.liveIds().contains(t.workerId())))
                            .isPresent());
        }
        log("paused: PAUSED on every worker %d ms after the restart began", millisSince(t0));
        // Paused means no record: the topic stands still for a while (Awaitility's during, not a sleep).
        await("the paused connector's topic stands still")
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .pollInterval(POLL)
                .until(() -> Pipelines.endOffsets(kafka, "paused", PARTITIONS) == end);

        // And it was paused, not broken: resumed, it runs on and writes again.
        assertThat(g.live()
                        .get(1)
                        .rest()
                        .put("connectors/paused/resume", Map.of())
                        .status())
                .isEqualTo(202);
        awaitSettled(g, Map.of("paused", TASKS));
        await("records after the resume")
                .atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> Pipelines.endOffsets(kafka, "paused", PARTITIONS) > end + RATE);
    }

    @Test
    @Order(6)
    void aBrokerOutageTurnsHealthTo500AndTheClusterRecovers(KafkaCluster kafka) throws Exception {
        KanalWorkerGroup g = startGroup(kafka, "outage", 3);
        createSequence(kafka, g, "outage");
        Map<String, Integer> expected = Map.of("outage", TASKS);

        long t0 = System.nanoTime();
        kafka.nodes().forEach(KafkaNode::kill);
        log("outage: %d Kafka nodes killed", kafka.nodes().size());
        AtomicReference<String> unhealthy = new AtomicReference<>();
        AtomicReference<String> lastHealth = new AtomicReference<>("none yet");
        try {
            await("GET /health answering 500 on a worker")
                    .atMost(HEALTH_WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        for (KanalDistributedWorker w : g.live()) {
                            ConnectRest.Response r = w.rest().get("health");
                            lastHealth.set(w.workerId() + ": " + r.status() + " " + r.body());
                            if (r.status() == 500) {
                                unhealthy.set(lastHealth.get());
                                return true;
                            }
                        }
                        return false;
                    });
            log("outage: %s, %d ms after the kill", unhealthy.get(), millisSince(t0));
        } catch (ConditionTimeoutException e) {
            log("outage: no worker answered 500 within %s of the kill; last: %s", HEALTH_WAIT, lastHealth.get());
        }

        long t1 = System.nanoTime();
        CompletableFuture.allOf(kafka.nodes().stream()
                        .map(n -> CompletableFuture.runAsync(n::start))
                        .toArray(CompletableFuture[]::new))
                .join();
        log("outage: Kafka back after %d ms (down %d ms)", millisSince(t1), millisSince(t0));
        for (KanalDistributedWorker w : g.live()) {
            await(w + " healthy again")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(w.rest()::healthy);
        }
        long healthy = millisSince(t1);
        long settled = awaitSettled(g, expected);
        long end = Pipelines.endOffsets(kafka, "outage", PARTITIONS);
        await("records after the outage")
                .atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> Pipelines.endOffsets(kafka, "outage", PARTITIONS) > end + RATE);
        log(
                "outage: workers healthy %d ms after Kafka was back, all RUNNING %d ms later, records flowing %d ms"
                        + " after Kafka was back",
                healthy, settled, millisSince(t1));

        SequenceCheck check = quiesceAndRead(kafka, g, "outage");
        for (int t = 0; t < TASKS; t++) {
            assertThat(check.gaps(t))
                    .as("sequence numbers of task %d missing", t)
                    .isEmpty();
        }
        assertThat(unhealthy.get())
                .as(
                        "GET /health of some worker answered 500 while every broker was down (KIP-1017); last answer: %s",
                        lastHealth.get())
                .isNotNull();
    }

    private static Map<Integer, Long> highestPerTask(KafkaCluster kafka, String topic) {
        // Only a lower bound while the tasks write (a later record may be in and an earlier one not yet): enough
        // to show that they kept writing afterwards.
        SequenceCheck now = SequenceCheck.read(kafka, topic, PARTITIONS);
        Map<Integer, Long> out = new LinkedHashMap<>();
        for (int t = 0; t < TASKS; t++) {
            out.put(t, now.highest(t));
        }
        return out;
    }

    private static String logTails(KanalWorkerGroup g) {
        StringBuilder out = new StringBuilder();
        for (KanalDistributedWorker w : g.all()) {
            out.append("---- ")
                    .append(w)
                    .append(" (")
                    .append(w.logFile())
                    .append(") ----\n")
                    .append(w.logTail());
            out.append('\n');
        }
        return out.toString();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void log(String format, Object... args) {
        System.out.println("[faults] " + String.format(format, args));
    }
}
