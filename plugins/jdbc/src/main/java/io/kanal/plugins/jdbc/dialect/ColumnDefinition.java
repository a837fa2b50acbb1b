package io.kanal.plugins.jdbc.dialect;

import io.kanal.api.data.Schema;
import java.util.Objects;

/**
 * A column to create or add: its name and the data model schema of its values, which decides its SQL type, whether it
 * is {@code NOT NULL} and its default.
 *
 * @param name the column name, as written (it is quoted)
 * @param schema the schema of the column's values
 */
public record ColumnDefinition(String name, Schema schema) {

    /**
     * Checks presence.
     *
     * @param name the column name
     * @param schema the schema of the column's values
     */
    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
    }
}
