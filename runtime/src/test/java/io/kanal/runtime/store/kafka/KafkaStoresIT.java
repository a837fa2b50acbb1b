package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.ConfigResource;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusError;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.ConfigStore;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The three Kafka-backed stores against a real broker, two store instances standing for two workers. */
@WithKafkaCluster
class KafkaStoresIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    static KafkaStoreSettings settings(KafkaCluster cluster, String prefix, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("group.id", prefix);
        config.put("config.storage.topic", prefix + "-configs");
        config.put("offset.storage.topic", prefix + "-offsets");
        config.put("status.storage.topic", prefix + "-status");
        config.put("config.storage.replication.factor", "1");
        config.put("offset.storage.replication.factor", "1");
        config.put("status.storage.replication.factor", "1");
        config.putAll(extra);
        return KafkaStoreSettings.from(config).withTimeout(TIMEOUT);
    }

    /** Every listener call, in words, in order. */
    static final class Events implements ConfigStore.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void connectorConfig(String name, Optional<Map<String, String>> config) {
            seen.add(config.map(c -> "config " + name + " " + new TreeMap<>(c)).orElse("removed " + name));
        }

        @Override
        public void taskConfigs(String name, List<Map<String, String>> configs) {
            seen.add("tasks " + name + " " + configs.stream().map(TreeMap::new).toList());
        }

        @Override
        public void targetState(String name, TargetState state) {
            seen.add("state " + name + " " + state);
        }

        @Override
        public void restartRequest(String connector, boolean onlyFailed, boolean includeTasks) {
            seen.add("restart " + connector + " onlyFailed=" + onlyFailed + " includeTasks=" + includeTasks);
        }

        @Override
        public void sessionKey(ConfigRecord.SessionKey key) {
            seen.add("session " + key.algorithm() + " " + key.creationTimestamp());
        }

        @Override
        public void loggerLevel(String namespace, String level) {
            seen.add("logger " + namespace + " " + level);
        }
    }

    @Test
    void theTopicsAreCreatedCompactedWithConnectsPartitionCounts(KafkaCluster cluster) throws Exception {
        KafkaStoreSettings s = settings(cluster, "created", Map.of());
        try (KafkaConfigStore configs = new KafkaConfigStore(s, null);
                KafkaOffsetStore offsets = new KafkaOffsetStore(s, null);
                KafkaStatusStore statuses = new KafkaStatusStore(s, null, "w1")) {
            configs.start(new Events());
            offsets.start();
            statuses.start();
        }
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Map<String, Integer> expected = Map.of("created-configs", 1, "created-offsets", 25, "created-status", 5);
            var described = admin.describeTopics(expected.keySet()).get(30, TimeUnit.SECONDS);
            for (var e : expected.entrySet()) {
                assertThat(described.get(e.getKey()).partitions()).hasSize(e.getValue());
                ConfigResource resource = ConfigResource.topic(e.getKey());
                assertThat(admin.describeConfigs(List.of(resource))
                                .get(30, TimeUnit.SECONDS)
                                .get(resource)
                                .get("cleanup.policy")
                                .value())
                        .isEqualTo("compact");
            }
        }
    }

    @Test
    void twoConfigStoresSeeEachOthersWritesInOrder(KafkaCluster cluster) {
        KafkaStoreSettings s = settings(cluster, "configs2", Map.of());
        Events la = new Events();
        Events lb = new Events();
        Map<String, String> config = Map.of("connector.class", "Src", "tasks.max", "2");
        try (KafkaConfigStore a = new KafkaConfigStore(s, null);
                KafkaConfigStore b = new KafkaConfigStore(s, null)) {
            a.start(la);
            b.start(lb);

            a.putConnectorConfig("c1", config, Optional.of(TargetState.PAUSED));
            // the write returns after this worker's listener saw it
            assertThat(la.seen).containsExactly("state c1 PAUSED", "config c1 {connector.class=Src, tasks.max=2}");
            b.readToEnd(TIMEOUT);
            assertThat(lb.seen).containsExactlyElementsOf(la.seen);

            b.putTaskConfigs("c1", List.of(Map.of("t", "0"), Map.of("t", "1")));
            a.putTargetState("c1", TargetState.RUNNING);
            b.putRestartRequest("c1", true, false);
            b.putLoggerLevel("org.example", "DEBUG");
            b.putSessionKey(new ConfigRecord.SessionKey(new byte[] {1, 2, 3}, "HmacSHA256", 1234L));
            a.readToEnd(TIMEOUT);
            b.readToEnd(TIMEOUT);

            List<String> expected = List.of(
                    "state c1 PAUSED",
                    "config c1 {connector.class=Src, tasks.max=2}",
                    "tasks c1 [{t=0}, {t=1}]",
                    "state c1 RUNNING",
                    "restart c1 onlyFailed=true includeTasks=false",
                    "logger org.example DEBUG",
                    "session HmacSHA256 1234");
            assertThat(la.seen).containsExactlyElementsOf(expected);
            assertThat(lb.seen).containsExactlyElementsOf(expected);
            // 2 + 3 + 1 + 1 + 1 + 1 records: the offset of the next record, as Connect's ClusterConfigState.offset()
            assertThat(a.offset()).isEqualTo(9).isEqualTo(b.offset());
            assertThat(a.configSnapshot().sessionKey())
                    .map(ConfigRecord.SessionKey::creationTimestamp)
                    .contains(1234L);
            assertThat(b.snapshot().taskConfigs()).containsEntry("c1", List.of(Map.of("t", "0"), Map.of("t", "1")));
            assertThat(b.snapshot().targetStates()).containsEntry("c1", TargetState.RUNNING);

            Events lc = new Events();
            try (KafkaConfigStore c = new KafkaConfigStore(s, null)) {
                c.start(lc);
                // a late worker is told the state, not the history; restarts and log levels read at start are old
                assertThat(lc.seen)
                        .containsExactly(
                                "state c1 RUNNING",
                                "config c1 {connector.class=Src, tasks.max=2}",
                                "tasks c1 [{t=0}, {t=1}]");
                assertThat(c.offset()).isEqualTo(9);
            }

            a.removeConnector("c1");
            b.readToEnd(TIMEOUT);
            assertThat(lb.seen).endsWith("removed c1");
            assertThat(b.snapshot().configs()).isEmpty();
            assertThat(b.snapshot().targetStates()).isEmpty();
        }
    }

    @Test
    void taskConfigsAreToldOnlyAtTheirCommit_andAMalformedRecordIsSkipped(KafkaCluster cluster) throws Exception {
        KafkaStoreSettings s = settings(cluster, "commit", Map.of());
        ConfigRecordCodec codec = new ConfigRecordCodec();
        Events events = new Events();
        try (KafkaConfigStore store = new KafkaConfigStore(s, null);
                InternalTopicLog raw = new InternalTopicLog(
                        "config.storage.topic",
                        s.configTopic(),
                        true,
                        s.clientProperties(),
                        "raw",
                        null,
                        r -> {},
                        TIMEOUT)) {
            store.start(events);
            raw.start();
            store.putConnectorConfig("c2", Map.of("connector.class", "Src"), Optional.empty());

            var task = new ConfigRecord.TaskConfig(new ConnectorTaskId("c2", 0), Map.of("t", "0"));
            raw.send(bytes(task.key()), codec.encodeValue(task)).get(30, TimeUnit.SECONDS);
            raw.send(bytes("connector-bad"), bytes("{not json")).get(30, TimeUnit.SECONDS);
            store.readToEnd(TIMEOUT);
            assertThat(events.seen).containsExactly("state c2 RUNNING", "config c2 {connector.class=Src}");

            var commit = new ConfigRecord.TaskCommit("c2", 1);
            raw.send(bytes(commit.key()), codec.encodeValue(commit)).get(30, TimeUnit.SECONDS);
            store.readToEnd(TIMEOUT);
            assertThat(events.seen).endsWith("tasks c2 [{t=0}]").hasSize(3);
            assertThat(store.configSnapshot().connectorConfigs()).containsOnlyKeys("c2");
        }
    }

    @Test
    void offsetsWrittenByOneWorkerAreReadByAnother_andResetWritesTombstones(KafkaCluster cluster) {
        KafkaStoreSettings s = settings(cluster, "offsets2", Map.of());
        Map<String, Object> f1 = new LinkedHashMap<>();
        f1.put("file", "f1");
        f1.put("shard", 1);
        try (KafkaOffsetStore a = new KafkaOffsetStore(s, null);
                KafkaOffsetStore b = new KafkaOffsetStore(s, null)) {
            a.start();
            a.write("src", Map.of(f1, Map.of("pos", 1), Map.of("file", "f2"), Map.of("pos", 2)));
            a.write("other", Map.of(Map.of("file", "f1"), Map.of("pos", 7)));
            assertThat(a.offset("src", f1)).contains(Map.of("pos", 1L));

            b.start();
            // the same partition by content: other field order, Long for Integer
            Map<String, Object> f1Reordered = new LinkedHashMap<>();
            f1Reordered.put("shard", 1L);
            f1Reordered.put("file", "f1");
            assertThat(b.offset("src", f1Reordered)).contains(Map.of("pos", 1L));
            assertThat(b.offsets("src")).hasSize(2);

            a.write("src", Map.of(f1, Map.of("pos", 3)));
            b.readToEnd(TIMEOUT);
            assertThat(b.offset("src", f1)).contains(Map.of("pos", 3L));

            Map<Map<String, ?>, Map<String, ?>> removal = new HashMap<>();
            removal.put(Map.of("file", "f2"), null);
            b.write("src", removal);
            a.readToEnd(TIMEOUT);
            assertThat(a.offsets("src")).containsOnlyKeys(Map.of("file", "f1", "shard", 1L));

            b.reset("src");
            assertThat(b.offsets("src")).isEmpty();
            a.readToEnd(TIMEOUT);
            assertThat(a.offsets("src")).isEmpty();
            assertThat(a.offsets("other")).containsExactly(Map.entry(Map.of("file", "f1"), Map.of("pos", 7L)));
        }
        try (KafkaOffsetStore late = new KafkaOffsetStore(s, null)) {
            late.start();
            // the tombstones are in the topic: a worker reading it from the start sees no offsets of 'src'
            assertThat(late.offsets("src")).isEmpty();
            assertThat(late.offsets("other")).hasSize(1);
        }
    }

    @Test
    void statusWritesFollowPutSafeAcrossWorkersAndGenerations(KafkaCluster cluster) {
        // one partition: the two workers' records are read in the order they were written
        KafkaStoreSettings s = settings(cluster, "status2", Map.of("status.storage.partitions", "1"));
        ConnectorTaskId t0 = new ConnectorTaskId("c", 0);
        ConnectorTaskId t1 = new ConnectorTaskId("c", 1);
        Status failed = Status.failed("w1", StatusError.of("poll", "java.lang.IllegalStateException", "boom"));
        try (KafkaStatusStore w1 = new KafkaStatusStore(s, null, "w1");
                KafkaStatusStore w2 = new KafkaStatusStore(s, null, "w2")) {
            w1.start();
            w2.start();
            w1.setGeneration(1);
            w2.setGeneration(2);

            w2.putTask(t0, Status.of(StatusState.RUNNING, "w2"));
            awaitStatus(w1, t0, StatusState.RUNNING, "w2");

            // w1 still believes it is in generation 1: its FAILED must not hide the new owner's RUNNING
            w1.putTask(t0, failed);
            w1.putTask(t1, failed);
            awaitStatus(w2, t1, StatusState.FAILED, "w1");
            w2.readToEnd(TIMEOUT);
            assertThat(w2.task(t0)).map(Status::state).contains(StatusState.RUNNING);

            // once w1 has joined a newer generation it may write
            w1.setGeneration(3);
            w1.putTask(t0, failed);
            awaitStatus(w2, t0, StatusState.FAILED, "w1");
            Status readByOther = w2.task(t0).orElseThrow();
            assertThat(readByOther.error()).hasValueSatisfying(e -> {
                assertThat(e.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
                assertThat(e.message()).isEqualTo("boom");
            });
            // the writer reads back its own full status, Kanal's fields included
            w1.readToEnd(TIMEOUT);
            assertThat(w1.task(t0)).contains(failed);

            w2.putConnector("c", Status.of(StatusState.RUNNING, "w2"));
            await().atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(w1.connector("c")).isPresent());
            w2.removeConnector("c");
            await().atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(w1.connector("c")).isEmpty();
                assertThat(w1.tasks("c")).isEmpty();
            });
        }
    }

    private static void awaitStatus(KafkaStatusStore store, ConnectorTaskId task, StatusState state, String worker) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(store.task(task)).hasValueSatisfying(st -> {
            assertThat(st.state()).isEqualTo(state);
            assertThat(st.workerId()).isEqualTo(worker);
        }));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
