package io.kanal.plugins.jdbc.sink;

import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.plugins.jdbc.connection.SqlErrors;
import io.kanal.plugins.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the records of one put in one transaction, in three steps:
 *
 * <ol>
 *   <li><b>route</b>: each record gets its table and column mapping (cached per topic and per schema pair), and each
 *       table is made ready for each mapping ({@link TableCatalog}: created or evolved, committed on its own). A
 *       record that cannot be mapped (no schema, a tombstone with deletes off, ...) is reported here;
 *   <li><b>batched</b>: records go to one buffer per table, in order; a buffer is sent as one JDBC batch when it
 *       holds {@code batch.size} records, when the next record of its table needs another statement (another schema,
 *       an insert after a delete), when an upsert meets a key already in the batch (PostgreSQL refuses to upsert one
 *       row twice in one rewritten statement), and at the end; then one commit;
 *   <li><b>isolated</b>, only after a batch failed with an error about a record (a constraint, a bad value): the
 *       transaction is rolled back and the put written again record by record, each under a savepoint, so that the
 *       failing records are found and reported and the others committed.
 * </ol>
 *
 * Retriable errors and errors about the setup (see {@link SqlErrors}) roll back and propagate: no partial put is ever
 * committed. Prepared statements are made once per put for each statement text (the driver keeps them prepared on the
 * server across puts).
 *
 * <p>Threading: owned by the task's thread.
 */
final class RecordWriter {

    private record Routed(SinkRecord record, TableId table, WriteStatement statement) {}

    private record StatementKey(TableId table, RecordMapping mapping) {}

    private final JdbcSinkConfig config;
    private final TableNames tables;
    private final RecordMapper mapper;
    private final TableCatalog catalog;
    private final ErrantRecords errant;
    private final Map<StatementKey, Optional<WriteStatement>> statements = new HashMap<>();

    RecordWriter(JdbcSinkConfig config, ErrantRecords errant) {
        this.config = config;
        this.tables = new TableNames(config.tableNameFormat());
        this.mapper = new RecordMapper(config);
        this.catalog = new TableCatalog(config.autoCreate(), config.autoEvolve());
        this.errant = errant;
    }

    /**
     * Writes a put's records and commits, or rolls back and throws.
     *
     * @param connection a connection without auto-commit and without pending writes
     * @param records the records
     * @return how many records were written (or found to need no write)
     * @throws SQLException a retriable error or one about the setup, after rollback
     */
    int write(Connection connection, Collection<SinkRecord> records) throws SQLException {
        errant.clear();
        List<Routed> routed;
        try {
            routed = route(connection, records);
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        }
        // Closed by HikariCP when the connection goes back to the pool.
        Map<String, PreparedStatement> prepared = new HashMap<>();
        SQLException batchFailure = attempt(connection, () -> writeBatched(connection, routed, prepared));
        if (batchFailure != null) {
            if (SqlErrors.isRetriable(batchFailure) || SqlErrors.isAboutSetup(batchFailure)) {
                throw batchFailure;
            }
            SQLException isolatedFailure = attempt(connection, () -> writeIsolated(connection, routed, prepared));
            if (isolatedFailure != null) {
                // Not attached to it: the batch's failure quotes its statement's values, the isolated one is the
                // cause that matters.
                throw isolatedFailure;
            }
        }
        return records.size() - errant.count();
    }

    private List<Routed> route(Connection connection, Collection<SinkRecord> records) throws SQLException {
        List<Routed> routed = new ArrayList<>(records.size());
        // The previous record's table, mapping and statement: consecutive records usually share them, and the
        // lookups hash whole schemas.
        TableId lastTable = null;
        RecordMapping lastMapping = null;
        WriteStatement lastStatement = null;
        for (SinkRecord record : records) {
            TableId table = null;
            try {
                table = tables.tableOf(record.topic());
                RecordMapping mapping = mapper.mappingOf(record);
                WriteStatement statement;
                if (table == lastTable && mapping == lastMapping) {
                    statement = lastStatement;
                } else {
                    catalog.ensureReady(connection, table, mapping);
                    statement = statements
                            .computeIfAbsent(
                                    new StatementKey(table, mapping),
                                    k -> Optional.ofNullable(
                                            WriteStatement.of(k.table(), k.mapping(), config.insertMode())))
                            .orElse(null);
                    lastTable = table;
                    lastMapping = mapping;
                    lastStatement = statement;
                }
                if (statement != null) {
                    routed.add(new Routed(record, table, statement));
                }
            } catch (DataException e) {
                errant.report(record, table == null ? "" : "to table " + table, e.getMessage(), e);
            }
        }
        return routed;
    }

    private void writeBatched(Connection connection, List<Routed> routed, Map<String, PreparedStatement> prepared)
            throws SQLException {
        Map<TableId, TableBatch> batches = new LinkedHashMap<>();
        for (Routed r : routed) {
            TableBatch batch = batches.computeIfAbsent(r.table(), t -> new TableBatch(t, config.insertMode(), errant));
            if (batch.needsFlushBefore(r.statement(), r.record())) {
                batch.flush(connection, prepared);
            }
            batch.add(r.statement(), r.record());
            if (batch.size() >= config.batchSize()) {
                batch.flush(connection, prepared);
            }
        }
        for (TableBatch batch : batches.values()) {
            batch.flush(connection, prepared);
        }
    }

    private void writeIsolated(Connection connection, List<Routed> routed, Map<String, PreparedStatement> prepared)
            throws SQLException {
        for (Routed r : routed) {
            if (errant.wasReported(r.record())) {
                continue;
            }
            PreparedStatement statement = TableBatch.prepare(connection, prepared, r.statement());
            try {
                r.statement().bind(statement, r.record());
            } catch (DataException e) {
                errant.report(r.record(), "to table " + r.table(), e.getMessage(), e);
                continue;
            }
            Savepoint savepoint = connection.setSavepoint();
            try {
                statement.executeUpdate();
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                if (SqlErrors.isRetriable(e) || SqlErrors.isAboutSetup(e)) {
                    throw e;
                }
                connection.rollback(savepoint);
                // The driver's exception is not attached: its message may quote the row.
                errant.report(r.record(), "to table " + r.table(), SqlErrors.describe(e), null);
            }
        }
    }

    /** Writes, in the put's transaction. */
    @FunctionalInterface
    private interface Writes {
        void run() throws SQLException;
    }

    /**
     * Runs the writes and commits; on failure rolls back and returns the SQL failure, or rethrows any other.
     *
     * @return null on success, else the failure, after rollback
     */
    private static SQLException attempt(Connection connection, Writes writes) {
        try {
            writes.run();
            connection.commit();
            return null;
        } catch (SQLException e) {
            rollback(connection, e);
            return e;
        } catch (RuntimeException e) {
            // A record reported without a reporter: nothing of this put is committed.
            rollback(connection, e);
            throw e;
        }
    }

    /** Rolls back after a failure, keeping the failure as the exception that matters. */
    static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
