package io.kanal.plugins.jdbc.types;

import io.kanal.api.data.Schema;
import java.util.Objects;

/**
 * How one column becomes one field.
 *
 * @param field the field name (the column's label)
 * @param schema the field's schema, optional when the column is nullable
 * @param reader reads the column's value in the form the schema expects
 */
public record ColumnMapping(String field, Schema schema, ValueReader reader) {

    /**
     * Checks presence.
     *
     * @param field the field name
     * @param schema the field's schema
     * @param reader reads the column's value
     */
    public ColumnMapping {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(reader, "reader");
    }
}
