package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.TargetState;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The config topic's records against Apache Kafka Connect's own code: its schema constants written by its
 * JsonConverter as {@code KafkaConfigBackingStore} does (schemas.enable=false); our bytes equal theirs and we read
 * theirs back; keys equal its key functions.
 */
class ConfigRecordCodecGoldenTest {

    private final ConfigRecordCodec codec = new ConfigRecordCodec();
    private final JsonConverter apache = apacheConverter();

    static JsonConverter apacheConverter() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        return converter;
    }

    private byte[] apache(Schema schema, Struct struct) {
        return apache.fromConnectData(ApacheConfigTopic.TOPIC, schema, struct);
    }

    private static Map<String, String> properties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", "orders-src");
        props.put("connector.class", "FileStreamSource");
        props.put("tasks.max", "3");
        props.put("file", "/tmp/\"quoted\" \\ path\nwith\ttabs and ünïcode ✓ \u0001");
        props.put("optional", null);
        return props;
    }

    private void assertSame(ConfigRecord record, byte[] theirs, String theirKey) {
        assertThat(record.key()).isEqualTo(theirKey);
        byte[] ours = codec.encodeValue(record);
        assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(new String(theirs, StandardCharsets.UTF_8));
        assertThat(ours).isEqualTo(theirs);
        assertThat(codec.decode(theirKey, theirs)).isEqualTo(record);
    }

    @Test
    void connectorConfigIsTheirs() {
        Struct struct = new Struct(KafkaConfigBackingStore.CONNECTOR_CONFIGURATION_V0).put("properties", properties());
        assertSame(
                new ConfigRecord.ConnectorConfig("orders-src", properties()),
                apache(KafkaConfigBackingStore.CONNECTOR_CONFIGURATION_V0, struct),
                KafkaConfigBackingStore.CONNECTOR_KEY("orders-src"));
    }

    @Test
    void taskConfigIsTheirs() {
        Struct struct = new Struct(KafkaConfigBackingStore.TASK_CONFIGURATION_V0).put("properties", properties());
        ConnectorTaskId ours = new ConnectorTaskId("my-conn-2", 7);
        assertSame(
                new ConfigRecord.TaskConfig(ours, properties()),
                apache(KafkaConfigBackingStore.TASK_CONFIGURATION_V0, struct),
                KafkaConfigBackingStore.TASK_KEY(new org.apache.kafka.connect.util.ConnectorTaskId("my-conn-2", 7)));
    }

    @Test
    void commitIsTheirs() {
        Struct struct = new Struct(KafkaConfigBackingStore.CONNECTOR_TASKS_COMMIT_V0).put("tasks", 12);
        assertSame(
                new ConfigRecord.TaskCommit("c", 12),
                apache(KafkaConfigBackingStore.CONNECTOR_TASKS_COMMIT_V0, struct),
                KafkaConfigBackingStore.COMMIT_TASKS_KEY("c"));
    }

    @ParameterizedTest
    @EnumSource(TargetState.class)
    void targetStateIsTheirsWithThePausedFallbackForStopped(TargetState state) {
        org.apache.kafka.connect.runtime.TargetState theirs =
                org.apache.kafka.connect.runtime.TargetState.valueOf(ConfigRecordCodec.connectName(state));
        assertSame(
                new ConfigRecord.TargetStateChange("c", state),
                new ApacheConfigTopic().serializeTargetState(theirs),
                KafkaConfigBackingStore.TARGET_STATE_KEY("c"));
    }

    @Test
    void restartRequestIsTheirs() {
        Struct struct = new Struct(KafkaConfigBackingStore.RESTART_REQUEST_V0)
                .put(KafkaConfigBackingStore.INCLUDE_TASKS_FIELD_NAME, true)
                .put(KafkaConfigBackingStore.ONLY_FAILED_FIELD_NAME, false);
        assertSame(
                new ConfigRecord.RestartRequest("c", true, false),
                apache(KafkaConfigBackingStore.RESTART_REQUEST_V0, struct),
                KafkaConfigBackingStore.RESTART_KEY("c"));
    }

    @Test
    void taskCountRecordIsTheirs() {
        Struct struct = new Struct(KafkaConfigBackingStore.TASK_COUNT_RECORD_V0).put("task-count", 4);
        assertSame(
                new ConfigRecord.TaskCount("c", 4),
                apache(KafkaConfigBackingStore.TASK_COUNT_RECORD_V0, struct),
                KafkaConfigBackingStore.TASK_COUNT_RECORD_KEY("c"));
    }

    @Test
    void sessionKeyIsTheirsAndItsToStringHidesTheKey() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 37);
        }
        Struct struct = new Struct(KafkaConfigBackingStore.SESSION_KEY_V0)
                .put("key", Base64.getEncoder().encodeToString(key))
                .put("algorithm", "HmacSHA256")
                .put("creation-timestamp", 1_733_000_000_123L);
        ConfigRecord.SessionKey ours = new ConfigRecord.SessionKey(key, "HmacSHA256", 1_733_000_000_123L);
        assertSame(
                ours, apache(KafkaConfigBackingStore.SESSION_KEY_V0, struct), KafkaConfigBackingStore.SESSION_KEY_KEY);
        assertThat(ours.toString()).doesNotContain(ours.encodedKey());
    }

    @Test
    void loggerLevelIsTheirs() {
        Struct struct = new Struct(KafkaConfigBackingStore.LOGGER_LEVEL_V0).put("level", "DEBUG");
        assertSame(
                new ConfigRecord.LoggerLevel("org.apache.kafka.connect", "DEBUG"),
                apache(KafkaConfigBackingStore.LOGGER_LEVEL_V0, struct),
                KafkaConfigBackingStore.LOGGER_CLUSTER_KEY("org.apache.kafka.connect"));
    }

    @Test
    void deletionsAreTombstonesOnTheirKeys() {
        assertThat(codec.encodeValue(new ConfigRecord.ConnectorRemoved("c"))).isNull();
        assertThat(codec.encodeValue(new ConfigRecord.TargetStateRemoved("c"))).isNull();
        assertThat(codec.decode(KafkaConfigBackingStore.CONNECTOR_KEY("c"), null))
                .isEqualTo(new ConfigRecord.ConnectorRemoved("c"));
        assertThat(codec.decode(KafkaConfigBackingStore.TARGET_STATE_KEY("c"), null))
                .isEqualTo(new ConfigRecord.TargetStateRemoved("c"));
    }

    @Test
    void targetStatesOfOlderWorkersFallBackOnTheStateField() {
        // written by a worker before KIP-875, with TARGET_STATE_V0
        Struct v0 = new Struct(KafkaConfigBackingStore.TARGET_STATE_V0).put("state", "PAUSED");
        assertThat(codec.decode("target-state-c", apache(KafkaConfigBackingStore.TARGET_STATE_V0, v0)))
                .isEqualTo(new ConfigRecord.TargetStateChange("c", TargetState.PAUSED));
        // a state.v2 that is not a string falls back too; one that is a string but unknown does not
        assertThat(codec.decode("target-state-c", utf8("{\"state\":\"STARTED\",\"state.v2\":5}")))
                .isEqualTo(new ConfigRecord.TargetStateChange("c", TargetState.RUNNING));
        assertThat(codec.decode("target-state-c", utf8("{\"state\":\"STARTED\",\"state.v2\":null}")))
                .isEqualTo(new ConfigRecord.TargetStateChange("c", TargetState.RUNNING));
    }

    @Test
    void taskKeysParseAsConnectParsesThem() {
        for (String key : List.of("task-a-0", "task-my-conn-12", "task--a-3", "task-a--4", "task-a-1-", "task-a-+5")) {
            ConnectorTaskId ours = ConfigRecordCodec.parseTaskKey(key);
            // Connect's parseTaskId is private; its rule is split("-"), last part the number, the middle the name
            String[] parts = key.split("-");
            assertThat(ours.connector())
                    .as(key)
                    .isEqualTo(String.join("-", List.of(parts).subList(1, parts.length - 1)));
            assertThat(ours.task()).as(key).isEqualTo(Integer.parseInt(parts[parts.length - 1]));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
