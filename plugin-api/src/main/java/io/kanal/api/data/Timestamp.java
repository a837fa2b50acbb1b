package io.kanal.api.data;

import io.kanal.api.errors.DataException;

/**
 * The Timestamp logical type: an instant, a {@link java.util.Date}, carried as INT64 milliseconds since the epoch.
 * Kafka Connect's {@code Timestamp}, with the same logical name.
 *
 * <p>Stateless and thread-safe.
 */
public final class Timestamp {

    /** The schema name that marks a Timestamp. */
    public static final String LOGICAL_NAME = "org.apache.kafka.connect.data.Timestamp";

    /** A required Timestamp schema. */
    public static final Schema SCHEMA = builder().build();

    private Timestamp() {}

    /**
     * @return a builder for a Timestamp schema (version 1), to which optional(), doc() etc. can be added
     */
    public static SchemaBuilder builder() {
        return SchemaBuilder.int64().name(LOGICAL_NAME).version(1);
    }

    /**
     * @param schema a Timestamp schema
     * @param value an instant
     * @return the milliseconds since the epoch
     * @throws DataException when the schema is not a Timestamp schema
     */
    public static long fromLogical(Schema schema, java.util.Date value) {
        check(schema);
        if (value == null) {
            throw new DataException("Cannot convert a null Timestamp");
        }
        return value.getTime();
    }

    /**
     * @param schema a Timestamp schema
     * @param value milliseconds since the epoch
     * @return that instant
     * @throws DataException when the schema is not a Timestamp schema
     */
    public static java.util.Date toLogical(Schema schema, long value) {
        check(schema);
        return new java.util.Date(value);
    }

    private static void check(Schema schema) {
        if (schema == null || !LOGICAL_NAME.equals(schema.name())) {
            throw new DataException("Requested conversion of Timestamp object but the schema does not match.");
        }
    }
}
