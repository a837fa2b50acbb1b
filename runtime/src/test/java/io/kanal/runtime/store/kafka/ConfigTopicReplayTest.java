package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.kafka.ConfigTopicReplay.Applied;
import io.kanal.runtime.store.kafka.ConfigTopicReplay.Effect;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of the config topic replay (Connect's {@code KafkaConfigBackingStore} rules). */
class ConfigTopicReplayTest {

    private final ConfigRecordCodec codec = new ConfigRecordCodec();
    private final ConfigTopicReplay replay = new ConfigTopicReplay(codec);
    private long offset;

    private Applied read(ConfigRecord record) {
        return replay.apply(offset++, record.key(), codec.encodeValue(record));
    }

    private Applied read(String key, String json) {
        return replay.apply(offset++, key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static ConfigRecord.ConnectorConfig config(String name) {
        return new ConfigRecord.ConnectorConfig(name, Map.of("name", name, "tasks.max", "2"));
    }

    private static ConfigRecord.TaskConfig task(String name, int n) {
        return new ConfigRecord.TaskConfig(new ConnectorTaskId(name, n), Map.of("task", name + n));
    }

    @Test
    void aConnectorConfigAppliesAtOnceAndAConnectorWithoutTargetStateRuns() {
        assertThat(read(config("c")).effect()).isEqualTo(Effect.CONNECTOR_CONFIG_UPDATED);

        ConfigSnapshot s = replay.snapshot();
        assertThat(s.connectorConfigs()).containsEntry("c", Map.of("name", "c", "tasks.max", "2"));
        assertThat(s.targetState("c")).contains(TargetState.RUNNING);
        assertThat(s.offset()).isEqualTo(1);
    }

    @Test
    void anInitialTargetStateWrittenBeforeItsConnectorIsKeptAndAnnouncedWithTheConfig() {
        assertThat(read(new ConfigRecord.TargetStateChange("c", TargetState.STOPPED))
                        .effect())
                .isEqualTo(Effect.SILENT);
        read(config("c"));

        assertThat(replay.snapshot().targetState("c")).contains(TargetState.STOPPED);
    }

    @Test
    void aTargetStateChangeIsAnnouncedOnlyWhenItChangesAnExistingConnector() {
        read(config("c"));
        assertThat(read(new ConfigRecord.TargetStateChange("c", TargetState.PAUSED))
                        .effect())
                .isEqualTo(Effect.TARGET_STATE_CHANGED);
        assertThat(read(new ConfigRecord.TargetStateChange("c", TargetState.PAUSED))
                        .effect())
                .isEqualTo(Effect.SILENT);
        assertThat(replay.snapshot().targetState("c")).contains(TargetState.PAUSED);
    }

    @Test
    void taskConfigsWaitForTheirCommitRecord() {
        read(config("c"));
        assertThat(read(task("c", 0)).effect()).isEqualTo(Effect.SILENT);
        read(task("c", 1));
        assertThat(replay.snapshot().tasks("c")).isEmpty();
        assertThat(replay.snapshot().taskConfigs()).isEmpty();

        Applied commit = read(new ConfigRecord.TaskCommit("c", 2));

        assertThat(commit.effect()).isEqualTo(Effect.TASK_CONFIGS_COMMITTED);
        assertThat(commit.updatedTasks()).containsExactly(new ConnectorTaskId("c", 0), new ConnectorTaskId("c", 1));
        ConfigSnapshot s = replay.snapshot();
        assertThat(s.tasks("c")).hasSize(2);
        assertThat(s.taskConfigList("c")).containsExactly(Map.of("task", "c0"), Map.of("task", "c1"));
        assertThat(s.taskConfigGenerations()).containsEntry("c", 0);
        assertThat(s.appliedConnectorConfigs()).containsEntry("c", config("c").properties());
    }

    @Test
    void aCommitMissingSomeOfItsTasksMakesTheConnectorInconsistentAndDropsTheRound() {
        read(config("c"));
        read(task("c", 0));
        read(task("c", 1));
        read(new ConfigRecord.TaskCommit("c", 2));
        // a later round lost task 1 (compaction, or a leader that died mid-write)
        read(new ConfigRecord.TaskConfig(new ConnectorTaskId("c", 0), Map.of("task", "new")));
        Applied commit = read(new ConfigRecord.TaskCommit("c", 2));

        assertThat(commit.updatedTasks()).isEmpty();
        ConfigSnapshot s = replay.snapshot();
        assertThat(s.inconsistent()).containsExactly("c");
        assertThat(s.tasks("c")).as("an inconsistent connector runs no tasks").isEmpty();
        assertThat(s.taskConfigs().get(new ConnectorTaskId("c", 0)))
                .as("nothing of the incomplete round applied")
                .isEqualTo(Map.of("task", "c0"));

        // the incomplete round was dropped: the next commit needs a complete fresh set
        read(task("c", 1));
        assertThat(replay.snapshot().inconsistent()).containsExactly("c");
        read(new ConfigRecord.TaskCommit("c", 2));
        assertThat(replay.snapshot().inconsistent()).containsExactly("c");
        read(task("c", 0));
        read(task("c", 1));
        read(new ConfigRecord.TaskCommit("c", 2));
        assertThat(replay.snapshot().inconsistent()).isEmpty();
        assertThat(replay.snapshot().tasks("c")).hasSize(2);
    }

    @Test
    void aCommitNeedsItsTasksButToleratesOlderHigherNumberedOnes() {
        read(config("c"));
        // a connector that shrank from 2 tasks to 1, compacted: task 1's old config comes before the new round
        read(task("c", 1));
        read(task("c", 0));
        read(new ConfigRecord.TaskCommit("c", 1));

        ConfigSnapshot s = replay.snapshot();
        assertThat(s.inconsistent()).isEmpty();
        assertThat(s.tasks("c")).containsExactly(new ConnectorTaskId("c", 0));
    }

    @Test
    void aCommitOfADeletedConnectorDropsWhatIsLeftOfIt() {
        read(task("c", 0));
        assertThat(read(new ConfigRecord.TaskCommit("c", 1)).effect()).isEqualTo(Effect.SILENT);
        assertThat(replay.snapshot().taskCounts()).doesNotContainKey("c");

        // the leftover task config is gone: a new connector of that name must write its own
        read(config("c"));
        read(new ConfigRecord.TaskCommit("c", 1));
        assertThat(replay.snapshot().inconsistent()).containsExactly("c");
    }

    @Test
    void aConnectorTombstoneRemovesItsConfigAndTasksButNotItsTargetState() {
        read(config("c"));
        read(new ConfigRecord.TargetStateChange("c", TargetState.PAUSED));
        read(task("c", 0));
        read(new ConfigRecord.TaskCommit("c", 1));

        assertThat(read(new ConfigRecord.ConnectorRemoved("c")).effect()).isEqualTo(Effect.CONNECTOR_REMOVED);

        ConfigSnapshot s = replay.snapshot();
        assertThat(s.connectorConfigs()).isEmpty();
        assertThat(s.taskConfigs()).isEmpty();
        assertThat(s.taskCounts()).isEmpty();
        assertThat(s.appliedConnectorConfigs()).isEmpty();
        assertThat(s.targetState("c")).as("removed by its own tombstone").contains(TargetState.PAUSED);
        read(new ConfigRecord.TargetStateRemoved("c"));
        assertThat(replay.snapshot().targetState("c")).isEmpty();
    }

    @Test
    void aTargetStateTombstoneOfAnExistingConnectorMeansRunning() {
        read(config("c"));
        read(new ConfigRecord.TargetStateChange("c", TargetState.STOPPED));
        assertThat(read(new ConfigRecord.TargetStateRemoved("c")).effect()).isEqualTo(Effect.SILENT);
        assertThat(replay.snapshot().targetState("c")).contains(TargetState.RUNNING);
    }

    @Test
    void tasksNeedFencingAfterACommitUntilAFencingRecord() {
        read(config("c"));
        read(new ConfigRecord.TaskCommit("c", 0));
        assertThat(replay.snapshot().pendingFencing()).containsExactly("c");

        read(new ConfigRecord.TaskCount("c", 0));
        assertThat(replay.snapshot().pendingFencing()).isEmpty();
        assertThat(replay.snapshot().taskCountRecords()).containsEntry("c", 0);
    }

    @Test
    void bytesThatAreNotJsonAreSkippedWithoutCountingTheirOffset() {
        read(config("c"));
        Applied bad = read("connector-c", "{not json");

        assertThat(bad.effect()).isEqualTo(Effect.SKIPPED);
        assertThat(bad.error()).get().satisfies(e -> {
            assertThat(e.key()).isEqualTo("connector-c");
            assertThat(e.reason()).isEqualTo(InternalRecordException.Reason.MALFORMED_JSON);
        });
        assertThat(replay.snapshot().offset()).isEqualTo(1);
        assertThat(replay.snapshot().connectorConfigs()).containsKey("c");
    }

    @Test
    void aRecordOfTheWrongShapeOrKeyIsSkippedButCounted() {
        Applied wrong = read("commit-c", "{\"tasks\":\"two\"}");
        read(config("c"));
        Applied shape = read("commit-c", "{\"tasks\":\"two\"}");
        Applied unknown = read("nonsense", "{}");
        Applied tombstone = read("task-c-0", null);

        assertThat(wrong.effect())
                .as("a commit of an unknown connector drops it first")
                .isEqualTo(Effect.SILENT);
        assertThat(shape.error())
                .get()
                .extracting(InternalRecordException::reason)
                .isEqualTo(InternalRecordException.Reason.WRONG_SHAPE);
        assertThat(unknown.error())
                .get()
                .extracting(InternalRecordException::reason)
                .isEqualTo(InternalRecordException.Reason.UNKNOWN_KEY);
        assertThat(tombstone.error())
                .get()
                .extracting(InternalRecordException::reason)
                .isEqualTo(InternalRecordException.Reason.UNEXPECTED_TOMBSTONE);
        assertThat(replay.snapshot().offset()).isEqualTo(5);
        assertThat(replay.snapshot().taskCounts()).isEmpty();
    }

    @Test
    void sessionKeysRestartsAndLogLevelsAreReportedForTheCaller() {
        ConfigRecord.SessionKey key = new ConfigRecord.SessionKey(new byte[] {1, 2, 3}, "HmacSHA256", 42);
        assertThat(read(key).effect()).isEqualTo(Effect.SESSION_KEY_UPDATED);
        assertThat(replay.snapshot().sessionKey()).contains(key);

        Applied restart = read(new ConfigRecord.RestartRequest("c", true, true));
        assertThat(restart.effect()).isEqualTo(Effect.RESTART_REQUESTED);
        assertThat(restart.record()).contains(new ConfigRecord.RestartRequest("c", true, true));
        assertThat(read(new ConfigRecord.LoggerLevel("org.example", "TRACE")).effect())
                .isEqualTo(Effect.LOGGER_LEVEL);
    }

    @Test
    void aTypedRecordAppliesAsItsBytesDo() {
        ConfigTopicReplay typed = new ConfigTopicReplay(codec);
        List<ConfigRecord> records = List.of(
                task("x", 0),
                new ConfigRecord.TaskCommit("x", 1),
                config("c"),
                task("c", 0),
                task("c", 1),
                new ConfigRecord.TaskCommit("c", 2),
                new ConfigRecord.TargetStateChange("c", TargetState.STOPPED));
        for (ConfigRecord r : records) {
            typed.apply(offset, r);
            read(r);
        }
        assertThat(typed.snapshot()).isEqualTo(replay.snapshot());
    }
}
