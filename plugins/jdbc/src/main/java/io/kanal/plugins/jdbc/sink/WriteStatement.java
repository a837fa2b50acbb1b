package io.kanal.plugins.jdbc.sink;

import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.plugins.jdbc.dialect.PostgresDialect;
import io.kanal.plugins.jdbc.dialect.TableId;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The statement that writes the records of one mapping to one table, and its parameters in order: a plain insert,
 * an upsert and a delete take the key columns first; an update takes the other columns first, then the key. Built
 * once per table and mapping. Immutable.
 *
 * @param sql the statement
 * @param parameters the column of each parameter, in order
 * @param keyColumns the primary key's columns
 */
record WriteStatement(String sql, List<Column> parameters, List<Column> keyColumns) {

    /**
     * Copies the list.
     *
     * @param sql the statement
     * @param parameters the column of each parameter
     * @param keyColumns the primary key's columns
     */
    WriteStatement {
        parameters = List.copyOf(parameters);
        keyColumns = List.copyOf(keyColumns);
    }

    /**
     * The statement for a table and mapping under an insert mode.
     *
     * @param table the table
     * @param mapping the columns
     * @param mode the insert mode
     * @return the statement, or {@code null} when the records have nothing to write (an update of a table whose
     *     columns are all key columns)
     */
    static WriteStatement of(TableId table, RecordMapping mapping, InsertMode mode) {
        if (mapping.delete()) {
            return new WriteStatement(
                    PostgresDialect.delete(table, mapping.keyNames()), mapping.keyColumns(), mapping.keyColumns());
        }
        return switch (mode) {
            case INSERT ->
                new WriteStatement(
                        PostgresDialect.insert(
                                table,
                                Stream.concat(mapping.keyNames().stream(), mapping.valueNames().stream())
                                        .toList()),
                        mapping.allColumns(),
                        mapping.keyColumns());
            case UPSERT ->
                new WriteStatement(
                        PostgresDialect.upsert(table, mapping.keyNames(), mapping.valueNames()),
                        mapping.allColumns(),
                        mapping.keyColumns());
            case UPDATE ->
                mapping.valueColumns().isEmpty()
                        ? null
                        : new WriteStatement(
                                PostgresDialect.update(table, mapping.keyNames(), mapping.valueNames()),
                                Stream.concat(mapping.valueColumns().stream(), mapping.keyColumns().stream())
                                        .toList(),
                                mapping.keyColumns());
        };
    }

    /**
     * Sets every parameter from a record.
     *
     * @param statement the prepared statement of {@link #sql()}
     * @param record the record
     * @throws SQLException when the driver refuses a value
     * @throws DataException when a value does not fit its column's schema
     */
    void bind(PreparedStatement statement, SinkRecord record) throws SQLException {
        int index = 1;
        for (Column column : parameters) {
            Object value = column.valueOf(record);
            try {
                column.binder().bind(statement, index, value);
            } catch (ClassCastException | IllegalArgumentException e) {
                throw new DataException(
                        "the value of column '" + column.name() + "' does not fit its schema type "
                                + column.schema().type().getName() + " (it is a "
                                + value.getClass().getSimpleName() + ")",
                        e);
            }
            index++;
        }
    }
}
