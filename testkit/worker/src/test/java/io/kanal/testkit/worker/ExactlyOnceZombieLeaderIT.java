package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.TransactionDescription;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
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
 *
 * <p>Then a connector config write is sent to the old leader while it is still frozen: the kernel accepts the
 * connection into its REST listener's backlog and takes the request's bytes (the test checks they wait in the
 * socket's receive queue, from {@code /proc/net/tcp}), so when the worker is resumed (SIGCONT) the request is there
 * before the worker has heard from its group; it routes it as the leader it still believes it is, and carries it out
 * itself. The write is refused and nothing of it is written: the answer is always 500 (a failed config-store write,
 * {@code "Failed to write the configuration of <connector>: ..."}), with one of two causes, whichever the worker meets
 * first:
 *
 * <ul>
 *   <li>it noticed its expired session before the write and gave up the leader's writes: "is not the leader of group";
 *   <li>the write went out with its old producer, which the broker refuses as fenced: "fenced out of config topic";
 *       the worker then gives up the leader's writes and rejoins.
 * </ul>
 *
 * <p>No other answer is right here: 409 (no leader known, or a forwarded request that missed its target) and 503 (the
 * worker stopping, its herder's queue full) cannot happen to this request, and a 200 would mean the worker forwarded
 * it, having joined the new generation before it routed a request that was waiting when it resumed. The config topic
 * is then read {@code read_committed} to its end (the last stable offset, so every transaction that completed before
 * the answer): no record carries the refused value. Either way the worker releases {@code connect-cluster-<group>},
 * rejoins as a member (a write through it is then forwarded to the leader and succeeds), the group agrees on one
 * leader, the old leader runs tasks again, and a {@code read_committed} reader sees every sequence number of every task
 * exactly once. Last, with every worker stopped (no producer left that could commit late), the config topic is read
 * again: the refused value never reached it. About 35 s.
 */
@WithKafkaCluster(nodes = 3)
class ExactlyOnceZombieLeaderIT {

    private static final String NAME = "eos-zombie";
    private static final String BOUNDARY = "interval";
    private static final String LEADER_TRANSACTIONAL_ID = "connect-cluster-" + NAME;
    private static final Duration WAIT = ExactlyOnceSources.WAIT;
    private static final Duration POLL = ExactlyOnceSources.POLL;
    private static final ObjectMapper JSON = new ObjectMapper();

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

        // (3) still frozen, the old leader is sent a leader's write; it finds it waiting when it goes on
        String refusedRate = Integer.toString(ExactlyOnceSources.RATE + 2);
        Map<String, String> refusedConfig = sources.connector(BOUNDARY);
        refusedConfig.put("rate.per.task", refusedRate);
        ConnectRest.Response refused;
        try (FrozenPut put = FrozenPut.send(zombie.rest().base(), "/" + configPath, refusedConfig)) {
            awaitOrExplain(
                    "the request's bytes wait in the frozen worker's socket",
                    () -> put.waiting() ? Boolean.TRUE : null);
            zombie.resume();
            refused = put.response();
        }
        sources.log(
                "the old leader's answer to the write that waited for SIGCONT: %d %s",
                refused.status(), refused.body());
        assertThat(refused.status())
                .as("the old leader's write is refused as a failed config-store write: %s", refused.body())
                .isEqualTo(500);
        assertThat(refused.json().path("message").asText())
                .as("why the old leader's write was refused")
                .startsWith("Failed to write the configuration of " + connector + ": ")
                .containsAnyOf("is not the leader of group '" + NAME + "'", "was fenced out of config topic");
        assertThat(connectorRates(kafka, connector))
                .as("the rates of %s's committed config records, read to the config topic's end", connector)
                .doesNotContain(refusedRate)
                .last()
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
        String rate = Integer.toString(ExactlyOnceSources.RATE + 3);
        Map<String, String> recovered = sources.connector(BOUNDARY);
        recovered.put("rate.per.task", rate);
        awaitOrExplain(
                "a write through the old leader succeeds (forwarded to the leader)",
                () -> zombie.rest().put(configPath, recovered).status() == 200 ? Boolean.TRUE : null);
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
        assertThat(connectorRates(kafka, connector))
                .as("the rates of %s's committed config records, every worker stopped", connector)
                .doesNotContain(refusedRate)
                .last()
                .isEqualTo(rate);
    }

    /**
     * The {@code rate.per.task} of each committed config record of the connector in the config topic ({@code
     * <group>-configs}, one partition), in order: read {@code read_committed} from the start to the end offset such a
     * reader is given now, the last stable offset, so every transaction that completed before this call is there.
     */
    private static List<String> connectorRates(KafkaCluster kafka, String connector) throws IOException {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put("isolation.level", "read_committed");
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        TopicPartition configs = new TopicPartition(NAME + "-configs", 0);
        List<String> rates = new ArrayList<>();
        try (Consumer<String, byte[]> consumer =
                Consumer.create(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            long end = consumer.endOffsets(List.of(configs), Duration.ofSeconds(30))
                    .get(configs);
            consumer.assign(List.of(configs));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (consumer.position(configs) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the config topic was not read to its end offset " + end + " in " + WAIT);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() < end && r.key().equals("connector-" + connector) && r.value() != null) {
                        rates.add(JSON.readTree(r.value())
                                .path("properties")
                                .path("rate.per.task")
                                .asText());
                    }
                }
            }
        }
        return rates;
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
