package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache's MirrorSourceConnector (connect-mirror 4.3.1, unmodified, in a {@code plugin.path} directory), which
 * declares exactly-once support when its source consumer reads {@code read_committed}, run through the bridge with
 * {@code exactly.once.support=required} on a distributed Kanal worker with {@code exactly.once.source.support=enabled}:
 * validation refuses it with Connect's message unless the source consumer reads {@code read_committed}; it mirrors a
 * topic holding committed and aborted transactions into {@code a.orders} transactionally, so a {@code read_committed}
 * reader sees every committed record once and no aborted one, also across a restart of the worker, after which it
 * resumes from the offsets committed with its records. Source and target alias the same testkit cluster (one broker
 * is enough to show the transactions).
 */
@WithKafkaCluster
class MirrorMakerExactlyOnceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SOURCE = "org.apache.kafka.connect.mirror.MirrorSourceConnector";
    private static final String TOPIC = "orders";
    private static final String REMOTE = "a." + TOPIC;
    private static final int FIRST = 200;
    private static final int TOTAL = 300;

    @TempDir
    Path dir;

    @Test
    void mirrorMakerMirrorsCommittedTransactionsOnceAcrossARestart(KafkaCluster kafka) throws Exception {
        Pipelines.createTopic(kafka, TOPIC, 1);
        produce(kafka, 0, FIRST / 2, true);
        produce(kafka, 0, 50, false); // an aborted transaction between two committed ones
        produce(kafka, FIRST / 2, FIRST, true);
        DistributedSettings settings = DistributedSettings.of(kafka.bootstrapServers(), "mm2-eos")
                .with(ConnectLayer.CONFIG, ConnectBridgeFileIT.layer().toString())
                .with("exactly.once.source.support", "enabled");
        KanalDistributedWorker worker =
                KanalDistributedWorker.create(settings, dir.resolve("kanal"), MirrorMakerBridgeIT.mirrorPlugin());
        try {
            worker.start();
            ConnectRest rest = worker.rest();
            Map<String, String> uncommitted = sourceConfig(kafka);
            uncommitted.remove("source.consumer.isolation.level");
            // MirrorMaker's own validate() says why, on exactly.once.support, as under Apache's worker.
            assertThat(errors(rest, uncommitted))
                    .singleElement()
                    .asString()
                    .contains("MirrorSourceConnector can only provide exactly-once guarantees when its source consumer"
                            + " is configured with isolation.level set to 'read_committed'");
            assertThat(errors(rest, sourceConfig(kafka))).isEmpty();

            rest.createConnector("mm2-source", sourceConfig(kafka), WAIT);
            rest.awaitRunning("mm2-source", 1, WAIT);
            awaitMirrored(kafka, FIRST);

            worker.stop();
            produce(kafka, FIRST, TOTAL, true);
            worker.start();
            rest.awaitRunning("mm2-source", 1, WAIT);
            awaitMirrored(kafka, TOTAL);
            worker.stop();
        } finally {
            if (worker.isAlive()) {
                worker.stop();
            }
        }
        assertThat(ConnectBridgeExactlyOnceIT.transactionalIds(kafka))
                .as("the task wrote through its transactional producer, named as Connect names it")
                .contains("mm2-eos-mm2-source-0");
        List<String> keys = ConnectBridgeExactlyOnceIT.readAll(kafka, REMOTE, 1, "read_committed").stream()
                .map(ConsumerRecord::key)
                .toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < TOTAL; i++) {
            expected.add("key-" + i);
        }
        assertThat(keys)
                .as("every committed record once, in order, and no record of the aborted transaction")
                .isEqualTo(expected);
    }

    private static Map<String, String> sourceConfig(KafkaCluster kafka) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", SOURCE);
        c.put("tasks.max", "1");
        c.put("source.cluster.alias", "a");
        c.put("target.cluster.alias", "b");
        c.put("source.cluster.bootstrap.servers", kafka.bootstrapServers());
        c.put("target.cluster.bootstrap.servers", kafka.bootstrapServers());
        c.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("topics", TOPIC);
        c.put("replication.factor", "1");
        c.put("offset-syncs.topic.replication.factor", "1");
        c.put("sync.topic.acls.enabled", "false");
        c.put("exactly.once.support", "required");
        c.put("source.consumer.isolation.level", "read_committed");
        return c;
    }

    /**
     * The errors on {@code exactly.once.support} for a config named {@code mm2-source}: MirrorMaker's own definition
     * requires {@code name}, and the worker asks a connector its exactly-once answers only for a config the connector
     * accepts.
     */
    private static List<String> errors(ConnectRest rest, Map<String, String> config) {
        Map<String, String> named = new LinkedHashMap<>(config);
        named.put("name", "mm2-source");
        ConnectRest.Response r = rest.put("connector-plugins/MirrorSourceConnector/config/validate", named);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode c : r.json().path("configs")) {
            if (c.path("value").path("name").asText().equals("exactly.once.support")) {
                List<String> errors = new ArrayList<>();
                c.path("value").path("errors").forEach(e -> errors.add(e.asText()));
                return errors;
            }
        }
        throw new AssertionError("no exactly.once.support in " + r.body());
    }

    private static void awaitMirrored(KafkaCluster kafka, int count) {
        await(count + " records in " + REMOTE + " for read_committed")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions() // the topic exists once MirrorMaker has created it
                .until(() -> Pipelines.endOffsets(kafka, REMOTE, 1) > 0
                        && ConnectBridgeExactlyOnceIT.readAll(kafka, REMOTE, 1, "read_committed")
                                        .size()
                                >= count);
    }

    /** Records {@code key-<from>} to {@code key-<to - 1>} in one transaction, committed or aborted. */
    private static void produce(KafkaCluster kafka, int from, int to, boolean commit) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put("transactional.id", "orders-writer");
        try (Producer<String, String> producer =
                Producer.create(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = from; i < to; i++) {
                producer.send(ProducerRecord.of(TOPIC, (commit ? "key-" : "aborted-") + i, "value-" + i))
                        .get(30, TimeUnit.SECONDS);
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }
}
