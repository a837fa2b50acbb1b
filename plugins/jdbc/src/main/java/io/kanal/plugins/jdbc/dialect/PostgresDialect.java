package io.kanal.plugins.jdbc.dialect;

import java.util.List;
import java.util.StringJoiner;

/**
 * The SQL the sink sends to PostgreSQL. Every identifier is quoted (so names keep their case and may be reserved
 * words), and every value is a {@code ?} parameter: no value is ever written into SQL text. Statements use the form
 * that the driver's {@code reWriteBatchedInserts} turns into multi-row inserts ({@code INSERT ... VALUES (?, ...)}).
 *
 * <p>Stateless and thread-safe.
 */
public final class PostgresDialect {

    private PostgresDialect() {}

    /**
     * Quotes an identifier: doubles any {@code "} inside and wraps it in {@code "}.
     *
     * @param identifier the name as written
     * @return the quoted name
     * @throws IllegalArgumentException when the name holds a NUL character, which PostgreSQL cannot store
     */
    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier cannot contain a NUL character");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * The table's quoted, qualified name.
     *
     * @param table the table
     * @return {@code "schema"."table"} or {@code "table"}
     */
    public static String tableName(TableId table) {
        // The catalog (the database) is the connection's: PostgreSQL cannot name another one.
        return table.schema().isEmpty() ? quote(table.name()) : quote(table.schema()) + "." + quote(table.name());
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} with the columns in order and the primary key, if any: tasks of one connector
     * may race to create the same table.
     *
     * @param table the table
     * @param columns the columns, key columns included
     * @param primaryKey the names of the primary key's columns, in order; may be empty
     * @return the statement
     */
    public static String createTable(TableId table, List<ColumnDefinition> columns, List<String> primaryKey) {
        StringJoiner body = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + tableName(table) + " (", ")");
        for (ColumnDefinition column : columns) {
            body.add(columnDefinition(column, primaryKey.contains(column.name())));
        }
        if (!primaryKey.isEmpty()) {
            body.add("PRIMARY KEY (" + columnList(primaryKey) + ")");
        }
        return body.toString();
    }

    /**
     * {@code ALTER TABLE ... ADD COLUMN IF NOT EXISTS} for each column, in one statement, with the schema's default
     * where it has one. A required column needs that default (PostgreSQL fills the existing rows with it); the sink
     * never adds a required column without one.
     *
     * @param table the table
     * @param columns the new columns
     * @return the statement
     */
    public static String addColumns(TableId table, List<ColumnDefinition> columns) {
        StringJoiner sql = new StringJoiner(", ", "ALTER TABLE " + tableName(table) + " ", "");
        for (ColumnDefinition column : columns) {
            sql.add("ADD COLUMN IF NOT EXISTS " + columnDefinition(column, false));
        }
        return sql.toString();
    }

    /**
     * A plain {@code INSERT}.
     *
     * @param table the table
     * @param columns the columns, in parameter order
     * @return the statement
     */
    public static String insert(TableId table, List<String> columns) {
        return "INSERT INTO " + tableName(table) + " (" + columnList(columns) + ") VALUES ("
                + parameters(columns.size()) + ")";
    }

    /**
     * {@code INSERT ... ON CONFLICT (key) DO UPDATE SET} every other column to the inserted value, or {@code DO
     * NOTHING} when the key is all the columns. Parameters: the key columns, then the others.
     *
     * @param table the table
     * @param keyColumns the primary key's columns
     * @param otherColumns the other columns
     * @return the statement
     */
    public static String upsert(TableId table, List<String> keyColumns, List<String> otherColumns) {
        List<String> all = concat(keyColumns, otherColumns);
        StringBuilder sql = new StringBuilder(insert(table, all))
                .append(" ON CONFLICT (")
                .append(columnList(keyColumns))
                .append(") DO ");
        if (otherColumns.isEmpty()) {
            return sql.append("NOTHING").toString();
        }
        StringJoiner set = new StringJoiner(", ", "UPDATE SET ", "");
        for (String column : otherColumns) {
            set.add(quote(column) + " = EXCLUDED." + quote(column));
        }
        return sql.append(set).toString();
    }

    /**
     * {@code UPDATE ... SET ... WHERE key = ?}. Parameters: the other columns, then the key columns.
     *
     * @param table the table
     * @param keyColumns the primary key's columns
     * @param otherColumns the columns to set; not empty
     * @return the statement
     */
    public static String update(TableId table, List<String> keyColumns, List<String> otherColumns) {
        StringJoiner set = new StringJoiner(", ", "UPDATE " + tableName(table) + " SET ", "");
        for (String column : otherColumns) {
            set.add(quote(column) + " = ?");
        }
        return set + where(keyColumns);
    }

    /**
     * {@code DELETE ... WHERE key = ?}. Parameters: the key columns.
     *
     * @param table the table
     * @param keyColumns the primary key's columns; not empty
     * @return the statement
     */
    public static String delete(TableId table, List<String> keyColumns) {
        return "DELETE FROM " + tableName(table) + where(keyColumns);
    }

    /**
     * The query that lists a table's columns (name, {@code NOT NULL}, type), parameters: the schema (null for the
     * current schema) and the table name; no rows when the table does not exist. It reads the catalog with exact
     * names, unlike {@code DatabaseMetaData.getColumns}, whose patterns treat {@code _} as a wildcard.
     *
     * @return the query
     */
    public static String columnsQuery() {
        return "SELECT a.attname, a.attnotnull, format_type(a.atttypid, a.atttypmod)"
                + " FROM pg_catalog.pg_attribute a"
                + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = coalesce(?, current_schema()) AND c.relname = ?"
                + " AND c.relkind IN ('r', 'p', 'v', 'f', 'm') AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum";
    }

    private static String columnDefinition(ColumnDefinition column, boolean key) {
        StringBuilder sql = new StringBuilder(quote(column.name()))
                .append(' ')
                .append(PostgresTypes.sqlType(column.name(), column.schema()));
        PostgresTypes.defaultLiteral(column.schema())
                .ifPresent(literal -> sql.append(" DEFAULT ").append(literal));
        if (key || !column.schema().isOptional()) {
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    private static String where(List<String> keyColumns) {
        StringJoiner where = new StringJoiner(" AND ", " WHERE ", "");
        for (String column : keyColumns) {
            where.add(quote(column) + " = ?");
        }
        return where.toString();
    }

    private static String columnList(List<String> columns) {
        StringJoiner list = new StringJoiner(", ");
        for (String column : columns) {
            list.add(quote(column));
        }
        return list.toString();
    }

    private static String parameters(int count) {
        StringJoiner list = new StringJoiner(", ");
        for (int i = 0; i < count; i++) {
            list.add("?");
        }
        return list.toString();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
