package io.kanal.runtime.transform.util;

import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import java.util.Map;

/**
 * Checks that a transform's operand has the shape it needs, failing with the same {@link DataException} messages as
 * Kafka Connect's transforms, so that logs and error reports read the same. Stateless and thread-safe.
 */
public final class Requirements {

    private Requirements() {}

    /**
     * Requires a schema.
     *
     * @param schema the operand's schema
     * @param purpose what the transform is doing, for the message
     * @throws DataException when the schema is {@code null}
     */
    public static void requireSchema(Schema schema, String purpose) {
        if (schema == null) {
            throw new DataException("Schema required for [" + purpose + "]");
        }
    }

    /**
     * Requires a schemaless map.
     *
     * @param value the operand
     * @param purpose what the transform is doing, for the message
     * @return the value as a map with string keys
     * @throws DataException when the value is not a map (including {@code null})
     */
    public static Map<String, Object> requireMap(Object value, String purpose) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new DataException("Only Map objects supported in absence of schema for [" + purpose + "], found: "
                    + className(value));
        }
        return castMap(map);
    }

    /**
     * Requires a schemaless map or {@code null}.
     *
     * @param value the operand
     * @param purpose what the transform is doing, for the message
     * @return the map, or {@code null}
     * @throws DataException when the value is neither a map nor {@code null}
     */
    public static Map<String, Object> requireMapOrNull(Object value, String purpose) {
        return value == null ? null : requireMap(value, purpose);
    }

    /**
     * Requires a struct.
     *
     * @param value the operand
     * @param purpose what the transform is doing, for the message
     * @return the struct
     * @throws DataException when the value is not a struct (including {@code null})
     */
    public static Struct requireStruct(Object value, String purpose) {
        if (!(value instanceof Struct struct)) {
            throw new DataException("Only Struct objects supported for [" + purpose + "], found: " + className(value));
        }
        return struct;
    }

    /**
     * Requires a struct or {@code null}.
     *
     * @param value the operand
     * @param purpose what the transform is doing, for the message
     * @return the struct, or {@code null}
     * @throws DataException when the value is neither a struct nor {@code null}
     */
    public static Struct requireStructOrNull(Object value, String purpose) {
        return value == null ? null : requireStruct(value, purpose);
    }

    /**
     * Views a schemaless map as having string keys. Connect's data API types a schemaless struct-like value as
     * {@code Map<String, Object>}; a key of another type simply never matches a field name, so the view is safe
     * for lookups, which is all transforms do with foreign keys.
     *
     * @param map the map
     * @return the same map, typed
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /**
     * The class name of a value for messages, as Connect prints it.
     *
     * @param value any value
     * @return the class name, or {@code null}
     */
    public static String className(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
