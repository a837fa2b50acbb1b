package io.kanal.api.data;

import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * The conversions behind {@link Values}, step for step as Kafka Connect's {@code Values} performs them: a string is
 * first parsed ({@link Values#parseString}), a number is truncated or widened, and a {@code java.util.Date} is read
 * through the logical type its source schema names. Stateless and thread-safe.
 */
final class ValueConverter {

    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;
    private static final String NULL_TO_REQUIRED = "Unable to convert a null value to a schema that requires a value";

    private ValueConverter() {}

    /** Converts a parsed element to the common schema of its array or map, as Connect aligns them. */
    static Object convertTo(Schema toSchema, Object value) {
        if (value == null) {
            if (toSchema.isOptional()) {
                return null;
            }
            throw new DataException(NULL_TO_REQUIRED);
        }
        String name = toSchema.name();
        return switch (toSchema.type()) {
            case BYTES -> Decimal.LOGICAL_NAME.equals(name) ? toDecimal(toSchema, value) : toBytes(toSchema, value);
            case STRING -> Values.convertToString(null, value);
            case BOOLEAN -> Values.convertToBoolean(null, value);
            case INT8 -> Values.convertToByte(null, value);
            case INT16 -> Values.convertToShort(null, value);
            case INT32 -> {
                if (Date.LOGICAL_NAME.equals(name)) {
                    yield toDate(toSchema, null, value);
                }
                yield Time.LOGICAL_NAME.equals(name)
                        ? toTime(toSchema, null, value)
                        : Values.convertToInteger(null, value);
            }
            case INT64 ->
                Timestamp.LOGICAL_NAME.equals(name)
                        ? toTimestamp(toSchema, null, value)
                        : Values.convertToLong(null, value);
            case FLOAT32 -> Values.convertToFloat(null, value);
            case FLOAT64 -> Values.convertToDouble(null, value);
            case ARRAY -> toList(toSchema, value);
            case MAP -> toMap(toSchema, value);
            case STRUCT -> toStruct(toSchema, value);
        };
    }

    static void requireValue(Object value) {
        if (value == null) {
            throw new DataException(NULL_TO_REQUIRED);
        }
    }

    /** The value a string parses to; Connect fails with a NullPointerException on {@code "null"}. */
    static Object parsedValue(String text, String target) {
        SchemaAndValue parsed = Values.parseString(text);
        if (parsed == null) {
            throw new DataException("Unable to convert the string \"null\" to " + target);
        }
        return parsed.value();
    }

    private static DataException unconvertible(Object value, Schema toSchema, Throwable cause) {
        return new DataException("Unable to convert " + value + " (" + value.getClass() + ") to " + toSchema, cause);
    }

    static List<?> toList(Schema toSchema, Object value) {
        requireValue(value);
        Object candidate = value instanceof String text ? parsedValue(text, "a list") : value;
        if (candidate instanceof List<?> list) {
            return list;
        }
        throw unconvertible(candidate, toSchema, null);
    }

    static Map<?, ?> toMap(Schema toSchema, Object value) {
        requireValue(value);
        Object candidate = value instanceof String text ? parsedValue(text, "a map") : value;
        if (candidate instanceof Map<?, ?> map) {
            return map;
        }
        throw unconvertible(candidate, toSchema, null);
    }

    static Struct toStruct(Schema toSchema, Object value) {
        requireValue(value);
        if (value instanceof Struct struct) {
            return struct;
        }
        throw unconvertible(value, toSchema, null);
    }

    static BigDecimal toDecimal(Schema toSchema, Object value) {
        Object candidate = value instanceof ByteBuffer buffer ? remaining(buffer) : value;
        if (candidate instanceof byte[] bytes) {
            return Decimal.toLogical(toSchema, bytes);
        }
        if (candidate instanceof BigDecimal decimal) {
            return decimal;
        }
        try {
            if (candidate instanceof Number number) {
                return BigDecimal.valueOf(number.doubleValue());
            }
            if (candidate instanceof String text) {
                return new BigDecimal(text);
            }
        } catch (NumberFormatException e) {
            throw unconvertible(candidate, toSchema, e);
        }
        throw unconvertible(candidate, toSchema, null);
    }

    private static byte[] toBytes(Schema toSchema, Object value) {
        if (value instanceof ByteBuffer buffer) {
            return remaining(buffer);
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof BigDecimal decimal) {
            return Decimal.fromLogical(toSchema, decimal);
        }
        throw unconvertible(value, toSchema, null);
    }

    /** The bytes between position and limit; the buffer is not changed. */
    private static byte[] remaining(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static java.util.Date toDate(Schema toSchema, Schema fromSchema, Object value) {
        Object candidate = value instanceof String text ? parsedValue(text, "a date") : value;
        if (candidate instanceof java.util.Date date) {
            if (fromSchema == null || Date.LOGICAL_NAME.equals(fromSchema.name())) {
                return date;
            }
            if (Timestamp.LOGICAL_NAME.equals(fromSchema.name())) {
                // Division truncates toward zero, so an instant on a day before the epoch lands on the next day.
                return Date.toLogical(toSchema, (int) (date.getTime() / MILLIS_PER_DAY));
            }
        }
        return Date.toLogical(toSchema, (int) asLong(candidate, fromSchema));
    }

    static java.util.Date toTime(Schema toSchema, Schema fromSchema, Object value) {
        Object candidate = value instanceof String text ? parsedValue(text, "a time") : value;
        if (candidate instanceof java.util.Date date) {
            if (fromSchema == null || Time.LOGICAL_NAME.equals(fromSchema.name())) {
                return date;
            }
            if (Timestamp.LOGICAL_NAME.equals(fromSchema.name())) {
                // The calendar of the default locale, in UTC, moved to the epoch's day: what Connect computes.
                Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
                calendar.setTime(date);
                calendar.set(Calendar.YEAR, 1970);
                calendar.set(Calendar.MONTH, Calendar.JANUARY);
                calendar.set(Calendar.DAY_OF_MONTH, 1);
                return Time.toLogical(toSchema, (int) calendar.getTimeInMillis());
            }
        }
        return Time.toLogical(toSchema, (int) asLong(candidate, fromSchema));
    }

    static java.util.Date toTimestamp(Schema toSchema, Schema fromSchema, Object value) {
        Object candidate = value instanceof String text ? parsedValue(text, "a timestamp") : value;
        if (candidate instanceof java.util.Date date) {
            if (fromSchema == null || Timestamp.LOGICAL_NAME.equals(fromSchema.name())) {
                return date;
            }
            if (Date.LOGICAL_NAME.equals(fromSchema.name())) {
                return Timestamp.toLogical(toSchema, Date.fromLogical(fromSchema, date) * MILLIS_PER_DAY);
            }
            if (Time.LOGICAL_NAME.equals(fromSchema.name())) {
                return Timestamp.toLogical(toSchema, Time.fromLogical(fromSchema, date));
            }
        }
        return Timestamp.toLogical(toSchema, asLong(candidate, fromSchema));
    }

    /**
     * A value as a long: a number's long value, a string read as a decimal and truncated, or a logical temporal
     * value (by its schema's name) as its days or milliseconds.
     */
    static long asLong(Object value, Schema schema) {
        return asLong(value, schema, null);
    }

    private static long asLong(Object value, Schema schema, Throwable cause) {
        Throwable failure = cause;
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return truncatedLong(new BigDecimal(text));
            } catch (NumberFormatException e) {
                failure = e;
            }
        }
        if (schema == null) {
            throw new DataException("Unable to convert " + value + " (" + value.getClass() + ") to a number", failure);
        }
        if (value instanceof java.util.Date date) {
            String name = schema.name();
            if (Date.LOGICAL_NAME.equals(name)) {
                return Date.fromLogical(schema, date);
            }
            if (Time.LOGICAL_NAME.equals(name)) {
                return Time.fromLogical(schema, date);
            }
            if (Timestamp.LOGICAL_NAME.equals(name)) {
                return Timestamp.fromLogical(schema, date);
            }
        }
        throw unconvertible(value, schema, failure);
    }

    /**
     * {@link BigDecimal#longValue()}, without the huge intermediate numbers of text like {@code 1e99999999} or
     * {@code 1e-99999999}: a multiple of 10^64 (so of 2^64) has 0 as its low 64 bits, and a magnitude below 1
     * truncates to 0.
     */
    private static long truncatedLong(BigDecimal number) {
        if (number.scale() <= -64 || number.precision() <= number.scale()) {
            return 0L;
        }
        return number.longValue();
    }

    /** A value as a double: a number's double value, a string read as a decimal, else as {@link #asLong}. */
    static double asDouble(Object value, Schema schema) {
        Throwable failure = null;
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text).doubleValue();
            } catch (NumberFormatException e) {
                failure = e;
            }
        }
        return asLong(value, schema, failure);
    }
}
