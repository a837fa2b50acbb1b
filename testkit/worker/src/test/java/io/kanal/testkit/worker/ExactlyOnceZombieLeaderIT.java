package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.TransactionDescription;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A zombie leader (KIP-618) on 3 Kanal distributed workers, each a child process, on a 3-node cluster, with a datagen
 * sequence source of 3 tasks ({@code exactly.once.support=required}, {@code interval} boundary, so a transaction is
 * open nearly all the time): the group's leader is frozen with SIGSTOP, as a long GC pause or a stalled machine would
 * freeze it, in the middle of its tasks' transactions and still holding the config topic's transactional id {@code
 * connect-cluster-<group>}.
 *
 * <p>While it is frozen the group moves on: its session expires, another worker is elected and takes the id (which
 * fences the frozen leader's producer), a connector config update on the new leader reconfigures the tasks (a new
 * generation, whose fencing round aborts the frozen worker's open transactions) and the tasks run on the two others.
 * Then the old leader is resumed (SIGCONT) and at once asked to write a connector config, as it still believed it led:
 * the write is refused and nothing of it is written. Usually the worker has noticed its expired session first and
 * gave up the leader's writes (500, "not the leader"); a write that went out before that is fenced by the broker (500,
 * "fenced out of config topic"). Either way the worker releases {@code connect-cluster-<group>}, rejoins as a member
 * (the same write through it is then forwarded to the leader and succeeds), the group agrees on one leader, the old
 * leader runs tasks again, and a {@code read_committed} reader sees every sequence number of every task exactly once.
 * About 30 s.
 */
@WithKafkaCluster(nodes = 3)
class ExactlyOnceZombieLeaderIT {

    private static final String NAME = "eos-zombie";
    private static final String BOUNDARY = "interval";
    private static final String LEADER_TRANSACTIONAL_ID = "connect-cluster-" + NAME;
    private static final Duration WAIT = ExactlyOnceSources.WAIT;
    private static final Duration POLL = ExactlyOnceSources.POLL;

    private ExactlyOnceSources sources;

    @AfterEach
    void stopWorkers() {
        if (sources != null) {
            sources.close();
        }
    }

    @Test
    void aFrozenLeaderIsFencedThenRejoinsAndRunsTasksAgain(KafkaCluster kafka) throws Exception {
        sources = ExactlyOnceSources.start(kafka, NAME, List.of(BOUNDARY));
        KanalWorkerGroup group = sources.group();
        String connector = sources.topic(BOUNDARY);
        String configPath = "connectors/" + connector + "/config";
        KanalDistributedWorker zombie = await("a leader")
                .atMost(WAIT)
                .pollInterval(POLL)
                .until(() -> group.leader().orElse(null), Objects::nonNull);
        List<KanalDistributedWorker> others =
                group.live().stream().filter(w -> w != zombie).toList();
        List<String> otherIds = others.stream().map(ConnectWorker::workerId).toList();
        TransactionDescription before = transaction(kafka);
        long zombieLogStart = Files.size(zombie.logFile());

        // (1) the leader freezes; the group moves on without it
        zombie.suspend();
        sources.log("froze the leader %s (config-topic producer epoch %d)", zombie, before.producerEpoch());
        KanalDistributedWorker successor = awaitOrExplain(
                "a new leader among the others",
                () -> group.leader().filter(l -> l != zombie).orElse(null));
        awaitOrExplain(
                "the new leader takes connect-cluster-<group>, fencing the frozen leader's producer",
                () -> fencedSince(transaction(kafka), before) ? Boolean.TRUE : null);
        sources.log("%s leads and holds the config topic's transactional id", successor);

        // (2) a config write on the new leader: a task reconfiguration, a new generation of tasks
        Map<String, String> reconfigured = sources.connector(BOUNDARY);
        reconfigured.put("rate.per.task", Integer.toString(ExactlyOnceSources.RATE + 1));
        awaitOrExplain(
                "the new leader writes the updated config",
                () -> successor.rest().put(configPath, reconfigured).status() == 200 ? Boolean.TRUE : null);
        sources.awaitRunningOn(otherIds);
        sources.awaitProgress(sources.lowestHighest() + ExactlyOnceSources.RATE / 2);
        sources.log("the tasks run on %s and commit while the old leader is frozen", otherIds);

        // (3) the old leader goes on and, still believing it leads, is asked for a leader's write at once
        Map<String, String> updated = sources.connector(BOUNDARY);
        updated.put("rate.per.task", Integer.toString(ExactlyOnceSources.RATE + 2));
        CompletableFuture<ConnectRest.Response> zombieWrite =
                CompletableFuture.supplyAsync(() -> zombie.rest().put(configPath, updated));
        zombie.resume();
        ConnectRest.Response refused = zombieWrite.get(60, TimeUnit.SECONDS);
        sources.log("the old leader's write after SIGCONT: %d %s", refused.status(), refused.body());
        assertThat(refused.status())
                .as("the old leader's write is refused (fenced, or no longer the leader): %s", refused.body())
                .isIn(409, 500, 503);
        assertThat(successor.rest().get(configPath).json().path("rate.per.task").asText())
                .as("nothing of the refused write reached the config topic")
                .isEqualTo(Integer.toString(ExactlyOnceSources.RATE + 1));
        // it gives leadership for writes up: its producer of connect-cluster-<group> is closed, whichever it noticed
        // first, the fenced write or its expired session
        String released = "Released transactional id '" + LEADER_TRANSACTIONAL_ID + "'";
        String zombieLog =
                awaitOrExplain("the old leader releases the config topic's transactional id", () -> Optional.of(
                                logSince(zombie, zombieLogStart))
                        .filter(l -> l.contains(released))
                        .orElse(null));
        sources.log(
                "the old leader's log since SIGSTOP: fenced out of the config topic %s, lost its assignment %s",
                zombieLog.contains("Fenced out of config topic"), zombieLog.contains("lost its assignment"));

        // (4) it recovers: rejoins as a member, its writes are forwarded to the leader, one leader, tasks again
        awaitOrExplain(
                "the same write through the old leader succeeds (forwarded to the leader)",
                () -> zombie.rest().put(configPath, updated).status() == 200 ? Boolean.TRUE : null);
        KanalWorkerGroup.Generation agreed = awaitOrExplain("every worker in one generation, with one leader", () -> {
            List<Optional<KanalWorkerGroup.Generation>> last =
                    List.copyOf(group.lastGenerations().values());
            boolean one = last.size() == 3
                    && last.stream().allMatch(g -> g.equals(last.get(0)))
                    && last.get(0).flatMap(group::worker).isPresent();
            return one ? last.get(0).orElseThrow() : null;
        });
        sources.log(
                "generation %d: every worker agrees the leader is %s",
                agreed.generation(), group.worker(agreed).orElseThrow());
        awaitOrExplain(
                "the old leader runs tasks again, every task RUNNING",
                () -> group.ownership().allRunningOn(Map.of(connector, ExactlyOnceSources.TASKS), group.liveIds())
                                && group.ownership()
                                                .tasksPerWorker(connector, group.liveIds())
                                                .get(zombie.workerId())
                                        > 0
                        ? Boolean.TRUE
                        : null);
        String rate = Integer.toString(ExactlyOnceSources.RATE + 2);
        awaitOrExplain(
                "the old leader reads the config the cluster runs",
                () -> rate.equals(zombie.rest()
                                .get(configPath)
                                .json()
                                .path("rate.per.task")
                                .asText())
                        ? Boolean.TRUE
                        : null);
        sources.awaitProgress(sources.lowestHighest() + ExactlyOnceSources.RATE / 2);
        sources.log("recovered: %s", group.ownership());

        sources.quiesce();
        sources.checkTopic(BOUNDARY, ExactlyOnceSources.RATE * 5L);
    }

    /** Whether the transactional id was taken again since {@code before}: a new epoch, or a new producer id. */
    private static boolean fencedSince(TransactionDescription now, TransactionDescription before) {
        return now.producerId() != before.producerId() || now.producerEpoch() > before.producerEpoch();
    }

    private static TransactionDescription transaction(KafkaCluster kafka) throws Exception {
        try (AdminClient admin = AdminClient.create(kafka.clientProperties())) {
            return admin.describeTransactions(List.of(LEADER_TRANSACTIONAL_ID))
                    .get(30, TimeUnit.SECONDS)
                    .values()
                    .get(LEADER_TRANSACTIONAL_ID);
        }
    }

    /** Waits until {@code value} answers non-null; a timeout quotes the end of every worker's log. */
    private <T> T awaitOrExplain(String what, Callable<T> value) {
        try {
            return await(what)
                    .atMost(WAIT)
                    .pollInterval(POLL)
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(value, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + sources.logTails(), e);
        }
    }

    private static String logSince(KanalDistributedWorker w, long offset) {
        try {
            byte[] all = Files.readAllBytes(w.logFile());
            return new String(
                    all,
                    (int) Math.min(offset, all.length),
                    (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + w.logFile(), e);
        }
    }
}
