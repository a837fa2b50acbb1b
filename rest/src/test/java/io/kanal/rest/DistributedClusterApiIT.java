package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.rest.RestCalls.Reply;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster-wide parts of the API on an in-process cluster of {@link DistributedRestWorker}s: cluster-scope loggers
 * (KIP-976), task configs of a connector on a follower written through the leader (KIP-507), and the offsets API
 * (KIP-875) from any worker.
 */
@WithKafkaCluster
class DistributedClusterApiIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NAMESPACE = "org.example.connector";

    private final List<DistributedRestWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(DistributedRestWorker::close);
    }

    private static Map<String, String> config(KafkaCluster cluster, TestInfo test) {
        return DistributedRestWorker.config(
                cluster, "kanal-" + test.getTestMethod().orElseThrow().getName(), Map.of());
    }

    private DistributedRestWorker startWorker(Map<String, String> config) {
        DistributedRestWorker w =
                DistributedRestWorker.start(config, new MemoryLoggerLevels(NAMESPACE, NAMESPACE + ".Task"));
        workers.add(w);
        return w;
    }

    private static String level(RestCalls http, String logger) throws Exception {
        Reply reply = http.send("GET", "/admin/loggers/" + logger, null);
        return reply.status() == 200 ? reply.body().get("level").asText() : "status " + reply.status();
    }

    @Test
    void aClusterScopeLevelSetOnOneWorkerAppliesOnEveryWorkerButNotOnOnesStartedLater(
            KafkaCluster cluster, TestInfo test) throws Exception {
        Map<String, String> config = config(cluster, test);
        DistributedRestWorker first = startWorker(config);
        DistributedRestWorker second = startWorker(config);
        DistributedRestWorker.awaitStable(workers);

        // worker scope stays on the worker that was asked
        Reply local = second.calls().send("PUT", "/admin/loggers/" + NAMESPACE, "{\"level\":\"WARN\"}");
        assertThat(local.status()).isEqualTo(200);
        assertThat(level(second.calls(), NAMESPACE)).isEqualTo("WARN");
        assertThat(level(first.calls(), NAMESPACE)).isEqualTo("INFO");

        long before = System.currentTimeMillis();
        Reply set =
                second.calls().send("PUT", "/admin/loggers/" + NAMESPACE + "?scope=cluster", "{\"level\":\"debug\"}");
        assertThat(set.status()).isEqualTo(204);
        assertThat(set.raw().body()).isEmpty();
        // the worker that wrote it has read it back before answering
        assertThat(level(second.calls(), NAMESPACE)).isEqualTo("DEBUG");
        await().atMost(WAIT).until(() -> level(first.calls(), NAMESPACE).equals("DEBUG"));
        Reply seen = first.calls().send("GET", "/admin/loggers/" + NAMESPACE, null);
        assertThat(seen.body().get("last_modified").asLong()).isBetween(before, System.currentTimeMillis());
        // the namespace's descendants follow, as with the worker scope
        assertThat(level(first.calls(), NAMESPACE + ".Task")).isEqualTo("DEBUG");

        // As Connect's KafkaConfigBackingStore: records written before a worker started are not applied by it.
        DistributedRestWorker late = startWorker(config);
        DistributedRestWorker.awaitStable(workers);
        assertThat(level(late.calls(), NAMESPACE)).isEqualTo("INFO");
        assertThat(late.calls()
                        .send("PUT", "/admin/loggers/root?scope=cluster", "{\"level\":\"ERROR\"}")
                        .status())
                .isEqualTo(204);
        for (DistributedRestWorker w : workers) {
            await().atMost(WAIT).until(() -> level(w.calls(), "root").equals("ERROR"));
        }
        // an unknown level is refused before anything is written
        Reply bad = first.calls().send("PUT", "/admin/loggers/" + NAMESPACE + "?scope=cluster", "{\"level\":\"LOUD\"}");
        RestCalls.assertError(bad, 404);
    }

    private static String datagen(String topic, int tasks) {
        return "{\"connector.class\":\"io.kanal.plugins.datagen.DatagenConnector\",\"topic\":\"" + topic
                + "\",\"tasks.max\":\"" + tasks + "\",\"schema\":\"string\",\"records.per.task\":\"0\""
                + ",\"rate.per.task\":\"50\",\"topic.creation.default.replication.factor\":\"1\","
                + "\"topic.creation.default.partitions\":\"1\"}";
    }

    /** The connector's state and its RUNNING tasks' count, and the worker running the connector, as one API says. */
    private static String runningOn(RestCalls http, String connector, int tasks) throws Exception {
        Reply status = http.send("GET", "/connectors/" + connector + "/status", null);
        if (status.status() != 200
                || !status.body().get("connector").get("state").asText().equals("RUNNING")) {
            return "";
        }
        long running = 0;
        for (var task : status.body().get("tasks")) {
            running += task.get("state").asText().equals("RUNNING") ? 1 : 0;
        }
        return running == tasks
                ? status.body().get("connector").get("worker_id").asText()
                : "";
    }

    @Test
    void aFollowerHandsItsConnectorsTaskConfigsToTheLeaderSigned(KafkaCluster cluster, TestInfo test) throws Exception {
        Map<String, String> config = config(cluster, test);
        startWorker(config);
        startWorker(config);
        DistributedRestWorker.awaitStable(workers);
        DistributedRestWorker leader = workers.stream()
                .filter(w -> w.worker().routing().isLeader())
                .findFirst()
                .orElseThrow();
        DistributedRestWorker follower = workers.get(workers.get(0) == leader ? 1 : 0);
        for (String name : List.of("a", "b")) {
            Reply created = follower.calls()
                    .send("POST", "/connectors", "{\"name\":\"" + name + "\",\"config\":" + datagen(name, 2) + "}");
            assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        }
        // two connectors on two workers: one runs on the follower, which generates its task configs there
        String[] onFollower = {null};
        await().atMost(WAIT).until(() -> {
            for (String name : List.of("a", "b")) {
                String owner = runningOn(leader.calls(), name, 2);
                if (owner.isEmpty()) {
                    return false;
                }
                if (owner.equals(follower.worker().workerId())) {
                    onFollower[0] = name;
                }
            }
            return onFollower[0] != null;
        });
        long sent = follower.worker().taskConfigsWrittenThroughLeader();
        long received = leader.services().cluster().taskConfigsWrittenForOthers();
        assertThat(sent).isPositive();
        assertThat(received).isEqualTo(sent);
        assertThat(follower.services().cluster().taskConfigsWrittenForOthers()).isZero();
        assertThat(leader.worker().taskConfigsWrittenThroughLeader()).isZero();

        // a reconfiguration on the follower goes the same way: one more signed write, three tasks run
        String name = onFollower[0];
        Reply updated = follower.calls().send("PUT", "/connectors/" + name + "/config", datagen(name, 3));
        assertThat(updated.status()).as(updated.raw().body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !runningOn(follower.calls(), name, 3).isEmpty());
        assertThat(follower.worker().taskConfigsWrittenThroughLeader()).isGreaterThan(sent);
        assertThat(leader.services().cluster().taskConfigsWrittenForOthers())
                .isEqualTo(follower.worker().taskConfigsWrittenThroughLeader());
        Reply tasks = leader.calls().send("GET", "/connectors/" + name + "/tasks", null);
        assertThat(tasks.body()).hasSize(3);
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static long position(RestCalls http, String connector) throws Exception {
        Reply offsets = http.send("GET", "/connectors/" + connector + "/offsets", null);
        JsonNode list = offsets.body().get("offsets");
        return offsets.status() == 200 && list.size() == 1
                ? list.get(0).get("offset").get("position").asLong()
                : -1;
    }

    /** Stops the connector through this worker and waits, on every worker, until it is STOPPED without tasks. */
    private void stop(RestCalls http, String connector) throws Exception {
        assertThat(http.send("PUT", "/connectors/" + connector + "/stop", null).status())
                .isEqualTo(204);
        for (DistributedRestWorker w : workers) {
            await().atMost(WAIT).untilAsserted(() -> {
                Reply status = w.calls().send("GET", "/connectors/" + connector + "/status", null);
                assertThat(status.body().get("connector").get("state").asText()).isEqualTo("STOPPED");
                assertThat(status.body().get("tasks")).isEmpty();
            });
        }
    }

    @Test
    void offsetsAreReadOnAnyWorkerAndChangedThroughAFollowerForAStoppedSource(
            KafkaCluster cluster, TestInfo test, @TempDir Path dir) throws Exception {
        Map<String, String> config = config(cluster, test);
        startWorker(config);
        startWorker(config);
        DistributedRestWorker.awaitStable(workers);
        DistributedRestWorker follower = workers.stream()
                .filter(w -> !w.worker().routing().isLeader())
                .findFirst()
                .orElseThrow();
        RestCalls http = follower.calls();
        Path in = Files.writeString(dir.resolve("in.txt"), "alpha\nbeta\ngamma\n");
        Path out = dir.resolve("out.txt");
        String topic = "offsets-" + test.getTestMethod().orElseThrow().getName();
        Reply src = http.send(
                "POST",
                "/connectors",
                "{\"name\":\"src\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"" + in
                        + "\",\"topic\":\"" + topic + "\",\"tasks.max\":\"1\","
                        + "\"topic.creation.default.replication.factor\":\"1\","
                        + "\"topic.creation.default.partitions\":\"1\"}}");
        assertThat(src.status()).as(src.raw().body()).isEqualTo(201);
        Reply sink = http.send(
                "POST",
                "/connectors",
                "{\"name\":\"sink\",\"config\":{\"connector.class\":\"FileStreamSink\",\"file\":\"" + out
                        + "\",\"topics\":\"" + topic + "\",\"tasks.max\":\"1\"}}");
        assertThat(sink.status()).as(sink.raw().body()).isEqualTo(201);
        await().atMost(WAIT).until(() -> lines(out).size() == 3);

        // every worker reads the source's offset, whoever runs its task
        long length = Files.size(in);
        for (DistributedRestWorker w : workers) {
            await().atMost(WAIT).until(() -> position(w.calls(), "src") == length);
        }

        // a PATCH through the follower while the source runs: the leader refuses it with Connect's 400
        String partition = http.send("GET", "/connectors/src/offsets", null)
                .body()
                .get("offsets")
                .get(0)
                .get("partition")
                .toString();
        String patch = "{\"offsets\":[{\"partition\":" + partition + ",\"offset\":{\"position\":6}}]}";
        RestCalls.assertError(http.send("PATCH", "/connectors/src/offsets", patch), 400);

        stop(http, "src");
        Reply altered = await().atMost(WAIT)
                .until(() -> http.send("PATCH", "/connectors/src/offsets", patch), r -> r.status() == 200);
        assertThat(altered.body().get("message").asText())
                .isEqualTo("The offsets for this connector have been altered successfully");
        for (DistributedRestWorker w : workers) {
            assertThat(position(w.calls(), "src")).isEqualTo(6);
        }
        assertThat(http.send("PUT", "/connectors/src/resume", null).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> lines(out).size() == 5);
        assertThat(lines(out)).containsExactly("alpha", "beta", "gamma", "beta", "gamma");

        // DELETE through the follower: the resumed source starts over from the beginning of the file
        await().atMost(WAIT).until(() -> position(http, "src") == length);
        stop(http, "src");
        Reply reset = await().atMost(WAIT)
                .until(() -> http.send("DELETE", "/connectors/src/offsets", null), r -> r.status() == 200);
        assertThat(reset.body().get("message").asText())
                .isEqualTo("The offsets for this connector have been reset successfully");
        for (DistributedRestWorker w : workers) {
            assertThat(w.calls()
                            .send("GET", "/connectors/src/offsets", null)
                            .body()
                            .get("offsets"))
                    .isEmpty();
        }
        assertThat(http.send("PUT", "/connectors/src/resume", null).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> lines(out).size() == 8);
        assertThat(lines(out).subList(5, 8)).containsExactly("alpha", "beta", "gamma");
    }
}
