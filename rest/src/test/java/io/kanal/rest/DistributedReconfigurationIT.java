package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.record.Header;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.rest.RestCalls.Reply;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A connector config change reaches every task, also the one on the worker that does not run the connector: that
 * worker learns of it only from the store (the connector config record, then the task-config commit), and its task
 * restarts with the new connector config even though the task configs did not change.
 */
@WithKafkaCluster
class DistributedReconfigurationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "reconfigured";

    private final List<DistributedRestWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(DistributedRestWorker::close);
    }

    /** Datagen with two endless tasks, each record stamped with header {@code v} by an InsertHeader transform. */
    private static String datagen(String stamp) {
        return "{\"connector.class\":\"io.kanal.plugins.datagen.DatagenConnector\",\"topic\":\"" + TOPIC
                + "\",\"tasks.max\":\"2\",\"schema\":\"string\",\"records.per.task\":\"-1\","
                + "\"rate.per.task\":\"100\",\"topic.creation.default.replication.factor\":\"1\","
                + "\"topic.creation.default.partitions\":\"1\",\"transforms\":\"stamp\","
                + "\"transforms.stamp.type\":\"org.apache.kafka.connect.transforms.InsertHeader\","
                + "\"transforms.stamp.header\":\"v\",\"transforms.stamp.value.literal\":\"" + stamp + "\"}";
    }

    @Test
    void aTransformChangeReachesTheTaskOnTheWorkerWithoutTheConnector(KafkaCluster cluster, TestInfo test)
            throws Exception {
        Map<String, String> config = DistributedRestWorker.config(
                cluster, "kanal-" + test.getTestMethod().orElseThrow().getName(), Map.of());
        for (int i = 0; i < 2; i++) {
            workers.add(DistributedRestWorker.start(config));
        }
        DistributedRestWorker.awaitStable(workers);
        RestCalls http = workers.get(0).calls();
        Reply created = http.send("POST", "/connectors", "{\"name\":\"gen\",\"config\":" + datagen("old") + "}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        await().atMost(WAIT).until(() -> taskWorkers(http).size() == 2);

        String connectorWorker = http.send("GET", "/connectors/gen/status", null)
                .body()
                .get("connector")
                .get("worker_id")
                .asText();
        Map<Integer, String> tasks = taskWorkers(http);
        System.out.println("connector on " + connectorWorker + ", tasks on " + tasks);
        assertThat(tasks.values())
                .as("one task runs on the worker without the connector")
                .anyMatch(w -> !w.equals(connectorWorker));

        Reply updated = http.send("PUT", "/connectors/gen/config", datagen("new"));
        assertThat(updated.status()).as(updated.raw().body()).isEqualTo(200);

        Set<String> stampedNew = new HashSet<>();
        try (Consumer<byte[], byte[]> consumer = Consumer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    String task = key.substring(0, key.indexOf('-'));
                    for (Header h : r.headers()) {
                        if (h.key().equals("v")
                                && StandardCharsets.UTF_8
                                        .decode(h.value().duplicate())
                                        .toString()
                                        .equals("new")) {
                            stampedNew.add(task);
                        }
                    }
                }
                return stampedNew.size() == 2;
            });
        }
        assertThat(stampedNew).as("tasks whose records carry the new header").containsExactlyInAnyOrder("0", "1");
    }

    /** The worker running each RUNNING task, as the API reports it. */
    private static Map<Integer, String> taskWorkers(RestCalls http) throws Exception {
        Reply status = http.send("GET", "/connectors/gen/status", null);
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
}
