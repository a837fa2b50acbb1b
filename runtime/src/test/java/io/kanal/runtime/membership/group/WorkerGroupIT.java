package io.kanal.runtime.membership.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.membership.protocol.ConnectProtocolCompatibility;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three worker group memberships in one process on a real broker, with Kanal's default timeouts (session 6 s,
 * heartbeat 2 s, scheduled rebalance delay 5 s) and a config topic of 5 connectors × 3 tasks: the work is shared out
 * once each and balanced; a clean leave moves the leaver's work at once; a crash holds it for the delay, then moves
 * it; a worker that comes back within the delay, after a crash or a clean stop, ends with its own work and the
 * others with theirs. Measured times are logged.
 */
@WithKafkaCluster
class WorkerGroupIT {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerGroupIT.class);
    private static final int CONNECTORS = 5;
    private static final int TASKS = 3;

    private final FakeConfigs configs = FakeConfigs.of(CONNECTORS, TASKS);
    /** The status topic as far as clean leaves go: item → the worker that wrote it UNASSIGNED. */
    private final Map<Object, String> unassignedBy = new ConcurrentHashMap<>();

    private final List<WorkerGroupMembership> started = new CopyOnWriteArrayList<>();
    private final Map<WorkerGroupMembership, List<Assignment>> history = new ConcurrentHashMap<>();

    @AfterEach
    void closeAll() {
        started.forEach(WorkerGroupMembership::close);
    }

    @Test
    void theWorkIsSharedOnceAndBalancedAndACleanLeaveMovesItAtOnce(KafkaCluster cluster) {
        List<WorkerGroupMembership> workers = startThree(cluster, "clean-leave");
        Map<String, Assignment> before = ownedByWorker(workers);
        assertThat(workers).filteredOn(w -> w.leader().orElseThrow().self()).hasSize(1);
        assertThat(workers).allSatisfy(w -> assertThat(w.protocol())
                .hasValueSatisfying(p -> assertThat(p.protocolName()).isEqualTo("sessioned")));

        WorkerGroupMembership leaving = nonLeader(workers);
        List<WorkerGroupMembership> staying = without(workers, leaving);
        long start = System.nanoTime();
        stopCleanly(leaving);

        await().atMost(Duration.ofSeconds(15)).until(() -> settled(staying));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        LOG.info("clean leave: the leaver's work was running elsewhere after {} ms", elapsedMs);
        assertThat(elapsedMs)
                .as("moved without waiting for scheduled.rebalance.max.delay.ms")
                .isLessThan(WorkerGroupConfig.DEFAULT_SCHEDULED_REBALANCE_MAX_DELAY_MS);
        assertBalanced(staying);
        staying.forEach(w -> assertThat(w.owned().tasks())
                .containsAll(before.get(w.workerId()).tasks()));
    }

    @Test
    void aCrashedWorkersWorkIsHeldForTheDelayThenReassigned(KafkaCluster cluster) {
        List<WorkerGroupMembership> workers = startThree(cluster, "crash");
        WorkerGroupMembership crashing = nonLeader(workers);
        Assignment orphaned = crashing.owned();
        List<WorkerGroupMembership> staying = without(workers, crashing);
        long start = System.nanoTime();
        crashing.closeWithoutLeaving();

        // Nobody else runs the crashed worker's work before its session expires (4 to 6 s: the last heartbeat was up to
        // 2 s before the crash) and the delay (5 s) has passed.
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9)).until(() -> staying.stream()
                .noneMatch(w -> overlaps(w.owned(), orphaned)));
        await().atMost(Duration.ofSeconds(15)).until(() -> settled(staying));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        LOG.info("crash: the crashed worker's work was running elsewhere after {} ms", elapsedMs);
        assertThat(elapsedMs).as("failover within 15 s").isLessThan(15_000);
        assertBalanced(staying);
    }

    @Test
    void aWorkerBackWithinTheDelayAfterACrashGetsItsOwnWorkAndOthersKeepTheirs(KafkaCluster cluster) {
        List<WorkerGroupMembership> workers = startThree(cluster, "crash-restart");
        Map<String, Assignment> before = ownedByWorker(workers);
        WorkerGroupMembership crashing = nonLeader(workers);
        crashing.closeWithoutLeaving();
        List<WorkerGroupMembership> staying = without(workers, crashing);

        WorkerGroupMembership restarted = start(cluster, "crash-restart", urlOf(crashing));
        List<WorkerGroupMembership> after = new ArrayList<>(staying);
        after.add(restarted);

        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> settled(after));
        LOG.info("crash and restart: settled {} ms after the restart", (System.nanoTime() - start) / 1_000_000);
        assertThat(ownedByWorker(after)).isEqualTo(before);
        assertNeverLostWork(staying, before);
    }

    @Test
    void aWorkerBackAfterACleanStopGetsItsOwnWorkAndOthersKeepTheirs(KafkaCluster cluster) {
        List<WorkerGroupMembership> workers = startThree(cluster, "clean-restart");
        Map<String, Assignment> before = ownedByWorker(workers);
        WorkerGroupMembership leaving = nonLeader(workers);
        List<WorkerGroupMembership> staying = without(workers, leaving);
        stopCleanly(leaving);
        await().atMost(Duration.ofSeconds(15)).until(() -> settled(staying));

        long start = System.nanoTime();
        WorkerGroupMembership restarted = start(cluster, "clean-restart", urlOf(leaving));
        List<WorkerGroupMembership> after = new ArrayList<>(staying);
        after.add(restarted);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> settled(after) && !restarted.owned().tasks().isEmpty());
        LOG.info("clean restart: settled {} ms after the restart", (System.nanoTime() - start) / 1_000_000);
        assertThat(ownedByWorker(after)).isEqualTo(before);
        assertNeverLostWork(staying, before);
    }

    @Test
    void membersOfferingFewerSubprotocolsAgreeOnTheNewestAllOffer(KafkaCluster cluster) {
        List<WorkerGroupMembership> workers = new ArrayList<>();
        workers.add(start(cluster, "mixed", "http://w1:8083/", "sessioned"));
        workers.add(start(cluster, "mixed", "http://w2:8083/", "compatible"));
        workers.add(start(cluster, "mixed", "http://w3:8083/", "sessioned"));

        await().atMost(Duration.ofSeconds(30)).until(() -> settled(workers));
        assertThat(workers).allSatisfy(w -> assertThat(w.protocol()).contains(ConnectProtocolCompatibility.COMPATIBLE));
        assertBalanced(workers);
    }

    @Test
    void anEagerGroupSharesTheWorkAndSharesItAgainWhenAWorkerLeaves(KafkaCluster cluster) {
        List<WorkerGroupMembership> workers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            workers.add(start(cluster, "eager", "http://w" + i + ":8083/", "eager"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> settled(workers));
        assertThat(workers).allSatisfy(w -> assertThat(w.protocol()).contains(ConnectProtocolCompatibility.EAGER));
        assertBalanced(workers);

        WorkerGroupMembership leaving = nonLeader(workers);
        List<WorkerGroupMembership> staying = without(workers, leaving);
        leaving.close();

        await().atMost(Duration.ofSeconds(15)).until(() -> settled(staying));
        assertBalanced(staying);
    }

    private List<WorkerGroupMembership> startThree(KafkaCluster cluster, String group) {
        List<WorkerGroupMembership> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 1; i <= 3; i++) {
            workers.add(start(cluster, group, "http://w" + i + ":8083/"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> settled(workers));
        LOG.info("three workers settled {} ms after they started", (System.nanoTime() - start) / 1_000_000);
        assertBalanced(workers);
        return workers;
    }

    private WorkerGroupMembership start(KafkaCluster cluster, String group, String url) {
        return start(cluster, group, url, "sessioned");
    }

    private WorkerGroupMembership start(KafkaCluster cluster, String group, String url, String protocol) {
        WorkerGroupConfig config = WorkerGroupConfig.fromWorkerConfig(
                Map.of(
                        "group.id",
                        group,
                        "bootstrap.servers",
                        cluster.bootstrapServers(),
                        "connect.protocol",
                        protocol),
                url);
        Departures departures = (workerId, connectors, tasks) -> {
            Set<Object> items = new HashSet<>(connectors);
            items.addAll(tasks);
            return items.stream().allMatch(item -> workerId.equals(unassignedBy.get(item)));
        };
        WorkerGroupMembership membership = new WorkerGroupMembership(
                config, configs, Revocations.IMMEDIATE, departures, GenerationListener.NONE, null);
        List<Assignment> seen = new CopyOnWriteArrayList<>();
        history.put(membership, seen);
        membership.start(event -> {
            if (event instanceof HerderEvent.AssignmentChanged changed) {
                seen.add(changed.assignment());
            }
        });
        started.add(membership);
        return membership;
    }

    /** What a stopping worker does before it leaves: it stops its work and writes it UNASSIGNED. */
    private void stopCleanly(WorkerGroupMembership worker) {
        Assignment owned = worker.owned();
        owned.connectors().forEach(c -> unassignedBy.put(c, worker.workerId()));
        owned.tasks().forEach(t -> unassignedBy.put(t, worker.workerId()));
        worker.close();
    }

    /** All in one generation, every connector and task owned by exactly one of them. */
    private static boolean settled(List<WorkerGroupMembership> workers) {
        int generation = workers.get(0).generation();
        if (generation < 0 || workers.stream().anyMatch(w -> w.generation() != generation)) {
            return false;
        }
        List<Object> owned = new ArrayList<>();
        workers.forEach(w -> {
            owned.addAll(w.owned().connectors());
            owned.addAll(w.owned().tasks());
        });
        return owned.size() == CONNECTORS * (TASKS + 1) && new HashSet<>(owned).equals(everything());
    }

    private static Set<Object> everything() {
        Set<Object> all = new HashSet<>();
        for (int c = 0; c < CONNECTORS; c++) {
            all.add("c" + c);
            for (int t = 0; t < TASKS; t++) {
                all.add(new ConnectorTaskId("c" + c, t));
            }
        }
        return all;
    }

    private static void assertBalanced(List<WorkerGroupMembership> workers) {
        assertThat(spread(workers.stream()
                        .mapToInt(w -> w.owned().connectors().size())
                        .toArray()))
                .isLessThan(2);
        assertThat(spread(
                        workers.stream().mapToInt(w -> w.owned().tasks().size()).toArray()))
                .isLessThan(2);
        for (int c = 0; c < CONNECTORS; c++) {
            String connector = "c" + c;
            assertThat(spread(workers.stream()
                            .mapToInt(w -> (int) w.owned().tasks().stream()
                                    .filter(t -> t.connector().equals(connector))
                                    .count())
                            .toArray()))
                    .isLessThan(2);
        }
    }

    /** The workers that stayed never had any of their own work taken away. */
    private void assertNeverLostWork(List<WorkerGroupMembership> staying, Map<String, Assignment> before) {
        for (WorkerGroupMembership w : staying) {
            Assignment own = before.get(w.workerId());
            List<Assignment> seen = history.get(w);
            int from = seen.indexOf(own);
            assertThat(from).as("%s reached its assignment", w.workerId()).isGreaterThanOrEqualTo(0);
            seen.subList(from, seen.size()).forEach(a -> {
                assertThat(a.connectors()).containsAll(own.connectors());
                assertThat(a.tasks()).containsAll(own.tasks());
            });
        }
    }

    private static int spread(int[] counts) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int n : counts) {
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        return max - min;
    }

    private static boolean overlaps(Assignment a, Assignment b) {
        return a.connectors().stream().anyMatch(b.connectors()::contains)
                || a.tasks().stream().anyMatch(b.tasks()::contains);
    }

    private static Map<String, Assignment> ownedByWorker(List<WorkerGroupMembership> workers) {
        Map<String, Assignment> owned = new HashMap<>();
        workers.forEach(w -> owned.put(w.workerId(), w.owned()));
        return owned;
    }

    private static WorkerGroupMembership nonLeader(List<WorkerGroupMembership> workers) {
        return workers.stream()
                .filter(w -> !w.leader().orElseThrow().self())
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private static List<WorkerGroupMembership> without(List<WorkerGroupMembership> workers, WorkerGroupMembership w) {
        List<WorkerGroupMembership> rest = new ArrayList<>(workers);
        rest.remove(w);
        return rest;
    }

    private static String urlOf(WorkerGroupMembership worker) {
        return "http://" + worker.workerId() + "/";
    }
}
