package io.kanal.runtime.transform;

import io.kanal.api.data.Date;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.concurrent.TimeUnit;

/**
 * {@link TimestampConverter}'s representations of a timestamp and the conversions between them, through a
 * millisecond {@code java.util.Date} in the middle, with Kafka Connect's rules and messages. Thread-safe: the one
 * mutable part, the {@link SimpleDateFormat}, is used under its own lock.
 */
final class TimestampFormats {

    static final String STRING = "string";
    static final String UNIX = "unix";
    static final String DATE = "Date";
    static final String TIME = "Time";
    static final String TIMESTAMP = "Timestamp";

    static final String NANOSECONDS = "nanoseconds";
    static final String MICROSECONDS = "microseconds";
    static final String MILLISECONDS = "milliseconds";
    static final String SECONDS = "seconds";

    private static final long MILLIS_PER_DAY = TimeUnit.DAYS.toMillis(1);

    private final String target;
    private final SimpleDateFormat format;
    private final TimeUnit unixUnit;

    /**
     * @param target the representation to convert to
     * @param format the pattern for strings, or {@code null} when none is configured
     * @param unixPrecision the unit of Unix timestamps
     */
    TimestampFormats(String target, SimpleDateFormat format, String unixPrecision) {
        this.target = target;
        this.format = format;
        this.unixUnit = switch (unixPrecision) {
            case SECONDS -> TimeUnit.SECONDS;
            case MICROSECONDS -> TimeUnit.MICROSECONDS;
            case NANOSECONDS -> TimeUnit.NANOSECONDS;
            default -> TimeUnit.MILLISECONDS;
        };
    }

    /**
     * The representation a schema declares.
     *
     * @param schema a timestamp's schema
     * @return one of the representation names
     * @throws DataException when the schema is not a timestamp representation
     */
    static String formatOf(Schema schema) {
        String name = schema.name();
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            return TIMESTAMP;
        } else if (Date.LOGICAL_NAME.equals(name)) {
            return DATE;
        } else if (Time.LOGICAL_NAME.equals(name)) {
            return TIME;
        } else if (schema.type() == Schema.Type.STRING) {
            return STRING;
        } else if (schema.type() == Schema.Type.INT64) {
            return UNIX;
        }
        // Connect throws its base ConnectException here; it is a record that does not fit.
        throw new DataException("Schema " + schema + " does not correspond to a known timestamp type format");
    }

    /**
     * The schema of the target representation.
     *
     * @param optional whether the schema is optional
     * @return the schema
     */
    Schema targetSchema(boolean optional) {
        return switch (target) {
            case STRING -> optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA;
            case UNIX -> optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA;
            case DATE -> optional ? Date.builder().optional().build() : Date.SCHEMA;
            case TIME -> optional ? Time.builder().optional().build() : Time.SCHEMA;
            default -> optional ? Timestamp.builder().optional().build() : Timestamp.SCHEMA;
        };
    }

    /**
     * Converts a timestamp to the target representation.
     *
     * @param value the timestamp, or {@code null}
     * @param source its representation, or {@code null} to infer it from the value's class
     * @return the converted timestamp, or {@code null}
     * @throws DataException when the value does not fit its representation
     */
    Object convert(Object value, String source) {
        if (value == null) {
            return null;
        }
        String from = source != null ? source : inferred(value);
        return fromMillis(toMillis(value, from));
    }

    private static String inferred(Object value) {
        if (value instanceof java.util.Date) {
            return TIMESTAMP;
        } else if (value instanceof Long) {
            return UNIX;
        } else if (value instanceof String) {
            return STRING;
        }
        throw new DataException("TimestampConverter does not support " + value.getClass() + " objects as timestamps");
    }

    private java.util.Date toMillis(Object value, String from) {
        switch (from) {
            case STRING -> {
                if (!(value instanceof String text)) {
                    throw new DataException("Expected string timestamp to be a String, but found " + value.getClass());
                }
                return parse(text);
            }
            case UNIX -> {
                if (!(value instanceof Long unix)) {
                    throw new DataException("Expected Unix timestamp to be a Long, but found " + value.getClass());
                }
                return new java.util.Date(unixUnit.toMillis(unix));
            }
            default -> {
                if (!(value instanceof java.util.Date date)) {
                    throw new DataException(
                            "Expected " + from + " to be a java.util.Date, but found " + value.getClass());
                }
                return date;
            }
        }
    }

    private Object fromMillis(java.util.Date date) {
        long millis = date.getTime();
        return switch (target) {
            case STRING -> format(date);
            // Truncates towards zero and saturates at the long range, as Connect's TimeUnit arithmetic does.
            case UNIX -> unixUnit.convert(millis, TimeUnit.MILLISECONDS);
            // Midnight UTC of the same day; floorMod keeps dates before 1970 on their own day.
            case DATE -> new java.util.Date(millis - Math.floorMod(millis, MILLIS_PER_DAY));
            // The time of day on 1970-01-01 UTC.
            case TIME -> new java.util.Date(Math.floorMod(millis, MILLIS_PER_DAY));
            default -> date;
        };
    }

    private java.util.Date parse(String text) {
        SimpleDateFormat pattern = requireFormat();
        synchronized (pattern) {
            try {
                return pattern.parse(text);
            } catch (ParseException mismatch) {
                throw new DataException(
                        "Could not parse timestamp: value (" + text + ") does not match pattern (" + pattern.toPattern()
                                + ")",
                        mismatch);
            }
        }
    }

    private String format(java.util.Date date) {
        SimpleDateFormat pattern = requireFormat();
        synchronized (pattern) {
            return pattern.format(date);
        }
    }

    private SimpleDateFormat requireFormat() {
        if (format == null) {
            // Connect fails with a NullPointerException when a string timestamp meets an empty format.
            throw new DataException(
                    "TimestampConverter requires format option to be specified when using string" + " timestamps");
        }
        return format;
    }
}
