package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.record.Header;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.testkit.KafkaCluster;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MirrorMaker 2 ({@code connect-mirror} and {@code connect-mirror-client} 4.3.1 from Maven Central, alone in a {@code
 * plugin.path} directory, as a user deploys them on a Connect worker) runs unmodified on a Kanal worker through the
 * Connect bridge, between two testkit clusters {@code a} and {@code b}. The worker is attached to {@code b}: {@code
 * MirrorSourceConnector} replicates topic {@code orders} of {@code a} into {@code a.orders} (keys, values, headers and
 * timestamps unchanged) and writes offset syncs; {@code MirrorCheckpointConnector} translates a consumer group's
 * committed offsets on {@code a} into checkpoints and into the same group's offsets on {@code b}, so that a consumer
 * switching to {@code b} resumes where it was; {@code MirrorHeartbeatConnector} beats. A restart of the worker loses
 * and repeats nothing. The connectors link against the
 * bridge layer's {@code connect-runtime} ({@code KafkaBasedLog}, {@code TopicAdmin}, {@code ConnectorConfig}).
 */
class MirrorMakerBridgeIT {

    private static final String MIRROR = "org.apache.kafka.connect.mirror.";
    private static final String TOPIC = "orders";
    private static final String REMOTE = "a." + TOPIC;
    private static final String GROUP = "mm2-switching";
    private static final String LAGGING_GROUP = "mm2-lagging";
    private static final int FIRST = 200;
    private static final int LAGGING_AT = 120;
    private static final int MORE = 50;
    private static final long BASE_TIME = 1_700_000_000_000L;

    private static KafkaCluster a;
    private static KafkaCluster b;

    @TempDir
    Path dir;

    @BeforeAll
    static void startClusters() {
        CompletableFuture<KafkaCluster> startA = CompletableFuture.supplyAsync(
                () -> KafkaCluster.builder().name("mm2-a").build().start());
        CompletableFuture<KafkaCluster> startB = CompletableFuture.supplyAsync(
                () -> KafkaCluster.builder().name("mm2-b").build().start());
        a = startA.join();
        b = startB.join();
    }

    @AfterAll
    static void stopClusters() {
        try {
            if (b != null) {
                b.close();
            }
        } finally {
            if (a != null) {
                a.close();
            }
        }
    }

    @Test
    void mirrorMakerReplicatesATopicAndTranslatesConsumerGroupOffsets() throws Exception {
        Pipelines.createTopic(a, TOPIC, 1);
        produce(0, FIRST);
        // Two consumer groups on a: one read everything so far, one lags behind.
        commit(a, GROUP, new TopicPartition(TOPIC, 0), FIRST);
        commit(a, LAGGING_GROUP, new TopicPartition(TOPIC, 0), LAGGING_AT);

        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(b.bootstrapServers())
                .pluginPath(mirrorPlugin())
                .workerConfig(ConnectLayer.CONFIG, ConnectBridgeFileIT.layer().toString())
                .workerConfig("offset.flush.interval.ms", "500")
                .workDir(dir.resolve("worker"))
                .build()) {
            worker.putConnector("mm2-source", sourceConfig());
            worker.putConnector("mm2-checkpoint", checkpointConfig());
            worker.putConnector("mm2-heartbeat", heartbeatConfig());
            worker.start();

            awaitRunning(worker, "mm2-source", "mm2-checkpoint", "mm2-heartbeat");
            // Every record of a's topic arrives in a.orders on b, as it was.
            List<ConsumerRecord<String, byte[]>> replicated = read(b, REMOTE, FIRST);
            assertReplicated(replicated, 0, FIRST);
            awaitRunning(worker, "mm2-source", "mm2-checkpoint", "mm2-heartbeat");

            // The group that read everything: the same position on b, both as a checkpoint and as the synced group
            // offset (the target group has no members, so MirrorMaker writes it).
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(committed(b, GROUP, REMOTE)).contains((long) FIRST));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(checkpoints(GROUP)).contains(new Checkpoint(FIRST, FIRST)));
            // The lagging group: never ahead of where it was on a (no record skipped), at most what MirrorMaker's
            // sparse offset syncs allow behind it.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(committed(b, LAGGING_GROUP, REMOTE))
                            .hasValueSatisfying(offset -> assertThat(offset).isBetween(1L, (long) LAGGING_AT)));

            // Heartbeats reach b.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Pipelines.endOffsets(b, "heartbeats", 1) > 0);

            assertListed(worker);

            // A restart: MirrorSourceTask resumes from the offsets Kanal stored for it (read back through Connect's
            // OffsetStorageReader), so records written to a meanwhile arrive, and none twice.
            worker.stop();
            produce(FIRST, FIRST + MORE);
            worker.start();
            awaitRunning(worker, "mm2-source", "mm2-checkpoint", "mm2-heartbeat");

            // A consumer switching to b resumes after the records it read on a: the new records only.
            List<ConsumerRecord<String, byte[]>> resumed = consumeAsGroup(b, GROUP, REMOTE, MORE);
            assertReplicated(resumed, FIRST, FIRST + MORE);
            assertThat(resumed.get(0).offset()).isEqualTo(FIRST);
            assertThat(Pipelines.endOffsets(b, REMOTE, 1)).isEqualTo(FIRST + MORE);
        }
        // The worker stopped every connector and task: MirrorMaker's clients, schedulers and KafkaBasedLog threads
        // (all named after the "a->b" flow, or the log's topic) are gone.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                        .extracting(Thread::getName)
                        .noneMatch(name -> name.contains("a->b") || name.startsWith("KafkaBasedLog")));
    }

    private Map<String, String> common(String connectorClass) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", MIRROR + connectorClass);
        c.put("tasks.max", "1");
        c.put("source.cluster.alias", "a");
        c.put("target.cluster.alias", "b");
        c.put("source.cluster.bootstrap.servers", a.bootstrapServers());
        c.put("target.cluster.bootstrap.servers", b.bootstrapServers());
        // MirrorMaker's records are bytes; on a Connect worker they pass through byte converters.
        c.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return c;
    }

    private Map<String, String> sourceConfig() {
        Map<String, String> c = common("MirrorSourceConnector");
        c.put("topics", TOPIC);
        c.put("replication.factor", "1");
        c.put("offset-syncs.topic.replication.factor", "1");
        c.put("sync.topic.acls.enabled", "false");
        return c;
    }

    private Map<String, String> checkpointConfig() {
        Map<String, String> c = common("MirrorCheckpointConnector");
        c.put("groups", GROUP + "," + LAGGING_GROUP);
        c.put("emit.checkpoints.interval.seconds", "1");
        c.put("sync.group.offsets.enabled", "true");
        c.put("sync.group.offsets.interval.seconds", "1");
        c.put("refresh.groups.interval.seconds", "1");
        c.put("checkpoints.topic.replication.factor", "1");
        return c;
    }

    private Map<String, String> heartbeatConfig() {
        Map<String, String> c = common("MirrorHeartbeatConnector");
        c.put("emit.heartbeats.interval.seconds", "1");
        c.put("heartbeats.topic.replication.factor", "1");
        return c;
    }

    /** Records {@code from} (inclusive) to {@code to} (exclusive) into a's topic: key, value, two headers, time. */
    private static void produce(int from, int to) throws Exception {
        Map<String, Object> config = new HashMap<>(a.clientProperties());
        config.put("acks", "all");
        try (Producer<String, String> producer =
                Producer.create(config, new StringSerializer(), new StringSerializer())) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = from; i < to; i++) {
                sent.add(producer.send(new ProducerRecord<>(
                        TOPIC,
                        0,
                        BASE_TIME + i,
                        "key-" + i,
                        "value-" + i,
                        List.of(Header.of("seq", Integer.toString(i)), Header.of("origin", new byte[] {1, 0, (byte) i
                        })))));
            }
            CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertReplicated(List<ConsumerRecord<String, byte[]>> records, int from, int to) {
        assertThat(records).hasSize(to - from);
        for (int i = from; i < to; i++) {
            ConsumerRecord<String, byte[]> r = records.get(i - from);
            assertThat(r.key()).isEqualTo("key-" + i);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("value-" + i);
            assertThat(r.timestamp()).isEqualTo(BASE_TIME + i);
            assertThat(r.headers()).extracting(Header::key).containsExactly("seq", "origin");
            assertThat(new String(r.headers().get(0).valueBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(Integer.toString(i));
            assertThat(r.headers().get(1).valueBytes()).containsExactly(1, 0, (byte) i);
        }
    }

    /** A group's committed offset on a cluster, written as a consumer that has read up to it would. */
    private static void commit(KafkaCluster cluster, String group, TopicPartition partition, long offset)
            throws Exception {
        try (AdminClient admin = admin(cluster)) {
            admin.alterConsumerGroupOffsets(group, Map.of(partition, OffsetAndMetadata.of(offset)))
                    .get(10, TimeUnit.SECONDS)
                    .orThrow();
        }
    }

    private static Optional<Long> committed(KafkaCluster cluster, String group, String topic) throws Exception {
        try (AdminClient admin = admin(cluster)) {
            return Optional.ofNullable(admin.listConsumerGroupOffsets(group, Optional.empty())
                            .get(10, TimeUnit.SECONDS)
                            .get(new TopicPartition(topic, 0)))
                    .map(OffsetAndMetadata::offset);
        }
    }

    /** An upstream → downstream offset pair of MirrorMaker's checkpoint topic. */
    record Checkpoint(long upstream, long downstream) {}

    /**
     * The checkpoints of one group in {@code a.checkpoints.internal} on b. MirrorMaker's wire format: the key is the
     * group, topic and partition (each string with an int16 length), the value an int16 version, the upstream and
     * downstream offsets (int64) and metadata.
     */
    private List<Checkpoint> checkpoints(String group) throws Exception {
        List<Checkpoint> out = new ArrayList<>();
        String topic = "a.checkpoints.internal";
        long end = Pipelines.endOffsets(b, topic, 1);
        if (end == 0) {
            return out;
        }
        for (ConsumerRecord<byte[], byte[]> r : readBytes(b, topic, end)) {
            ByteBuffer key = ByteBuffer.wrap(r.key());
            byte[] name = new byte[key.getShort()];
            key.get(name);
            if (!new String(name, StandardCharsets.UTF_8).equals(group)) {
                continue;
            }
            ByteBuffer value = ByteBuffer.wrap(r.value());
            assertThat(value.getShort()).as("checkpoint version").isZero();
            out.add(new Checkpoint(value.getLong(), value.getLong()));
        }
        return out;
    }

    private static List<ConsumerRecord<String, byte[]>> read(KafkaCluster cluster, String topic, int count) {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Consumer<String, byte[]> consumer =
                Consumer.create(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                assertThat(out).hasSizeGreaterThanOrEqualTo(count);
            });
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readBytes(KafkaCluster cluster, String topic, long end) {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer =
                Consumer.create(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                assertThat(out).hasSizeGreaterThanOrEqualTo((int) end);
            });
        }
        return out;
    }

    /** What a consumer of the group reads when it subscribes on b: from the group's committed offset on. */
    private static List<ConsumerRecord<String, byte[]>> consumeAsGroup(
            KafkaCluster cluster, String group, String topic, int count) {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put("group.id", group);
        // Without a committed offset the consumer would start from the beginning: re-reading would show.
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (Consumer<String, byte[]> consumer =
                Consumer.create(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                assertThat(out).hasSizeGreaterThanOrEqualTo(count);
            });
        }
        return out;
    }

    /** Every task of the connectors runs; the failure shows the worker's whole view, with any task's trace. */
    private static void awaitRunning(EmbeddedWorkerCluster worker, String... connectors) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    HerderView view = worker.view();
                    for (String connector : connectors) {
                        assertThat(view.connector(connector).map(HerderView.ConnectorView::tasks))
                                .as("%s in %s", connector, view)
                                .hasValueSatisfying(tasks -> assertThat(tasks)
                                        .as("%s in %s", connector, view)
                                        .isNotEmpty()
                                        .allSatisfy(
                                                task -> assertThat(task.status().state())
                                                        .isEqualTo(StatusState.RUNNING)));
                    }
                });
    }

    /** {@code GET /connector-plugins} lists MirrorMaker's three connectors at their version. */
    private static void assertListed(EmbeddedWorkerCluster worker) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(worker.restUri().resolve("/connector-plugins"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> versions = new HashMap<>();
        for (JsonNode plugin : new ObjectMapper().readTree(response.body())) {
            versions.put(plugin.path("class").asText(), plugin.path("version").asText());
        }
        assertThat(versions)
                .containsEntry(MIRROR + "MirrorSourceConnector", "4.3.1")
                .containsEntry(MIRROR + "MirrorCheckpointConnector", "4.3.1")
                .containsEntry(MIRROR + "MirrorHeartbeatConnector", "4.3.1");
    }

    private static AdminClient admin(KafkaCluster cluster) {
        return AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    /**
     * The {@code plugin.path} entry {@code target/connect-mirror-plugins}, whose one plugin directory {@code
     * mirror-maker-4.3.1} holds connect-mirror and connect-mirror-client (copied by the pom): one loader for both.
     */
    static Path mirrorPlugin() throws Exception {
        String dir = System.getProperty("kanal.test.connect.mirror");
        assertThat(dir)
                .as("system property kanal.test.connect.mirror (set by failsafe in testkit/worker/pom.xml)")
                .isNotNull();
        Path pluginPath = Path.of(dir);
        try (Stream<Path> jars = Files.list(pluginPath.resolve("mirror-maker-4.3.1"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .contains("connect-mirror-4.3.1.jar", "connect-mirror-client-4.3.1.jar");
        }
        return pluginPath;
    }
}
