package io.kanal.plugins.jdbc.sink;

import io.kanal.api.data.Field;
import io.kanal.api.data.Schema;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.plugins.jdbc.dialect.ColumnDefinition;
import io.kanal.plugins.jdbc.dialect.ParameterBinder;
import java.util.Objects;

/**
 * One column a record is written to: its name, the schema of its values, where in the record its value is, and the
 * binder chosen for that schema. Immutable.
 *
 * @param name the column name
 * @param schema the schema of its values
 * @param source where the value comes from
 * @param field the key or value field, for {@link Source#KEY_FIELD} and {@link Source#VALUE_FIELD}; else null
 * @param binder binds its values to a statement parameter
 */
record Column(String name, Schema schema, Source source, Field field, ParameterBinder binder) {

    /** Where a column's value is in a record. */
    enum Source {
        /** The record's topic. */
        TOPIC,
        /** The record's partition. */
        PARTITION,
        /** The record's offset. */
        OFFSET,
        /** The record's key itself, a primitive. */
        KEY,
        /** A field of the record's key, a struct. */
        KEY_FIELD,
        /** A field of the record's value, a struct. */
        VALUE_FIELD
    }

    /**
     * Checks presence.
     *
     * @param name the column name
     * @param schema the schema of its values
     * @param source where the value comes from
     * @param field the field, or null when the source is not a field
     * @param binder the binder
     */
    Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(binder, "binder");
    }

    /**
     * The column's value in a record. A field that is not set takes its schema's default, as {@link Struct#get}
     * gives it.
     *
     * @param record the record
     * @return the value, possibly null
     * @throws DataException when the key or value is not a struct
     */
    Object valueOf(SinkRecord record) {
        return switch (source) {
            case TOPIC -> record.topic();
            case PARTITION -> record.kafkaPartition();
            case OFFSET -> record.kafkaOffset();
            case KEY -> record.key();
            case KEY_FIELD -> struct(record.key(), "key").get(field);
            case VALUE_FIELD -> struct(record.value(), "value").get(field);
        };
    }

    /**
     * The column as {@code CREATE TABLE} and {@code ALTER TABLE} take it.
     *
     * @return the definition
     */
    ColumnDefinition definition() {
        return new ColumnDefinition(name, schema);
    }

    private static Struct struct(Object value, String what) {
        if (value instanceof Struct struct) {
            return struct;
        }
        throw new DataException("the record's " + what + " is not a struct"
                + (value == null
                        ? " (it is null)"
                        : " (it is a " + value.getClass().getSimpleName() + ")"));
    }
}
