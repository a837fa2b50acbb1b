package io.kanal.api.data;

import io.kanal.api.errors.DataException;

/**
 * The Time logical type: a time of day, a {@link java.util.Date} on 1970-01-01 UTC, carried as INT32 milliseconds
 * since midnight. Kafka Connect's {@code Time}, with the same logical name and range (0 to 86,400,000 inclusive).
 *
 * <p>Stateless and thread-safe.
 */
public final class Time {

    /** The schema name that marks a Time. */
    public static final String LOGICAL_NAME = "org.apache.kafka.connect.data.Time";

    /** A required Time schema. */
    public static final Schema SCHEMA = builder().build();

    private Time() {}

    /**
     * @return a builder for a Time schema (version 1), to which optional(), doc() etc. can be added
     */
    public static SchemaBuilder builder() {
        return SchemaBuilder.int32().name(LOGICAL_NAME).version(1);
    }

    /**
     * @param schema a Time schema
     * @param value a time on 1970-01-01 UTC
     * @return the milliseconds since midnight
     * @throws DataException when the schema is not a Time schema or the value is on another day
     */
    public static int fromLogical(Schema schema, java.util.Date value) {
        if (schema == null || !LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Time object but the schema does not match.");
        }
        if (value == null) {
            throw new DataException("Cannot convert a null Time");
        }
        long millis = value.getTime();
        if (millis < 0 || millis > Date.MILLIS_PER_DAY) {
            throw new DataException("Kafka Connect Time type should not have any date fields set to non-zero values.");
        }
        return (int) millis;
    }

    /**
     * @param schema a Time schema
     * @param value milliseconds since midnight
     * @return that time on 1970-01-01 UTC
     * @throws DataException when the schema is not a Time schema or the value is out of range
     */
    public static java.util.Date toLogical(Schema schema, int value) {
        if (schema == null || !LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Time object but the schema does not match.");
        }
        if (value < 0 || value > Date.MILLIS_PER_DAY) {
            throw new DataException(
                    "Time values must use number of milliseconds greater than 0 and less than 86400000");
        }
        return new java.util.Date(value);
    }
}
