package io.kanal.plugins.jdbc.source;

import io.kanal.plugins.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what the JDBC metadata says about tables: which tables to copy (by {@code table.types}, {@code
 * schema.pattern}, {@code catalog.pattern} and the include or exclude list), a table's auto-increment column, and
 * whether columns are nullable.
 *
 * <p>Stateless; used on the thread that owns the connection.
 */
final class TableLister {

    private TableLister() {}

    /**
     * The tables to copy, sorted by qualified name so that every call splits them the same way.
     *
     * @param connection an open connection
     * @param settings the settings
     * @return the tables
     * @throws SQLException when the metadata cannot be read
     */
    static List<TableId> tables(Connection connection, SourceSettings settings) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        List<TableId> tables = new ArrayList<>();
        try (ResultSet rows = metadata.getTables(
                settings.catalogPattern().orElse(null),
                settings.schemaPattern().orElse(null),
                "%",
                settings.tableTypes().toArray(new String[0]))) {
            while (rows.next()) {
                TableId table = new TableId(
                        rows.getString("TABLE_CAT"), rows.getString("TABLE_SCHEM"), rows.getString("TABLE_NAME"));
                if (included(table, settings)) {
                    tables.add(table);
                }
            }
        }
        tables.sort(Comparator.comparing(TableId::qualifiedName));
        return tables;
    }

    static boolean included(TableId table, SourceSettings settings) {
        if (!settings.include().isEmpty()) {
            return settings.include().stream().anyMatch(table::matches);
        }
        return settings.exclude().stream().noneMatch(table::matches);
    }

    /**
     * The table's auto-increment column, for {@code incrementing.column.name} left empty.
     *
     * @param connection an open connection
     * @param table the table
     * @return the first column the metadata calls auto-incrementing, or empty
     * @throws SQLException when the metadata cannot be read
     */
    static Optional<String> autoIncrementColumn(Connection connection, TableId table) throws SQLException {
        try (ResultSet rows = columns(connection, table, null)) {
            while (rows.next()) {
                if ("YES".equalsIgnoreCase(rows.getString("IS_AUTOINCREMENT"))) {
                    return Optional.of(rows.getString("COLUMN_NAME"));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether each of the table's columns may hold {@code NULL}.
     *
     * @param connection an open connection
     * @param table the table
     * @return column name to {@code true} when nullable (or unknown), in column order
     * @throws SQLException when the metadata cannot be read
     */
    static Map<String, Boolean> nullability(Connection connection, TableId table) throws SQLException {
        Map<String, Boolean> columns = new LinkedHashMap<>();
        try (ResultSet rows = columns(connection, table, null)) {
            while (rows.next()) {
                columns.put(rows.getString("COLUMN_NAME"), rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls);
            }
        }
        return columns;
    }

    private static ResultSet columns(Connection connection, TableId table, String column) throws SQLException {
        return connection
                .getMetaData()
                .getColumns(
                        table.catalog().isEmpty() ? null : table.catalog(),
                        table.schema().isEmpty() ? null : escape(connection, table.schema()),
                        escape(connection, table.name()),
                        column);
    }

    /** Metadata arguments are patterns: a table named {@code a_b} must not also match {@code axb}. */
    private static String escape(Connection connection, String name) throws SQLException {
        String escape = connection.getMetaData().getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
