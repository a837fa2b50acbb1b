package io.kanal.api.data;

import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;

/** The check {@link Headers#add(String, Schema, Object)} makes. Stateless and thread-safe. */
final class HeaderChecks {

    private HeaderChecks() {}

    /** The shallow check Connect makes when a header is added with a schema. */
    static void checkSchemaMatches(Schema schema, Object value) {
        if (schema == null) {
            return;
        }
        Schema actual = schema.schema() == null ? schema : schema.schema();
        if (value == null) {
            if (!actual.isOptional()) {
                throw new DataException("A null value requires an optional schema but was " + actual);
            }
            return;
        }
        if (!suits(actual, value)) {
            throw new DataException("The value " + value + " is not compatible with the schema " + actual);
        }
    }

    private static boolean suits(Schema schema, Object value) {
        Schema.Type type = schema.type();
        if (type == null) {
            return false;
        }
        String name = schema.name();
        return switch (type) {
            case BYTES ->
                value instanceof ByteBuffer
                        || value instanceof byte[]
                        || (value instanceof BigDecimal && Decimal.LOGICAL_NAME.equals(name));
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case INT8 -> value instanceof Byte;
            case INT16 -> value instanceof Short;
            case INT32 ->
                value instanceof Integer
                        || (value instanceof java.util.Date
                                && (Date.LOGICAL_NAME.equals(name) || Time.LOGICAL_NAME.equals(name)));
            case INT64 ->
                value instanceof Long || (value instanceof java.util.Date && Timestamp.LOGICAL_NAME.equals(name));
            case FLOAT32 -> value instanceof Float;
            case FLOAT64 -> value instanceof Double;
            case ARRAY -> value instanceof List;
            case MAP -> value instanceof java.util.Map;
            case STRUCT -> value instanceof Struct;
        };
    }
}
