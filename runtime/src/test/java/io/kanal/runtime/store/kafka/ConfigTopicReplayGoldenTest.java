package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.connect.storage.ClusterConfigState;

/**
 * The replay against Apache Kafka Connect's own {@code KafkaConfigBackingStore}: random sequences of config topic
 * records (configs, task configs, complete and incomplete commits, deletions, target states old and new, fencing
 * records, session keys, and records Connect skips) leave both in the same state.
 */
class ConfigTopicReplayGoldenTest {

    private static final List<String> CONNECTORS = List.of("a", "b-1", "my-conn");
    private static final int MAX_TASKS = 4;

    /** A record as it sits in the topic. */
    record Raw(String key, byte[] value) {
        @Override
        public String toString() {
            return key + " = " + (value == null ? "<tombstone>" : new String(value, StandardCharsets.UTF_8));
        }
    }

    @Property(tries = 400)
    void theReplayEndsInApacheConnectsState(@ForAll("topics") @Size(max = 60) List<Raw> topic) {
        ApacheConfigTopic apache = new ApacheConfigTopic();
        ConfigTopicReplay replay = new ConfigTopicReplay(new ConfigRecordCodec());
        long offset = 0;
        for (Raw record : topic) {
            apache.read(offset, record.key(), record.value());
            replay.apply(offset, record.key(), record.value());
            offset++;
        }
        assertSameState(replay.snapshot(), apache.snapshot());
    }

    static void assertSameState(ConfigSnapshot ours, ClusterConfigState theirs) {
        assertThat(ours.offset()).as("offset").isEqualTo(theirs.offset());
        assertThat(ours.connectorConfigs().keySet()).as("connectors").isEqualTo(theirs.connectors());
        assertThat(ours.inconsistent()).as("inconsistent").isEqualTo(theirs.inconsistentConnectors());
        for (String c : CONNECTORS) {
            assertThat(ours.connectorConfigs().get(c)).as("config of " + c).isEqualTo(theirs.rawConnectorConfig(c));
            assertThat(ours.targetState(c).map(ConfigRecordCodec::connectName))
                    .as("target state of " + c)
                    .isEqualTo(Optional.ofNullable(theirs.targetState(c)).map(Enum::name));
            assertThat(ours.taskCounts().getOrDefault(c, 0))
                    .as("task count of " + c)
                    .isEqualTo(theirs.taskCount(c));
            assertThat(ours.tasks(c).stream().map(ConnectorTaskId::task).collect(Collectors.toList()))
                    .as("tasks of " + c)
                    .isEqualTo(theirs.tasks(c).stream()
                            .map(org.apache.kafka.connect.util.ConnectorTaskId::task)
                            .collect(Collectors.toList()));
            for (int t = 0; t <= MAX_TASKS; t++) {
                assertThat(ours.taskConfigs().get(new ConnectorTaskId(c, t)))
                        .as("config of task " + c + "-" + t)
                        .isEqualTo(theirs.rawTaskConfig(new org.apache.kafka.connect.util.ConnectorTaskId(c, t)));
            }
            assertThat(ours.taskCountRecords().get(c))
                    .as("fencing count of " + c)
                    .isEqualTo(theirs.taskCountRecord(c));
            assertThat(ours.taskConfigGenerations().get(c))
                    .as("task config generation of " + c)
                    .isEqualTo(theirs.taskConfigGeneration(c));
            assertThat(ours.pendingFencing().contains(c)).as("fencing of " + c).isEqualTo(theirs.pendingFencing(c));
            assertThat(ours.appliedConnectorConfigs().get(c))
                    .as("applied config of " + c)
                    .isEqualTo(theirs.appliedConnectorConfig(c));
        }
        assertThat(ours.sessionKey().map(ConfigRecord.SessionKey::encodedKey))
                .as("session key")
                .isEqualTo(Optional.ofNullable(theirs.sessionKey())
                        .map(k -> Base64.getEncoder().encodeToString(k.key().getEncoded())));
        assertThat(ours.sessionKey().map(ConfigRecord.SessionKey::creationTimestamp))
                .isEqualTo(Optional.ofNullable(theirs.sessionKey()).map(k -> k.creationTimestamp()));
    }

    @Provide
    Arbitrary<List<Raw>> topics() {
        return Arbitraries.frequencyOf(List.of(
                        weighted(6, connectorConfig()),
                        weighted(2, tombstone("connector-")),
                        weighted(10, taskConfig()),
                        weighted(7, commit()),
                        weighted(4, targetState()),
                        weighted(1, tombstone("target-state-")),
                        weighted(2, fencing()),
                        weighted(1, sessionKey()),
                        weighted(1, others()),
                        weighted(2, malformed())))
                .list();
    }

    private static net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<Raw>> weighted(int weight, Arbitrary<Raw> a) {
        return net.jqwik.api.Tuple.of(weight, a);
    }

    private static Arbitrary<String> connector() {
        return Arbitraries.of(CONNECTORS);
    }

    private static Arbitrary<String> properties() {
        return Arbitraries.of(
                "{\"properties\":{\"name\":\"x\",\"tasks.max\":\"2\"}}",
                "{\"properties\":{\"name\":\"y\"}}",
                "{\"properties\":{}}",
                "{\"properties\":{\"k\":null,\"secret\":\"s3cr3t\"}}");
    }

    private static Arbitrary<Raw> connectorConfig() {
        return Combinators.combine(connector(), properties()).as((c, p) -> raw("connector-" + c, p));
    }

    private static Arbitrary<Raw> tombstone(String prefix) {
        return connector().map(c -> new Raw(prefix + c, null));
    }

    private static Arbitrary<Raw> taskConfig() {
        return Combinators.combine(connector(), Arbitraries.integers().between(0, MAX_TASKS), properties())
                .as((c, t, p) -> raw("task-" + c + "-" + t, p));
    }

    private static Arbitrary<Raw> commit() {
        return Combinators.combine(connector(), Arbitraries.integers().between(0, MAX_TASKS))
                .as((c, n) -> raw("commit-" + c, "{\"tasks\":" + n + "}"));
    }

    private static Arbitrary<Raw> targetState() {
        return Combinators.combine(
                        connector(),
                        Arbitraries.of(
                                "{\"state\":\"STARTED\",\"state.v2\":\"STARTED\"}",
                                "{\"state\":\"PAUSED\",\"state.v2\":\"PAUSED\"}",
                                "{\"state\":\"PAUSED\",\"state.v2\":\"STOPPED\"}",
                                "{\"state\":\"PAUSED\"}",
                                "{\"state\":\"STARTED\"}",
                                "{\"state\":\"STARTED\",\"state.v2\":7}",
                                "{\"state\":\"STARTED\",\"state.v2\":\"BOGUS\"}",
                                "{\"state\":5}"))
                .as((c, v) -> raw("target-state-" + c, v));
    }

    private static Arbitrary<Raw> fencing() {
        return Combinators.combine(connector(), Arbitraries.integers().between(0, MAX_TASKS))
                .as((c, n) -> raw("tasks-fencing-" + c, "{\"task-count\":" + n + "}"));
    }

    private static Arbitrary<Raw> sessionKey() {
        return Arbitraries.longs()
                .between(0, 1_000_000)
                .map(ts -> raw(
                        "session-key",
                        "{\"key\":\"" + Base64.getEncoder().encodeToString(("k" + ts).getBytes(StandardCharsets.UTF_8))
                                + "\",\"algorithm\":\"HmacSHA256\",\"creation-timestamp\":" + ts + "}"));
    }

    private static Arbitrary<Raw> others() {
        return connector()
                .flatMap(c -> Arbitraries.of(
                        raw("restart-connector-" + c, "{\"include-tasks\":true,\"only-failed\":false}"),
                        raw("logger-cluster-org.example", "{\"level\":\"DEBUG\"}"),
                        raw("unknown-" + c, "{}")));
    }

    private static Arbitrary<Raw> malformed() {
        List<Raw> bad = new ArrayList<>();
        for (String c : CONNECTORS) {
            bad.add(raw("connector-" + c, "{not json"));
            bad.add(raw("connector-" + c, "null"));
            bad.add(new Raw("connector-" + c, new byte[0]));
            bad.add(raw("connector-" + c, " "));
            bad.add(raw("connector-" + c, "[1,2]"));
            bad.add(raw("connector-" + c, "{\"properties\":\"x\"}"));
            bad.add(new Raw("task-" + c + "-0", null));
            bad.add(raw("task-" + c + "-x", "{\"properties\":{}}"));
            bad.add(raw("commit-" + c, "{\"tasks\":\"2\"}"));
            bad.add(raw("commit-" + c, "{}"));
            bad.add(new Raw("commit-" + c, null));
            bad.add(raw("target-state-" + c, "\"PAUSED\""));
            bad.add(raw("tasks-fencing-" + c, "{\"task-count\":1.5}"));
            bad.add(new Raw("session-key", null));
            bad.add(raw("session-key", "{\"key\":\"AA==\",\"algorithm\":\"HmacSHA256\",\"creation-timestamp\":1.0}"));
        }
        return Arbitraries.of(bad);
    }

    private static Raw raw(String key, String json) {
        return new Raw(key, json.getBytes(StandardCharsets.UTF_8));
    }
}
