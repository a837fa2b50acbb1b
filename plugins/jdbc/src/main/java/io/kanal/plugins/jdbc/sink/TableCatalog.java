package io.kanal.plugins.jdbc.sink;

import io.kanal.api.errors.DataException;
import io.kanal.plugins.jdbc.dialect.ColumnDefinition;
import io.kanal.plugins.jdbc.dialect.PostgresDialect;
import io.kanal.plugins.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the task knows of its tables: the column names of each, read from the catalog once, and which column mappings
 * each table was found ready for. Missing tables are created ({@code auto.create}) and missing columns added ({@code
 * auto.evolve}) here, each in a transaction of its own committed before the put's writes start, so that a put rolled
 * back never takes a table change with it. Columns are never dropped or altered.
 *
 * <p>The cache is trusted: a table changed behind the task's back (a column dropped) fails the statements, and the
 * task's restart reads the catalog again.
 *
 * <p>Threading: owned by the task's thread.
 */
final class TableCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(TableCatalog.class);

    private static final Set<String> RACES = Set.of("23505", "42P07", "42701");

    private record Readiness(TableId table, RecordMapping mapping) {}

    private final boolean autoCreate;
    private final boolean autoEvolve;
    private final Map<TableId, Set<String>> columns = new HashMap<>();
    private final Set<Readiness> ready = new HashSet<>();

    TableCatalog(boolean autoCreate, boolean autoEvolve) {
        this.autoCreate = autoCreate;
        this.autoEvolve = autoEvolve;
    }

    /**
     * Makes sure a table exists with every column of a mapping, creating or evolving it when allowed. Cheap once a
     * table was found ready for the mapping.
     *
     * @param connection the put's connection, with no writes pending
     * @param table the table
     * @param mapping the columns the records need
     * @throws SQLException when the catalog cannot be read or a change fails
     * @throws DataException when the table or columns are missing and may not be created
     */
    void ensureReady(Connection connection, TableId table, RecordMapping mapping) throws SQLException {
        Readiness key = new Readiness(table, mapping);
        if (ready.contains(key)) {
            return;
        }
        Set<String> existing = columns.get(table);
        if (existing == null) {
            existing = readColumns(connection, table);
        }
        if (existing.isEmpty()) {
            if (!autoCreate) {
                throw new DataException("table " + table + " does not exist; create it or set auto.create=true");
            }
            if (mapping.delete()) {
                throw new DataException("table " + table + " does not exist and a tombstone has no value schema to"
                        + " create it from");
            }
            LOG.info("Creating table {} with columns {} and primary key {}", table, names(mapping), mapping.keyNames());
            execute(connection, PostgresDialect.createTable(table, mapping.definitions(), mapping.keyNames()));
            existing = readColumns(connection, table);
        }
        List<ColumnDefinition> missing = new ArrayList<>();
        for (Column column : mapping.allColumns()) {
            if (!existing.contains(column.name())) {
                missing.add(column.definition());
            }
        }
        if (!missing.isEmpty()) {
            addColumns(connection, table, missing);
            existing = readColumns(connection, table);
        }
        columns.put(table, existing);
        ready.add(key);
    }

    private void addColumns(Connection connection, TableId table, List<ColumnDefinition> missing) throws SQLException {
        List<String> names = missing.stream().map(ColumnDefinition::name).toList();
        if (!autoEvolve) {
            throw new DataException(
                    "table " + table + " has no column " + names + "; add them or set auto.evolve=true");
        }
        for (ColumnDefinition column : missing) {
            if (!column.schema().isOptional() && column.schema().defaultValue() == null) {
                throw new DataException("table " + table + " has no column '" + column.name()
                        + "', and auto.evolve cannot add it: its field is required and has no default, and the"
                        + " table's existing rows have no value for it");
            }
        }
        LOG.info("Adding columns {} to table {}", names, table);
        execute(connection, PostgresDialect.addColumns(table, missing));
    }

    private static Set<String> readColumns(Connection connection, TableId table) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (PreparedStatement query = connection.prepareStatement(PostgresDialect.columnsQuery())) {
            query.setString(1, table.schema().isEmpty() ? null : table.schema());
            query.setString(2, table.name());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        connection.commit();
        return names;
    }

    /**
     * Runs a change in its own transaction. Another task of the connector may make the same change at the same time:
     * {@code IF NOT EXISTS} does not stop PostgreSQL from then reporting a duplicate ({@code 23505} on its catalog,
     * {@code 42P07}, {@code 42701}), which means the change is there.
     */
    private static void execute(Connection connection, String ddl) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl);
            connection.commit();
        } catch (SQLException e) {
            RecordWriter.rollback(connection, e);
            if (!RACES.contains(e.getSQLState())) {
                throw e;
            }
            LOG.debug("Another task changed the table first ({}): {}", e.getSQLState(), ddl);
        }
    }

    private static List<String> names(RecordMapping mapping) {
        return mapping.allColumns().stream().map(Column::name).toList();
    }
}
