package io.kanal.runtime.store.kafka;

import io.kanal.api.errors.DataException;
import io.kanal.runtime.store.kafka.InternalRecordException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes the records of Kafka Connect's offsets topic as {@code OffsetStorageWriter} and {@code OffsetUtils}
 * do: the key is the JSON array {@code ["<connector>",{<source partition>}]}, the value the JSON object {@code
 * {<source offset>}}, both plain JSON (a {@code JsonConverter} with {@code schemas.enable=false}); a null value (a
 * tombstone) removes the partition's offset. Maps are written in their iteration order, as Connect writes them. Read
 * back, integral numbers are {@code Long} and others {@code Double}, maps keep the JSON's order. No I/O.
 *
 * <p>Threading: immutable after construction; safe for concurrent use.
 */
public final class OffsetRecordCodec {

    /** How much of a key's JSON an error message shows: enough to find the record, not the whole partition. */
    private static final int KEY_SHOWN = 200;

    private final ConnectJson json = new ConnectJson();

    /**
     * An offsets topic key, read.
     *
     * @param connector the connector's name (Connect's offset namespace)
     * @param partition the source partition, in the JSON's order
     */
    public record OffsetKey(String connector, Map<String, Object> partition) {
        /**
         * Checks the key.
         *
         * @param connector the connector's name
         * @param partition the source partition
         */
        public OffsetKey {
            Objects.requireNonNull(connector, "connector");
            Objects.requireNonNull(partition, "partition");
            partition = Collections.unmodifiableMap(partition);
        }
    }

    /** Creates a codec. */
    public OffsetRecordCodec() {}

    /**
     * The key bytes of a partition's offset record.
     *
     * @param connector the connector's name
     * @param partition the source partition
     * @return {@code ["<connector>",{partition}]} as JSON bytes
     * @throws IllegalArgumentException when a value has no JSON form
     */
    public byte[] encodeKey(String connector, Map<String, ?> partition) {
        List<Object> key = new ArrayList<>(2);
        key.add(Objects.requireNonNull(connector, "connector"));
        key.add(Objects.requireNonNull(partition, "partition"));
        return write(key);
    }

    /**
     * The value bytes of an offset record.
     *
     * @param offset the source offset; null for a tombstone
     * @return the JSON bytes, or null for a null offset
     * @throws IllegalArgumentException when a value has no JSON form
     */
    public byte[] encodeValue(Map<String, ?> offset) {
        return offset == null ? null : write(offset);
    }

    /**
     * Reads a key, with the checks of Connect's {@code OffsetUtils.processPartitionKey}.
     *
     * @param key the key bytes
     * @return the connector and partition
     * @throws InternalRecordException when the key is null, not JSON, not a two-element array, its first element not
     *     a string or its second not an object (Connect skips such records, and ignores those with a null partition)
     */
    public OffsetKey decodeKey(byte[] key) {
        if (key == null) {
            throw new InternalRecordException("null", Reason.MALFORMED_KEY, "an offset record has a null key");
        }
        String shown = shown(key);
        Object read = json.read(shown, key);
        if (!(read instanceof List<?> list) || list.size() != 2) {
            throw new InternalRecordException(shown, Reason.MALFORMED_KEY, "not a two-element JSON array");
        }
        if (!(list.get(0) instanceof String connector)) {
            throw new InternalRecordException(shown, Reason.MALFORMED_KEY, "the first element is not a string");
        }
        if (!(list.get(1) instanceof Map<?, ?> partition)) {
            throw new InternalRecordException(shown, Reason.MALFORMED_KEY, "the second element is not an object");
        }
        return new OffsetKey(connector, stringKeyed(partition));
    }

    /**
     * Reads a value.
     *
     * @param key the record's key bytes, for the error
     * @param value the value bytes; null for a tombstone
     * @return the offset; empty for a tombstone or JSON {@code null}
     * @throws InternalRecordException when the value is not JSON or not a JSON object
     */
    public Optional<Map<String, Object>> decodeValue(byte[] key, byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        String shown = key == null ? "null" : shown(key);
        Object read = json.read(shown, value);
        if (read == null) {
            return Optional.empty();
        }
        if (!(read instanceof Map<?, ?> offset)) {
            throw new InternalRecordException(shown, Reason.WRONG_SHAPE, "the offset is not a JSON object");
        }
        return Optional.of(Collections.unmodifiableMap(stringKeyed(offset)));
    }

    /**
     * Connect's rule for what a source partition or offset may hold ({@code OffsetUtils.validateFormat}, which {@code
     * OffsetStorageWriter} applies before writing): string keys, and values that are null or of a primitive Connect
     * type (numbers, booleans, strings, bytes); no nested lists or maps.
     *
     * @param map a partition or an offset; null passes
     * @throws IllegalArgumentException naming the first field that breaks the rule, with Connect's message
     */
    public static void checkConnectFormat(Map<?, ?> map) {
        if (map == null) {
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new IllegalArgumentException("Offsets may only use String keys");
            }
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            if (!isPrimitive(v)) {
                throw new IllegalArgumentException("Offsets may only contain primitive types as values, but field "
                        + e.getKey() + " contains " + v.getClass().getName());
            }
        }
    }

    private static boolean isPrimitive(Object v) {
        return v instanceof Byte
                || v instanceof Short
                || v instanceof Integer
                || v instanceof Long
                || v instanceof Float
                || v instanceof Double
                || v instanceof Boolean
                || v instanceof String
                || v instanceof byte[]
                || v instanceof ByteBuffer;
    }

    private byte[] write(Object value) {
        try {
            return json.write(value);
        } catch (DataException e) {
            throw new IllegalArgumentException("An offset cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeyed(Map<?, ?> map) {
        // JSON object members are always strings, so this only narrows the type the reader returns
        return (Map<String, Object>) map;
    }

    private static String shown(byte[] key) {
        String text = new String(key, StandardCharsets.UTF_8);
        return text.length() <= KEY_SHOWN ? text : text.substring(0, KEY_SHOWN) + "...";
    }
}
