package io.kanal.runtime.store.kafka;

import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.store.kafka.InternalRecordException.Reason;
import io.kanal.runtime.store.kafka.StatusRecord.StatusValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the records of Kafka Connect's status topic exactly as {@code KafkaStatusBackingStore} does: its
 * {@code STATUS_SCHEMA_V0} struct ({@code state}, {@code trace}, {@code worker_id}, {@code generation}, {@code
 * version}, the optional ones written as {@code null} when absent) and its topic status map, written by a {@code
 * JsonConverter} with {@code schemas.enable=false}; a null value removes the key's status. Key parsing follows
 * Connect's, including its quirks. Records Connect would skip fail with an {@link InternalRecordException} naming the
 * key. No I/O.
 *
 * <p>Threading: immutable after construction; safe for concurrent use.
 */
public final class StatusRecordCodec {

    private final ConnectJson json = new ConnectJson();

    /** Creates a codec. */
    public StatusRecordCodec() {}

    /**
     * The value bytes Connect writes for a record.
     *
     * @param record the record
     * @return the JSON bytes; null for the tombstones
     */
    public byte[] encodeValue(StatusRecord record) {
        if (record instanceof StatusRecord.ConnectorStatus c) {
            return json.write(statusMap(c.value()));
        }
        if (record instanceof StatusRecord.TaskStatus t) {
            return json.write(statusMap(t.value()));
        }
        if (record instanceof StatusRecord.TopicStatus t) {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("name", t.topic());
            inner.put("connector", t.connector());
            inner.put("task", t.task());
            inner.put("discoverTimestamp", t.discoverTimestamp());
            Map<String, Object> outer = new LinkedHashMap<>();
            outer.put("topic", inner);
            return json.write(outer);
        }
        return null;
    }

    /**
     * Reads a record.
     *
     * @param key the record's key
     * @param value its value; null for a tombstone
     * @return the typed record
     * @throws InternalRecordException when Connect would skip the record: an unknown or malformed key, bytes that are
     *     not JSON, or JSON of the wrong shape
     */
    public StatusRecord decode(String key, byte[] value) {
        if (key.startsWith(StatusRecord.CONNECTOR_PREFIX)) {
            String connector = key.substring(StatusRecord.CONNECTOR_PREFIX.length());
            if (connector.isEmpty()) {
                throw new InternalRecordException(key, Reason.MALFORMED_KEY, "the connector's name is empty");
            }
            return value == null
                    ? new StatusRecord.ConnectorStatusRemoved(connector)
                    : new StatusRecord.ConnectorStatus(connector, status(key, value));
        }
        if (key.startsWith(StatusRecord.TASK_PREFIX)) {
            var task = ConfigRecordCodec.parseTaskId(key, 2);
            return value == null
                    ? new StatusRecord.TaskStatusRemoved(task)
                    : new StatusRecord.TaskStatus(task, status(key, value));
        }
        if (key.startsWith(StatusRecord.TOPIC_PREFIX)) {
            return topic(key, value);
        }
        throw new InternalRecordException(key, Reason.UNKNOWN_KEY, "not a key of Connect's status topic");
    }

    private static Map<String, Object> statusMap(StatusValue status) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("state", status.state().name());
        map.put("trace", status.trace().orElse(null));
        map.put("worker_id", status.workerId());
        map.put("generation", status.generation());
        map.put("version", status.version().orElse(null));
        return map;
    }

    private StatusValue status(String key, byte[] value) {
        Map<?, ?> map = map(key, json.read(key, value));
        StatusState state;
        try {
            state = StatusState.valueOf(string(key, map, "state"));
        } catch (IllegalArgumentException e) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "unknown state");
        }
        return new StatusValue(
                state,
                optionalString(key, map, "trace"),
                string(key, map, "worker_id"),
                (int) integer(key, map, "generation"),
                optionalString(key, map, "version"));
    }

    /** Parses the key as Connect's {@code readTopicStatus} does: topic up to the first ':', connector after it. */
    private StatusRecord topic(String key, byte[] value) {
        int colon = key.indexOf(':');
        int begin = StatusRecord.TOPIC_PREFIX.length();
        if (colon < begin) {
            throw new InternalRecordException(key, Reason.MALFORMED_KEY, "no ':connector-' after the topic");
        }
        String topic = key.substring(begin, colon);
        int connectorStart = colon + StatusRecord.TOPIC_SEPARATOR.length();
        if (topic.isEmpty() || connectorStart >= key.length()) {
            throw new InternalRecordException(key, Reason.MALFORMED_KEY, "empty topic or connector");
        }
        String connector = key.substring(connectorStart);
        if (value == null) {
            return new StatusRecord.TopicStatusRemoved(topic, connector);
        }
        Object inner = map(key, json.read(key, value)).get("topic");
        if (!(inner instanceof Map<?, ?> fields)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'topic' is not an object");
        }
        return new StatusRecord.TopicStatus(
                string(key, fields, "name"),
                string(key, fields, "connector"),
                (int) integer(key, fields, "task"),
                integer(key, fields, "discoverTimestamp"));
    }

    private static Map<?, ?> map(String key, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "the value is not a JSON object");
        }
        return map;
    }

    private static String string(String key, Map<?, ?> map, String field) {
        if (!(map.get(field) instanceof String s)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'" + field + "' is not a string");
        }
        return s;
    }

    private static Optional<String> optionalString(String key, Map<?, ?> map, String field) {
        Object v = map.get(field);
        if (v != null && !(v instanceof String)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'" + field + "' is not a string");
        }
        return Optional.ofNullable((String) v);
    }

    /** Connect casts to {@code Long} and narrows: an integral JSON number, nothing else. */
    private static long integer(String key, Map<?, ?> map, String field) {
        if (!(map.get(field) instanceof Long l)) {
            throw new InternalRecordException(key, Reason.WRONG_SHAPE, "'" + field + "' is not an integer");
        }
        return l;
    }
}
