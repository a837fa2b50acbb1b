package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.rest.RestCalls.Reply;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Distributed mode in one JVM: three {@link DistributedRestWorker}s on the test broker form a group over Connect's three
 * topics. Any worker serves the API (writes are forwarded to the leader), the work is spread evenly, a worker that
 * leaves cleanly hands its tasks over within seconds and its source tasks continue from their offsets (no gap, no
 * duplicate), and target states survive a restart of the whole cluster.
 */
@WithKafkaCluster
class DistributedClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<DistributedRestWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(DistributedRestWorker::close);
    }

    private Map<String, String> config(KafkaCluster cluster, TestInfo test) {
        return DistributedRestWorker.config(
                cluster, "kanal-" + test.getTestMethod().orElseThrow().getName(), Map.of());
    }

    private DistributedRestWorker startWorker(Map<String, String> config) {
        DistributedRestWorker w = DistributedRestWorker.start(config);
        workers.add(w);
        return w;
    }

    private static String datagen(String topic, int tasks, long recordsPerTask) {
        return "{\"connector.class\":\"io.kanal.plugins.datagen.DatagenConnector\",\"topic\":\"" + topic
                + "\",\"tasks.max\":\"" + tasks + "\",\"schema\":\"string\",\"records.per.task\":\"" + recordsPerTask
                + "\",\"rate.per.task\":\"400\",\"topic.creation.default.replication.factor\":\"1\","
                + "\"topic.creation.default.partitions\":\"3\"}";
    }

    private static Reply create(RestCalls http, String name, String config) throws Exception {
        return http.send("POST", "/connectors", "{\"name\":\"" + name + "\",\"config\":" + config + "}");
    }

    /** Task states by task id and the worker running each, as one worker's API reports them. */
    private static Map<Integer, String> runningTasks(RestCalls http, String connector) throws Exception {
        Reply status = http.send("GET", "/connectors/" + connector + "/status", null);
        Map<Integer, String> out = new TreeMap<>();
        if (status.status() != 200) {
            return out;
        }
        for (JsonNode task : status.body().get("tasks")) {
            if (task.get("state").asText().equals("RUNNING")) {
                out.put(task.get("id").asInt(), task.get("worker_id").asText());
            }
        }
        return out;
    }

    private static boolean allRunning(RestCalls http, String connector, int tasks) throws Exception {
        Reply status = http.send("GET", "/connectors/" + connector + "/status", null);
        return status.status() == 200
                && status.body().get("connector").get("state").asText().equals("RUNNING")
                && runningTasks(http, connector).size() == tasks;
    }

    @Test
    void anyWorkerServesTheApiAndTheWorkIsSpreadEvenly(KafkaCluster cluster, TestInfo test) throws Exception {
        Map<String, String> config = config(cluster, test);
        for (int i = 0; i < 3; i++) {
            startWorker(config);
        }
        DistributedRestWorker.awaitStable(workers);
        // Created through each worker in turn: two of them are not the leader and forward the request.
        for (int i = 0; i < 3; i++) {
            Reply created = create(workers.get(i).calls(), "gen-" + i, datagen("spread-" + i, 3, 0));
            assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        }
        await().atMost(WAIT).until(() -> {
            for (DistributedRestWorker w : workers) {
                for (int i = 0; i < 3; i++) {
                    if (!allRunning(w.calls(), "gen-" + i, 3)) {
                        return false;
                    }
                }
            }
            return true;
        });
        // Every worker reports the same owners, and each runs 3 of the 9 tasks and one connector.
        Map<String, Integer> tasksPerWorker = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            Map<Integer, String> owners = runningTasks(workers.get(0).calls(), "gen-" + i);
            for (DistributedRestWorker w : workers) {
                assertThat(runningTasks(w.calls(), "gen-" + i)).isEqualTo(owners);
            }
            owners.values().forEach(owner -> tasksPerWorker.merge(owner, 1, Integer::sum));
        }
        assertThat(tasksPerWorker).hasSize(3).allSatisfy((worker, count) -> assertThat(count)
                .isEqualTo(3));
        Reply listed = workers.get(2).calls().send("GET", "/connectors", null);
        assertThat(RestCalls.strings(listed.body())).containsExactlyInAnyOrder("gen-0", "gen-1", "gen-2");
    }

    @Test
    void aWorkerThatLeavesCleanlyHandsItsTasksOverWithoutGapOrDuplicate(KafkaCluster cluster, TestInfo test)
            throws Exception {
        Map<String, String> config = config(cluster, test);
        for (int i = 0; i < 3; i++) {
            startWorker(config);
        }
        DistributedRestWorker.awaitStable(workers);
        int tasks = 3;
        long perTask = 6_000;
        String topic = "handover";
        assertThat(create(workers.get(0).calls(), "seq", datagen(topic, tasks, perTask))
                        .status())
                .isEqualTo(201);
        await().atMost(WAIT).until(() -> allRunning(workers.get(0).calls(), "seq", tasks));
        DistributedRestWorker leaving = workers.get(1);
        String leavingId = leaving.worker().workerId();
        long stoppedAt = System.nanoTime();
        leaving.close();
        RestCalls survivor = workers.get(0).calls();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> allRunning(survivor, "seq", tasks)
                        && !runningTasks(survivor, "seq").containsValue(leavingId));
        long handoverMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        System.out.println("clean leave: every task RUNNING elsewhere after " + handoverMs + " ms");

        Map<Integer, TreeSet<Long>> seen = new TreeMap<>();
        int duplicates = readSequences(cluster, topic, tasks * perTask, seen);
        for (int t = 0; t < tasks; t++) {
            assertThat(seen.get(t)).as("task %d", t).hasSize((int) perTask);
            assertThat(seen.get(t).first()).isZero();
            assertThat(seen.get(t).last()).isEqualTo(perTask - 1);
        }
        assertThat(duplicates).as("records written twice").isZero();
    }

    @Test
    void aPausedConnectorStaysPausedThroughAFullClusterRestart(KafkaCluster cluster, TestInfo test) throws Exception {
        Map<String, String> config = config(cluster, test);
        startWorker(config);
        startWorker(config);
        DistributedRestWorker.awaitStable(workers);
        RestCalls http = workers.get(1).calls();
        assertThat(create(http, "paused", datagen("paused", 2, 0)).status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> allRunning(http, "paused", 2));
        assertThat(http.send("PUT", "/connectors/paused/pause", null).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> state(http, "paused").equals("PAUSED"));

        workers.forEach(DistributedRestWorker::close);
        workers.clear();
        startWorker(config);
        startWorker(config);
        DistributedRestWorker.awaitStable(workers);
        RestCalls again = workers.get(0).calls();
        await().atMost(WAIT)
                .until(() -> state(again, "paused").equals("PAUSED")
                        && runningTasks(again, "paused").isEmpty()
                        && again.send("GET", "/connectors/paused/status", null)
                                .body()
                                .get("tasks")
                                .findValuesAsText("state")
                                .equals(List.of("PAUSED", "PAUSED")));
    }

    private static String state(RestCalls http, String connector) throws Exception {
        Reply status = http.send("GET", "/connectors/" + connector + "/status", null);
        return status.status() == 200
                ? status.body().get("connector").get("state").asText()
                : "";
    }

    /**
     * Reads the datagen topic until {@code expected} distinct records are seen; datagen keys are {@code <task>-<seq>}.
     *
     * @return how many records were read more than once
     */
    static int readSequences(KafkaCluster cluster, String topic, long expected, Map<Integer, TreeSet<Long>> seen) {
        int[] duplicates = {0};
        long[] distinct = {0};
        try (Consumer<byte[], byte[]> consumer = Consumer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2)));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    int dash = key.indexOf('-');
                    int task = Integer.parseInt(key.substring(0, dash));
                    long seq = Long.parseLong(key.substring(dash + 1));
                    if (seen.computeIfAbsent(task, t -> new TreeSet<>()).add(seq)) {
                        distinct[0]++;
                    } else {
                        duplicates[0]++;
                    }
                }
                return distinct[0] >= expected;
            });
        }
        return duplicates[0];
    }
}
