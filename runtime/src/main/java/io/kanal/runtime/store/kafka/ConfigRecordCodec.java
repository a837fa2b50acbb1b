package io.kanal.runtime.store.kafka;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.kafka.InternalRecordException.Reason;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the records of Kafka Connect's config topic exactly as {@code KafkaConfigBackingStore} does: string
 * keys, and values that are the structs of its {@code *_V0}/{@code *_V1} schemas written by a {@code JsonConverter}
 * with {@code schemas.enable=false}, fields in schema order. Reading is as lenient as Connect where Connect is lenient
 * (a {@code state.v2} that is not a string falls back to {@code state}; a restart flag that is not a boolean reads as
 * {@code false}) and otherwise fails with an {@link InternalRecordException} naming the key, where Connect logs and
 * skips the record. Deliberately stricter than Connect in two ways, both for records no Connect worker writes: content
 * after the JSON value is an error (Connect's Jackson ignores it), and so is a property value that is not a string
 * (Connect stores it unchecked and fails later, when a connector reads it). No I/O.
 *
 * <p>Threading: immutable after construction; safe for concurrent use.
 */
public final class ConfigRecordCodec {

    private final ConnectJson json = new ConnectJson();

    /** Creates a codec. */
    public ConfigRecordCodec() {}

    /**
     * The value bytes Connect writes for a record.
     *
     * @param record the record
     * @return the JSON bytes; null for the tombstones of {@link ConfigRecord.ConnectorRemoved} and {@link
     *     ConfigRecord.TargetStateRemoved}
     */
    public byte[] encodeValue(ConfigRecord record) {
        if (record instanceof ConfigRecord.ConnectorRemoved || record instanceof ConfigRecord.TargetStateRemoved) {
            return null;
        }
        Map<String, Object> value = new LinkedHashMap<>();
        if (record instanceof ConfigRecord.ConnectorConfig c) {
            value.put("properties", c.properties());
        } else if (record instanceof ConfigRecord.TaskConfig t) {
            value.put("properties", t.properties());
        } else if (record instanceof ConfigRecord.TaskCommit c) {
            value.put("tasks", c.tasks());
        } else if (record instanceof ConfigRecord.TargetStateChange s) {
            // Workers older than KIP-875 read only "state" and know no STOPPED: they get PAUSED, as from Connect.
            value.put("state", connectName(s.state() == TargetState.STOPPED ? TargetState.PAUSED : s.state()));
            value.put("state.v2", connectName(s.state()));
        } else if (record instanceof ConfigRecord.RestartRequest r) {
            value.put("include-tasks", r.includeTasks());
            value.put("only-failed", r.onlyFailed());
        } else if (record instanceof ConfigRecord.TaskCount c) {
            value.put("task-count", c.taskCount());
        } else if (record instanceof ConfigRecord.SessionKey k) {
            value.put("key", k.encodedKey());
            value.put("algorithm", k.algorithm());
            value.put("creation-timestamp", k.creationTimestamp());
        } else if (record instanceof ConfigRecord.LoggerLevel l) {
            value.put("level", l.level());
        } else {
            throw new IllegalArgumentException(
                    "unknown record kind: " + record.getClass().getName());
        }
        return json.write(value);
    }

    /**
     * Reads a record.
     *
     * @param key the record's key
     * @param value its value; null for a tombstone
     * @return the typed record
     * @throws InternalRecordException when Connect would not apply the record: unknown or malformed key, bytes that
     *     are not JSON, the wrong JSON shape, or a tombstone for a key other than {@code connector-} and {@code
     *     target-state-}
     */
    public ConfigRecord decode(String key, byte[] value) {
        return decodeParsed(key, value == null ? null : json.read(key, value));
    }

    /**
     * Parses a value's JSON without interpreting it; the first half of {@link #decode}, for callers that must tell
     * bytes that are not JSON (which Connect skips without counting the record's offset) from other problems.
     *
     * @param key the record's key
     * @param value the value bytes, not null
     * @return the JSON as plain values
     * @throws InternalRecordException when the bytes are not JSON
     */
    Object parse(String key, byte[] value) {
        return json.read(key, value);
    }

    /**
     * The second half of {@link #decode}: interprets parsed JSON. JSON {@code null} counts as a tombstone, as in
     * Connect.
     *
     * @param key the record's key
     * @param value the parsed value; null for a tombstone
     * @return the typed record
     * @throws InternalRecordException as {@link #decode}
     */
    ConfigRecord decodeParsed(String key, Object value) {
        if (key.startsWith(ConfigRecord.TARGET_STATE_PREFIX)) {
            String connector = key.substring(ConfigRecord.TARGET_STATE_PREFIX.length());
            return value == null
                    ? new ConfigRecord.TargetStateRemoved(connector)
                    : new ConfigRecord.TargetStateChange(connector, targetState(key, value));
        }
        if (key.startsWith(ConfigRecord.CONNECTOR_PREFIX)) {
            String connector = key.substring(ConfigRecord.CONNECTOR_PREFIX.length());
            return value == null
                    ? new ConfigRecord.ConnectorRemoved(connector)
                    : new ConfigRecord.ConnectorConfig(connector, properties(key, value));
        }
        if (key.startsWith(ConfigRecord.TASK_PREFIX)) {
            ConnectorTaskId task = parseTaskKey(key);
            return new ConfigRecord.TaskConfig(task, properties(key, notTombstone(key, value)));
        }
        if (key.startsWith(ConfigRecord.COMMIT_PREFIX)) {
            String connector = key.substring(ConfigRecord.COMMIT_PREFIX.length());
            int tasks = intField(key, map(key, notTombstone(key, value)), "tasks");
            if (tasks < 0) {
                throw new InternalRecordException(key, Reason.WRONG_SHAPE, "the task count is negative");
            }
            return new ConfigRecord.TaskCommit(connector, tasks);
        }
        if (key.startsWith(ConfigRecord.RESTART_PREFIX)) {
            Map<?, ?> map = map(key, notTombstone(key, value));
            // Connect reads a missing or non-boolean flag as false (and warns), so a request is never lost
            return new ConfigRecord.RestartRequest(
                    key.substring(ConfigRecord.RESTART_PREFIX.length()),
                    Boolean.TRUE.equals(map.get("include-tasks")),
                    Boolean.TRUE.equals(map.get("only-failed")));
        }
        if (key.startsWith(ConfigRecord.TASK_COUNT_PREFIX)) {
            return new ConfigRecord.TaskCount(
                    key.substring(ConfigRecord.TASK_COUNT_PREFIX.length()),
                    intField(key, map(key, notTombstone(key, value)), "task-count"));
        }
        if (key.equals(ConfigRecord.SESSION_KEY_KEY)) {
            return sessionKey(key, map(key, notTombstone(key, value)));
        }
        if (key.startsWith(ConfigRecord.LOGGER_PREFIX)) {
            Object level = map(key, notTombstone(key, value)).get("level");
            if (!(level instanceof String s)) {
                throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'level' is not a string");
            }
            return new ConfigRecord.LoggerLevel(key.substring(ConfigRecord.LOGGER_PREFIX.length()), s);
        }
        throw new InternalRecordException(key, Reason.UNKNOWN_KEY, "not a key of Connect's config topic");
    }

    /**
     * Parses {@code task-<connector>-<n>} as Connect does: split at every {@code -}, the last part is the task
     * number, the parts between the first and the last are the connector's name. Like {@code String.split}, trailing
     * empty parts are dropped, so {@code task-a-1-} is task 1 of {@code a}, as in Connect.
     *
     * @param key the key
     * @return the task
     * @throws InternalRecordException when the key has fewer than three parts or no task number
     */
    static ConnectorTaskId parseTaskKey(String key) {
        return parseTaskId(key, 1);
    }

    /**
     * Parses a task key of the config topic ({@code skip} = 1, after {@code task}) or of the status topic ({@code skip}
     * = 2, after {@code status} and {@code task}) the way Connect does.
     */
    static ConnectorTaskId parseTaskId(String key, int skip) {
        String[] parts = key.split("-");
        if (parts.length < skip + 2) {
            throw new InternalRecordException(key, Reason.MALFORMED_KEY, "not a task key");
        }
        int task;
        try {
            task = Integer.parseInt(parts[parts.length - 1]);
        } catch (NumberFormatException e) {
            throw new InternalRecordException(key, Reason.MALFORMED_KEY, "the task number is not a number");
        }
        if (task < 0) {
            throw new InternalRecordException(key, Reason.MALFORMED_KEY, "the task number is negative");
        }
        StringBuilder connector = new StringBuilder();
        for (int i = skip; i < parts.length - 1; i++) {
            if (i > skip) {
                connector.append('-');
            }
            connector.append(parts[i]);
        }
        return new ConnectorTaskId(connector.toString(), task);
    }

    private static TargetState targetState(String key, Object value) {
        Map<?, ?> map = map(key, value);
        Object state = map.get("state.v2");
        if (!(state instanceof String)) {
            // written by a worker older than KIP-875 (or unreadable): Connect falls back on the older field
            state = map.get("state");
            if (!(state instanceof String)) {
                throw new InternalRecordException(
                        key, Reason.WRONG_SHAPE, "neither 'state.v2' nor 'state' is a string");
            }
        }
        return switch ((String) state) {
            case "STARTED" -> TargetState.RUNNING;
            case "PAUSED" -> TargetState.PAUSED;
            case "STOPPED" -> TargetState.STOPPED;
            default -> throw new InternalRecordException(key, Reason.WRONG_SHAPE, "unknown target state");
        };
    }

    /** Connect's name of a target state: {@code STARTED} for Kanal's {@code RUNNING}. */
    static String connectName(TargetState state) {
        return state == TargetState.RUNNING ? "STARTED" : state.name();
    }

    private static Map<String, String> properties(String key, Object value) {
        Object properties = map(key, value).get("properties");
        if (!(properties instanceof Map<?, ?> map)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'properties' is not an object");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            // Connect casts without checking and fails later, when a connector reads the value; Kanal refuses here
            if (e.getValue() != null && !(e.getValue() instanceof String)) {
                throw new InternalRecordException(
                        key, Reason.WRONG_SHAPE, "property '" + e.getKey() + "' is not a string");
            }
            result.put((String) e.getKey(), (String) e.getValue());
        }
        return result;
    }

    private static ConfigRecord.SessionKey sessionKey(String key, Map<?, ?> map) {
        if (!(map.get("key") instanceof String encoded)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'key' is not a string");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'key' is not base64");
        }
        if (!(map.get("algorithm") instanceof String algorithm)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'algorithm' is not a string");
        }
        if (!(map.get("creation-timestamp") instanceof Long created)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'creation-timestamp' is not an integer");
        }
        return new ConfigRecord.SessionKey(bytes, algorithm, created);
    }

    private static Object notTombstone(String key, Object value) {
        if (value == null) {
            throw new InternalRecordException(key, Reason.UNEXPECTED_TOMBSTONE, "Connect never deletes this key");
        }
        return value;
    }

    private static Map<?, ?> map(String key, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "the value is not a JSON object");
        }
        return map;
    }

    /** Connect's {@code intValue}: an Integer or a Long, narrowed as Java narrows. */
    private static int intField(String key, Map<?, ?> map, String field) {
        Object v = map.get(field);
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l) {
            return (int) (long) l;
        }
        throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'" + field + "' is not an integer");
    }
}
