package io.kanal.runtime.store.kafka;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.TargetState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Kafka Connect's config topic record by record into a {@link ConfigSnapshot}, with the rules of Connect's
 * {@code KafkaConfigBackingStore} (4.x): connector configs apply at once; task configs wait for their connector's
 * commit record and apply only if the commit finds every task it counts, otherwise the connector is marked
 * inconsistent; a deleted connector's leftovers are dropped; a missing target state means {@code RUNNING}. Each call
 * says what changed, so that the caller can tell the herder as Connect tells its listener. No I/O, no clock.
 *
 * <p>Threading: not thread-safe; owned by the thread that reads the topic. {@link #snapshot()} returns an immutable
 * copy that may be handed to any thread.
 */
public final class ConfigTopicReplay {

    /** What a record did, in the terms of Connect's {@code ConfigBackingStore.UpdateListener}. */
    public enum Effect {
        /** A connector's config was written: {@code onConnectorConfigUpdate}. */
        CONNECTOR_CONFIG_UPDATED,
        /** A connector was deleted: {@code onConnectorConfigRemove}. */
        CONNECTOR_REMOVED,
        /** An existing connector's target state changed: {@code onConnectorTargetStateChange}. */
        TARGET_STATE_CHANGED,
        /** A commit record was read, complete or not: {@code onTaskConfigUpdate} with the tasks it applied. */
        TASK_CONFIGS_COMMITTED,
        /** A restart was requested: {@code onRestartRequest}. Connect acts on it only once it has read to the end. */
        RESTART_REQUESTED,
        /** A new session key: {@code onSessionKeyUpdate}. */
        SESSION_KEY_UPDATED,
        /** A cluster log level: {@code onLoggingLevelUpdate}. Connect ignores those read before it has started. */
        LOGGER_LEVEL,
        /** The state may have changed but nobody is told (a task config waiting for its commit, a fencing record). */
        SILENT,
        /** The record was skipped; {@link Applied#error()} says why. */
        SKIPPED
    }

    /**
     * The outcome of one record.
     *
     * @param effect what it did
     * @param record the record, when it could be read
     * @param updatedTasks for {@link Effect#TASK_CONFIGS_COMMITTED}, the tasks whose configs were applied
     * @param error for {@link Effect#SKIPPED}, why the record could not be read
     */
    public record Applied(
            Effect effect,
            Optional<ConfigRecord> record,
            List<ConnectorTaskId> updatedTasks,
            Optional<InternalRecordException> error) {
        /**
         * Checks the outcome.
         *
         * @param effect what it did
         * @param record the record
         * @param updatedTasks the tasks applied
         * @param error why it was skipped
         */
        public Applied {
            Objects.requireNonNull(effect, "effect");
            Objects.requireNonNull(record, "record");
            updatedTasks = List.copyOf(updatedTasks);
            Objects.requireNonNull(error, "error");
        }

        static Applied of(Effect effect, ConfigRecord record) {
            return new Applied(effect, Optional.of(record), List.of(), Optional.empty());
        }

        static Applied skipped(InternalRecordException error) {
            return new Applied(Effect.SKIPPED, Optional.empty(), List.of(), Optional.of(error));
        }
    }

    private final ConfigRecordCodec codec;
    private long offset = -1;
    private ConfigRecord.SessionKey sessionKey;
    private final Map<String, Map<String, String>> connectorConfigs = new HashMap<>();
    private final Map<String, TargetState> targetStates = new HashMap<>();
    private final Map<String, Integer> taskCounts = new HashMap<>();
    private final Map<ConnectorTaskId, Map<String, String>> taskConfigs = new HashMap<>();
    /**
     * Task configs read but not yet committed, by connector. An entry stays (empty) after its commit: Connect counts
     * a commit with an empty but present entry as a new task config generation, one with no entry not.
     */
    private final Map<String, Map<ConnectorTaskId, Map<String, String>>> deferred = new HashMap<>();

    private final Set<String> inconsistent = new HashSet<>();
    private final Map<String, Integer> taskCountRecords = new HashMap<>();
    private final Map<String, Integer> taskConfigGenerations = new HashMap<>();
    private final Map<String, Map<String, String>> appliedConnectorConfigs = new HashMap<>();
    private final Set<String> pendingFencing = new HashSet<>();

    /**
     * @param codec reads the records
     */
    public ConfigTopicReplay(ConfigRecordCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * Applies one record of the topic, as read.
     *
     * @param recordOffset the record's offset
     * @param key the record's key
     * @param value its value; null for a tombstone
     * @return what it did; a record Connect would skip is {@link Effect#SKIPPED}, with the reason
     */
    public Applied apply(long recordOffset, String key, byte[] value) {
        Object parsed;
        try {
            parsed = value == null ? null : codec.parse(key, value);
        } catch (InternalRecordException e) {
            // Connect skips a value its converter cannot read before it counts the record's offset
            return Applied.skipped(e);
        }
        offset = recordOffset + 1;
        if (key.startsWith(ConfigRecord.COMMIT_PREFIX)) {
            String connector = key.substring(ConfigRecord.COMMIT_PREFIX.length());
            if (!connectorConfigs.containsKey(connector)) {
                // the connector was deleted and compaction removed its config: drop whatever is left of it
                removeConnector(connector);
                return new Applied(Effect.SILENT, Optional.empty(), List.of(), Optional.empty());
            }
        }
        ConfigRecord record;
        try {
            record = codec.decodeParsed(key, parsed);
        } catch (InternalRecordException e) {
            return Applied.skipped(e);
        }
        return applyRecord(record);
    }

    /**
     * Applies a record that is already typed, such as one this worker wrote and read back.
     *
     * @param recordOffset the record's offset
     * @param record the record
     * @return what it did
     */
    public Applied apply(long recordOffset, ConfigRecord record) {
        offset = recordOffset + 1;
        if (record instanceof ConfigRecord.TaskCommit c && !connectorConfigs.containsKey(c.connector())) {
            removeConnector(c.connector());
            return new Applied(Effect.SILENT, Optional.empty(), List.of(), Optional.empty());
        }
        return applyRecord(record);
    }

    private Applied applyRecord(ConfigRecord record) {
        if (record instanceof ConfigRecord.TargetStateChange s) {
            TargetState previous = targetStates.put(s.connector(), s.state());
            boolean tell = previous != s.state() && connectorConfigs.containsKey(s.connector());
            // A target state written before its connector (a create with an initial state) is told with the config.
            return Applied.of(tell ? Effect.TARGET_STATE_CHANGED : Effect.SILENT, record);
        }
        if (record instanceof ConfigRecord.TargetStateRemoved r) {
            targetStates.remove(r.connector());
            if (connectorConfigs.containsKey(r.connector())) {
                targetStates.put(r.connector(), TargetState.RUNNING);
            }
            return Applied.of(Effect.SILENT, record);
        }
        if (record instanceof ConfigRecord.ConnectorConfig c) {
            connectorConfigs.put(c.connector(), c.properties());
            // connectors created before target states existed (Connect 0.9) start RUNNING
            targetStates.putIfAbsent(c.connector(), TargetState.RUNNING);
            return Applied.of(Effect.CONNECTOR_CONFIG_UPDATED, record);
        }
        if (record instanceof ConfigRecord.ConnectorRemoved r) {
            removeConnector(r.connector());
            return Applied.of(Effect.CONNECTOR_REMOVED, record);
        }
        if (record instanceof ConfigRecord.TaskConfig t) {
            deferred.computeIfAbsent(t.task().connector(), c -> new HashMap<>()).put(t.task(), t.properties());
            return Applied.of(Effect.SILENT, record);
        }
        if (record instanceof ConfigRecord.TaskCommit c) {
            return commit(c);
        }
        if (record instanceof ConfigRecord.TaskCount c) {
            taskCountRecords.put(c.connector(), c.taskCount());
            pendingFencing.remove(c.connector());
            return Applied.of(Effect.SILENT, record);
        }
        if (record instanceof ConfigRecord.SessionKey k) {
            sessionKey = k;
            return Applied.of(Effect.SESSION_KEY_UPDATED, record);
        }
        if (record instanceof ConfigRecord.RestartRequest) {
            return Applied.of(Effect.RESTART_REQUESTED, record);
        }
        return Applied.of(Effect.LOGGER_LEVEL, record);
    }

    private Applied commit(ConfigRecord.TaskCommit commit) {
        String connector = commit.connector();
        Map<ConnectorTaskId, Map<String, String>> pending = deferred.get(connector);
        List<ConnectorTaskId> updated = new ArrayList<>();
        if (!complete(pending, commit.tasks())) {
            // Only compacted history (or a writer that died mid-write) gets here, and nothing of this round was
            // applied yet: the connector stays inconsistent until a complete round is read.
            inconsistent.add(connector);
        } else {
            if (pending != null) {
                taskConfigs.putAll(pending);
                updated.addAll(pending.keySet());
                taskConfigGenerations.merge(connector, 0, (old, zero) -> old + 1);
            }
            inconsistent.remove(connector);
            appliedConnectorConfigs.put(connector, connectorConfigs.get(connector));
        }
        // Even an incomplete round is dropped: the next commit needs a complete fresh set of task configs.
        if (pending != null) {
            pending.clear();
        }
        taskCounts.put(connector, commit.tasks());
        // task configs written after the last fencing record need a new round of zombie fencing (KIP-618)
        pendingFencing.add(connector);
        updated.sort(null);
        return new Applied(Effect.TASK_CONFIGS_COMMITTED, Optional.of(commit), updated, Optional.empty());
    }

    /**
     * Connect checks that the commit's tasks 0 to N-1 are all there, not that there are no others: after a
     * connector shrinks, compaction can leave an older task config of a higher number before the commit.
     */
    private static boolean complete(Map<ConnectorTaskId, Map<String, String>> pending, int tasks) {
        if (tasks == 0) {
            return true;
        }
        if (pending == null || pending.size() < tasks) {
            return false;
        }
        Set<Integer> ids = new HashSet<>();
        for (ConnectorTaskId id : pending.keySet()) {
            ids.add(id.task());
        }
        for (int i = 0; i < tasks; i++) {
            if (!ids.contains(i)) {
                return false;
            }
        }
        return true;
    }

    private void removeConnector(String connector) {
        connectorConfigs.remove(connector);
        taskCounts.remove(connector);
        taskConfigs.keySet().removeIf(id -> id.connector().equals(connector));
        deferred.remove(connector);
        appliedConnectorConfigs.remove(connector);
    }

    /**
     * The state so far.
     *
     * @return an immutable copy
     */
    public ConfigSnapshot snapshot() {
        return new ConfigSnapshot(
                offset,
                Optional.ofNullable(sessionKey),
                connectorConfigs,
                targetStates,
                taskCounts,
                taskConfigs,
                taskCountRecords,
                taskConfigGenerations,
                appliedConnectorConfigs,
                pendingFencing,
                inconsistent);
    }
}
