package io.kanal.plugins.jdbc.dialect;

import java.util.Objects;
import java.util.Optional;

/**
 * A table: its name and, when given, its schema (otherwise the connection's {@code current_schema()}). Names are
 * used as written, case included: they are always quoted.
 *
 * @param schema the schema, or empty for the connection's current schema
 * @param table the table name
 */
public record TableId(Optional<String> schema, String table) {

    /**
     * Checks the parts.
     *
     * @param schema the schema, or empty for the connection's current schema
     * @param table the table name
     */
    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        if (table.isEmpty() || schema.map(String::isEmpty).orElse(false)) {
            throw new IllegalArgumentException("a table name and its schema cannot be empty");
        }
    }

    /**
     * Parses a table name as {@code table.name.format} produces it: {@code table}, {@code schema.table}, or {@code
     * database.schema.table} (the database is the connection's, as PostgreSQL cannot write across databases, so it is
     * dropped), as the established JDBC sink reads it.
     *
     * @param name the name
     * @return the table
     * @throws IllegalArgumentException when the name is empty or has more than three parts
     */
    public static TableId parse(String name) {
        String[] parts = name.split("\\.", -1);
        return switch (parts.length) {
            case 1 -> new TableId(Optional.empty(), parts[0]);
            case 2 -> new TableId(Optional.of(parts[0]), parts[1]);
            case 3 -> new TableId(Optional.of(parts[1]), parts[2]);
            default ->
                throw new IllegalArgumentException(
                        "table name '" + name + "' has more than three dot-separated parts (database.schema.table)");
        };
    }

    /** Renders the table as written, unquoted: for messages and logs. */
    @Override
    public String toString() {
        return schema.map(s -> s + "." + table).orElse(table);
    }
}
