package io.kanal.runtime.transform;

import io.kanal.api.data.ConnectSchema;
import io.kanal.api.data.Date;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.data.Values;
import io.kanal.api.errors.DataException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The value conversions of {@link Cast}, with Kafka Connect's rules and messages. Stateless and thread-safe. */
final class CastValues {

    /** The types Cast reads. */
    static final Set<Schema.Type> INPUT_TYPES = EnumSet.of(
            Schema.Type.INT8,
            Schema.Type.INT16,
            Schema.Type.INT32,
            Schema.Type.INT64,
            Schema.Type.FLOAT32,
            Schema.Type.FLOAT64,
            Schema.Type.BOOLEAN,
            Schema.Type.STRING,
            Schema.Type.BYTES);

    /** The types Cast writes. */
    static final Set<Schema.Type> OUTPUT_TYPES = EnumSet.of(
            Schema.Type.INT8,
            Schema.Type.INT16,
            Schema.Type.INT32,
            Schema.Type.INT64,
            Schema.Type.FLOAT32,
            Schema.Type.FLOAT64,
            Schema.Type.BOOLEAN,
            Schema.Type.STRING);

    /** The output types as a user writes them, for messages. */
    static final String OUTPUT_TYPE_NAMES = OUTPUT_TYPES.stream()
            .map(type -> type.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", ", "[", "]"));

    private CastValues() {}

    /**
     * The output type a spec names, ignoring case.
     *
     * @param name the type name, trimmed
     * @return the type
     * @throws IllegalArgumentException when the name is not a type Cast writes
     */
    static Schema.Type outputType(String name) {
        Schema.Type type = List.of(Schema.Type.values()).stream()
                .filter(candidate -> candidate.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "has an invalid type '" + name + "'; the types are " + OUTPUT_TYPE_NAMES));
        if (!OUTPUT_TYPES.contains(type)) {
            throw new IllegalArgumentException(
                    "cannot cast to " + type.name().toLowerCase(Locale.ROOT) + "; the types are " + OUTPUT_TYPE_NAMES);
        }
        return type;
    }

    /**
     * A builder for an output type.
     *
     * @param type one of {@link #OUTPUT_TYPES}
     * @return a fresh required builder
     */
    static SchemaBuilder builderFor(Schema.Type type) {
        if (!OUTPUT_TYPES.contains(type)) {
            throw new DataException("Unexpected type in Cast transformation: " + type);
        }
        return SchemaBuilder.type(type);
    }

    /**
     * Casts a value.
     *
     * @param schema the value's schema, or {@code null} to infer its type from its class
     * @param value the value; {@code null} casts to {@code null}
     * @param target the output type
     * @return the cast value
     * @throws DataException when the value cannot be cast
     */
    static Object cast(Schema schema, Object value, Schema.Type target) {
        if (value == null) {
            return null;
        }
        Schema.Type inferred = schema == null ? ConnectSchema.schemaType(value.getClass()) : schema.type();
        if (inferred == null) {
            throw new DataException("Cast transformation was passed a value of type " + value.getClass()
                    + " which is not supported by Connect's data API");
        }
        if (!INPUT_TYPES.contains(inferred)) {
            throw new DataException("Cast transformation does not support casting from " + inferred
                    + "; supported types are " + INPUT_TYPES);
        }
        Object encoded = schema != null && schema.name() != null && target != Schema.Type.STRING
                ? encodeLogical(schema, value)
                : value;
        try {
            return switch (target) {
                case INT8 ->
                    encoded instanceof Boolean bool
                            ? (byte) (bool ? 1 : 0)
                            : asNumber(encoded, Byte::parseByte).byteValue();
                case INT16 ->
                    encoded instanceof Boolean bool
                            ? (short) (bool ? 1 : 0)
                            : asNumber(encoded, Short::parseShort).shortValue();
                case INT32 ->
                    encoded instanceof Boolean bool
                            ? (bool ? 1 : 0)
                            : asNumber(encoded, Integer::parseInt).intValue();
                case INT64 ->
                    encoded instanceof Boolean bool
                            ? (bool ? 1L : 0L)
                            : asNumber(encoded, Long::parseLong).longValue();
                case FLOAT32 ->
                    encoded instanceof Boolean bool
                            ? (bool ? 1f : 0f)
                            : asNumber(encoded, Float::parseFloat).floatValue();
                case FLOAT64 ->
                    encoded instanceof Boolean bool
                            ? (bool ? 1d : 0d)
                            : asNumber(encoded, Double::parseDouble).doubleValue();
                case BOOLEAN -> toBoolean(encoded);
                case STRING -> toText(encoded);
                default -> throw new DataException(target + " is not supported in the Cast transformation.");
            };
        } catch (NumberFormatException outOfRange) {
            throw new DataException("Value (" + encoded + ") was out of range for requested data type", outOfRange);
        }
    }

    private static Object encodeLogical(Schema schema, Object value) {
        String name = schema.name();
        boolean logical =
                Date.LOGICAL_NAME.equals(name) || Time.LOGICAL_NAME.equals(name) || Timestamp.LOGICAL_NAME.equals(name);
        if (!logical) {
            return value;
        }
        if (!(value instanceof java.util.Date date)) {
            throw new DataException("Expected a java.util.Date for logical type " + name + ", found: "
                    + value.getClass().getName());
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            return Date.fromLogical(schema, date);
        }
        return Time.LOGICAL_NAME.equals(name)
                ? (Object) Time.fromLogical(schema, date)
                : (Object) Timestamp.fromLogical(schema, date);
    }

    /** Parses a number from a string; a number is returned as is. */
    private static Number asNumber(Object value, java.util.function.Function<String, Number> parse) {
        if (value instanceof Number number) {
            return number;
        }
        if (value instanceof String text) {
            return parse.apply(text);
        }
        throw unexpected(value);
    }

    private static boolean toBoolean(Object value) {
        if (value instanceof Number number) {
            return number.longValue() != 0L;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text) {
            return Boolean.parseBoolean(text);
        }
        throw unexpected(value);
    }

    private static String toText(Object value) {
        if (value instanceof java.util.Date date) {
            // Connect's ISO-8601 rendering, chosen from the instant (time, date or timestamp), in the JVM's default
            // time zone as Connect's, quirks included: Values renders dates exactly so.
            return Values.convertToString(null, date);
        }
        if (value instanceof ByteBuffer buffer) {
            // Connect encodes the buffer from index 0 to its limit, whatever its position.
            ByteBuffer whole = buffer.duplicate();
            whole.position(0);
            byte[] bytes = new byte[whole.limit()];
            whole.get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }

    private static DataException unexpected(Object value) {
        return new DataException("Unexpected type in Cast transformation: " + value.getClass());
    }
}
