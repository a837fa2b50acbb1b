package io.kanal.api.data;

import io.kanal.api.errors.DataException;

/**
 * The Date logical type: a calendar date, a {@link java.util.Date} at midnight UTC, carried as INT32 days since the
 * epoch. Kafka Connect's {@code Date}, with the same logical name.
 *
 * <p>Stateless and thread-safe.
 */
public final class Date {

    /** The schema name that marks a Date. */
    public static final String LOGICAL_NAME = "org.apache.kafka.connect.data.Date";

    static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    /** A required Date schema. */
    public static final Schema SCHEMA = builder().build();

    private Date() {}

    /**
     * @return a builder for a Date schema (version 1), to which optional(), doc() etc. can be added
     */
    public static SchemaBuilder builder() {
        return SchemaBuilder.int32().name(LOGICAL_NAME).version(1);
    }

    /**
     * @param schema a Date schema
     * @param value a date at midnight UTC
     * @return the days since 1970-01-01
     * @throws DataException when the schema is not a Date schema or the value has a time of day
     */
    public static int fromLogical(Schema schema, java.util.Date value) {
        check(schema);
        if (value == null) {
            throw new DataException("Cannot convert a null Date");
        }
        long millis = value.getTime();
        if (Math.floorMod(millis, MILLIS_PER_DAY) != 0) {
            throw new DataException("Kafka Connect Date type should not have any time fields set to non-zero values.");
        }
        return (int) (millis / MILLIS_PER_DAY);
    }

    /**
     * @param schema a Date schema
     * @param value days since 1970-01-01
     * @return that day at midnight UTC
     * @throws DataException when the schema is not a Date schema
     */
    public static java.util.Date toLogical(Schema schema, int value) {
        check(schema);
        return new java.util.Date(value * MILLIS_PER_DAY);
    }

    private static void check(Schema schema) {
        if (schema == null || !LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Date object but the schema does not match.");
        }
    }
}
