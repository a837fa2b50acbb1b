package io.kanal.api.data;

import io.kanal.api.data.Schema.Type;
import io.kanal.api.errors.DataException;
import io.kanal.api.errors.SchemaBuilderException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Converts values between types and reads typed values from strings, with exactly the results of Kafka Connect's
 * {@code org.apache.kafka.connect.data.Values}, which the {@code Cast} transform and the simple header converter rely
 * on. Connect's conversions are loose and Kanal keeps them so: numbers narrow by truncation ({@code 300} becomes the
 * byte {@code 44}), strings are parsed with {@link #parseString(String)} or as decimals, and the source schema only
 * matters for logical temporal values.
 *
 * <p>Where Connect fails with a {@code NullPointerException} or {@code NumberFormatException} (for instance on the
 * string {@code "null"} or on text that is not a decimal), Kanal throws a {@link DataException} naming the value.
 *
 * <p>Stateless and thread-safe: every method may be called from any thread. Dates and times are read and printed
 * in the JVM's default time zone, as Connect does.
 */
public final class Values {

    private static final Schema ARRAY_SELECTOR_SCHEMA =
            SchemaBuilder.array(Schema.STRING_SCHEMA).build();
    private static final Schema MAP_SELECTOR_SCHEMA =
            SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build();
    private static final Schema STRUCT_SELECTOR_SCHEMA = SchemaBuilder.struct().build();

    private Values() {}

    /**
     * Converts a value to a boolean: booleans as they are, strings that parse to a boolean, and otherwise a number
     * (or a string read as one) that is true unless its long value is 0.
     *
     * @param schema the value's schema, or null
     * @param value the value, or null
     * @return the boolean, or null for a null value
     * @throws DataException when the value cannot be converted
     */
    public static Boolean convertToBoolean(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text && ValueConverter.parsedValue(text, "a boolean") instanceof Boolean b) {
            return b;
        }
        return ValueConverter.asLong(value, schema) == 0L ? Boolean.FALSE : Boolean.TRUE;
    }

    /**
     * Converts a value to a byte, truncating wider numbers as a Java cast does.
     *
     * @param schema the value's schema, or null
     * @param value a number, a numeric string or a logical temporal value, or null
     * @return the byte, or null for a null value
     * @throws DataException when the value cannot be converted
     */
    public static Byte convertToByte(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Byte b ? b : (byte) ValueConverter.asLong(value, schema);
    }

    /**
     * Converts a value to a short, truncating wider numbers as a Java cast does.
     *
     * @param schema the value's schema, or null
     * @param value a number, a numeric string or a logical temporal value, or null
     * @return the short, or null for a null value
     * @throws DataException when the value cannot be converted
     */
    public static Short convertToShort(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Short s ? s : (short) ValueConverter.asLong(value, schema);
    }

    /**
     * Converts a value to an int, truncating wider numbers as a Java cast does.
     *
     * @param schema the value's schema, or null
     * @param value a number, a numeric string or a logical temporal value, or null
     * @return the int, or null for a null value
     * @throws DataException when the value cannot be converted
     */
    public static Integer convertToInteger(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Integer i ? i : (int) ValueConverter.asLong(value, schema);
    }

    /**
     * Converts a value to a long ({@link Number#longValue()}; a string is read as a decimal and truncated).
     *
     * @param schema the value's schema, or null
     * @param value a number, a numeric string or a logical temporal value, or null
     * @return the long, or null for a null value
     * @throws DataException when the value cannot be converted
     */
    public static Long convertToLong(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Long l ? l : ValueConverter.asLong(value, schema);
    }

    /**
     * Converts a value to a float (through its double value).
     *
     * @param schema the value's schema, or null
     * @param value a number, a numeric string or a logical temporal value, or null
     * @return the float, or null for a null value
     * @throws DataException when the value cannot be converted
     */
    public static Float convertToFloat(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Float f ? f : (float) ValueConverter.asDouble(value, schema);
    }

    /**
     * Converts a value to a double.
     *
     * @param schema the value's schema, or null
     * @param value a number, a numeric string or a logical temporal value, or null
     * @return the double, or null for a null value
     * @throws DataException when the value cannot be converted
     */
    public static Double convertToDouble(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Double d ? d : ValueConverter.asDouble(value, schema);
    }

    /**
     * Renders a value as Connect does; the schema is ignored. Numbers and booleans print with {@code toString()},
     * bytes as Base64 (a {@link ByteBuffer} from index 0 to its limit, whatever its position), lists as
     * {@code [a,b]}, maps and structs as {@code {k:v,...}} (a struct with its fields' defaults) with embedded strings
     * and bytes quoted and escaped, and dates, never quoted, in the format {@link #dateFormatFor} picks.
     *
     * @param schema the value's schema, or null (unused)
     * @param value the value, or null
     * @return the text, or null for a null value
     * @throws DataException when the value (or a nested one) is of a type Connect does not render
     */
    public static String convertToString(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        ValueText.append(out, value, false);
        return out.toString();
    }

    /**
     * The format Connect prints a date with, guessed from the instant alone: before 1970-01-02 (negative instants
     * included) a time {@code HH:mm:ss.SSS'Z'}, at a midnight a date {@code yyyy-MM-dd}, otherwise a timestamp
     * {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, in the JVM's default time zone.
     *
     * @param value the date
     * @return a new format, owned by the caller (formats are not thread-safe)
     */
    public static java.text.DateFormat dateFormatFor(java.util.Date value) {
        return ValueText.formatFor(value);
    }

    /**
     * Converts a value to a list: a list as it is, or a string that parses to one.
     *
     * @param schema the value's schema, or null (unused)
     * @param value the value
     * @return the list (not copied)
     * @throws DataException when the value is null or not a list
     */
    public static List<?> convertToList(Schema schema, Object value) {
        return ValueConverter.toList(ARRAY_SELECTOR_SCHEMA, value);
    }

    /**
     * Converts a value to a map: a map as it is, or a string that parses to one.
     *
     * @param schema the value's schema, or null (unused)
     * @param value the value
     * @return the map (not copied)
     * @throws DataException when the value is null or not a map
     */
    public static Map<?, ?> convertToMap(Schema schema, Object value) {
        return ValueConverter.toMap(MAP_SELECTOR_SCHEMA, value);
    }

    /**
     * Converts a value to a struct: only a struct converts (strings are not parsed).
     *
     * @param schema the value's schema, or null (unused)
     * @param value the value
     * @return the struct itself
     * @throws DataException when the value is null or not a struct
     */
    public static Struct convertToStruct(Schema schema, Object value) {
        return ValueConverter.toStruct(STRUCT_SELECTOR_SCHEMA, value);
    }

    /**
     * Converts a value to a {@link Time}: a time-of-day date as it is, the time of day of a {@link Timestamp}, a
     * number of milliseconds, or a string that parses to one of these.
     *
     * @param schema the value's schema: a {@code java.util.Date} converts as it is only without a schema or with a
     *     Time or Timestamp schema
     * @param value the value
     * @return the time
     * @throws DataException when the value is null or cannot be converted
     */
    public static java.util.Date convertToTime(Schema schema, Object value) {
        ValueConverter.requireValue(value);
        return ValueConverter.toTime(Time.SCHEMA, schema, value);
    }

    /**
     * Converts a value to a {@link Date}: a date as it is, the day of a {@link Timestamp} (truncated toward the
     * epoch), a number of days, or a string that parses to one of these.
     *
     * @param schema the value's schema: a {@code java.util.Date} converts as it is only without a schema or with a
     *     Date or Timestamp schema
     * @param value the value
     * @return the date
     * @throws DataException when the value is null or cannot be converted
     */
    public static java.util.Date convertToDate(Schema schema, Object value) {
        ValueConverter.requireValue(value);
        return ValueConverter.toDate(Date.SCHEMA, schema, value);
    }

    /**
     * Converts a value to a {@link Timestamp}: a timestamp as it is, a Date or Time value as the instant it stands
     * for, a number of milliseconds since the epoch, or a string that parses to one of these.
     *
     * @param schema the value's schema: a {@code java.util.Date} converts as it is only without a schema or with a
     *     Date, Time or Timestamp schema
     * @param value the value
     * @return the timestamp
     * @throws DataException when the value is null or cannot be converted
     */
    public static java.util.Date convertToTimestamp(Schema schema, Object value) {
        ValueConverter.requireValue(value);
        return ValueConverter.toTimestamp(Timestamp.SCHEMA, schema, value);
    }

    /**
     * Converts a value to a decimal: a {@link BigDecimal} as it is (not rescaled), bytes read as an unscaled integer
     * of the given scale, other numbers through their double value, and strings read as a decimal (no trimming).
     *
     * @param schema the value's schema (unused)
     * @param value the value
     * @param scale the scale that bytes are read with
     * @return the decimal
     * @throws DataException when the value is null or cannot be converted
     */
    public static BigDecimal convertToDecimal(Schema schema, Object value, int scale) {
        ValueConverter.requireValue(value);
        return ValueConverter.toDecimal(Decimal.schema(scale), value);
    }

    /**
     * The schema a value has when it carries no schema of its own: the primitive schema of its Java type, a struct's
     * schema, or for a non-empty list or map an array or map schema whose element schema has the elements' common
     * type (bare: no name or fields) and is optional when an element is null.
     *
     * @param value the value
     * @return the schema, or null when none can be inferred (null, an empty or mixed collection, a decimal, a date, or
     *     a type that is not a Connect type)
     * @throws SchemaBuilderException when every element of a list (or key or value of a map) is null
     */
    public static Schema inferSchema(Object value) {
        if (value instanceof String) {
            return Schema.STRING_SCHEMA;
        } else if (value instanceof Boolean) {
            return Schema.BOOLEAN_SCHEMA;
        } else if (value instanceof Byte) {
            return Schema.INT8_SCHEMA;
        } else if (value instanceof Short) {
            return Schema.INT16_SCHEMA;
        } else if (value instanceof Integer) {
            return Schema.INT32_SCHEMA;
        } else if (value instanceof Long) {
            return Schema.INT64_SCHEMA;
        } else if (value instanceof Float) {
            return Schema.FLOAT32_SCHEMA;
        } else if (value instanceof Double) {
            return Schema.FLOAT64_SCHEMA;
        } else if (value instanceof byte[] || value instanceof ByteBuffer) {
            return Schema.BYTES_SCHEMA;
        } else if (value instanceof List<?> list) {
            return inferListSchema(list);
        } else if (value instanceof Map<?, ?> map) {
            return inferMapSchema(map);
        } else if (value instanceof Struct struct) {
            return struct.schema();
        }
        return null;
    }

    /**
     * Reads the typed value a string holds, as Connect does for header values and {@code Cast}:
     *
     * <ul>
     *   <li>{@code true} / {@code false} (exact case, surrounding whitespace allowed) are booleans, and {@code null}
     *       yields a null result (not {@link SchemaAndValue#NULL}), as in Connect;
     *   <li>a whole number in the long range becomes the narrowest of INT8..INT64 ({@code 1.0} and {@code 1e2}
     *       included); another number a FLOAT32 when the float does not overflow (precision may be lost: {@code 0.1}
     *       is the float 0.1), else a FLOAT64, else a {@link Decimal} with the number's scale; a whole number beyond
     *       the long range is a Decimal of scale 0;
     *   <li>{@code yyyy-MM-dd}, {@code HH:mm:ss.SSSZ} and {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (with a literal Z) are
     *       {@link Date}, {@link Time} and {@link Timestamp} values;
     *   <li>{@code [...]} and {@code {k:v,...}} are arrays and maps of such values (strings in them must be quoted; the
     *       backslashes of escapes stay in the string), with the common element schema (numbers widen) and the
     *       elements converted to it; without a common schema the array or map schema has no element schema;
     *   <li>anything else, including blank text and malformed arrays or maps, is the string itself (so is text with
     *       containers nested more than 1000 deep, where Connect overflows its stack). A top-level
     *       number or array followed by more text is read without that text, as Connect does ({@code 1,2} is the
     *       byte 1).
     * </ul>
     *
     * @param value the text, or null
     * @return {@link SchemaAndValue#NULL} for null input, null for the text {@code null}, otherwise the value with its
     *     schema; text that does not parse is returned as a string, never as an exception
     */
    public static SchemaAndValue parseString(String value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        if (value.isEmpty()) {
            return new SchemaAndValue(Schema.STRING_SCHEMA, value);
        }
        return ValueParser.parse(value);
    }

    private static Schema inferListSchema(List<?> list) {
        if (list.isEmpty()) {
            return null;
        }
        ElementType elements = new ElementType();
        for (Object element : list) {
            if (!elements.accepts(element)) {
                return null;
            }
        }
        return SchemaBuilder.array(elements.schema()).build();
    }

    private static Schema inferMapSchema(Map<?, ?> map) {
        if (map.isEmpty()) {
            return null;
        }
        ElementType keys = new ElementType();
        ElementType values = new ElementType();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!keys.accepts(entry.getKey()) || !values.accepts(entry.getValue())) {
                return null;
            }
        }
        return SchemaBuilder.map(keys.schema(), values.schema()).build();
    }

    /** The one type shared by the non-null elements of a collection, optional when an element is null. */
    private static final class ElementType {
        private Type type;
        private boolean optional;

        boolean accepts(Object element) {
            if (element == null) {
                optional = true;
                return true;
            }
            Schema schema = inferSchema(element);
            if (schema == null) {
                return false;
            }
            if (type == null) {
                type = schema.type();
            }
            return type == schema.type();
        }

        Schema schema() {
            if (type == null) {
                throw new SchemaBuilderException("Cannot infer a schema for elements that are all null");
            }
            SchemaBuilder builder = SchemaBuilder.type(type);
            return optional ? builder.optional().build() : builder.build();
        }
    }
}
