package io.kanal.plugins.jdbc.sink;

import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.plugins.jdbc.dialect.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of one put waiting to be sent to one table as a JDBC batch, all with the same statement. Records are
 * bound only when the batch is sent, so a batch costs one pass over its records.
 *
 * <p>For upserts, the batch remembers the keys it holds: PostgreSQL refuses to update one row twice in one {@code
 * INSERT ... ON CONFLICT} statement, which is what the driver makes of a batch, so a record whose key is already in
 * the batch sends the batch first.
 *
 * <p>Threading: owned by the task's thread, for the duration of one put.
 */
final class TableBatch {

    private final TableId table;
    private final boolean upsert;
    private final ErrantRecords errant;
    private final List<SinkRecord> records = new ArrayList<>();
    private final Set<List<Object>> keys = new HashSet<>();
    private WriteStatement statement;
    private List<Object> candidateKey;

    TableBatch(TableId table, InsertMode mode, ErrantRecords errant) {
        this.table = table;
        this.upsert = mode == InsertMode.UPSERT;
        this.errant = errant;
    }

    /** @return how many records wait */
    int size() {
        return records.size();
    }

    /**
     * Whether the batch must be sent before a record joins it: it holds records of another statement, or (upsert)
     * the record's key.
     *
     * @param next the record's statement
     * @param record the record
     * @return {@code true} to flush first
     */
    boolean needsFlushBefore(WriteStatement next, SinkRecord record) {
        candidateKey = upsert ? keyOf(next, record) : null;
        if (records.isEmpty()) {
            return false;
        }
        return next != statement || (candidateKey != null && keys.contains(candidateKey));
    }

    /**
     * Adds a record; call {@link #needsFlushBefore} with it first.
     *
     * @param next the record's statement
     * @param record the record
     */
    void add(WriteStatement next, SinkRecord record) {
        statement = next;
        records.add(record);
        if (candidateKey != null) {
            keys.add(candidateKey);
        }
    }

    /**
     * Binds and sends the waiting records as one batch. A record whose values do not fit is reported and left out.
     *
     * @param connection the put's connection
     * @param prepared the put's prepared statements, by text
     * @throws SQLException when the batch fails
     */
    void flush(Connection connection, Map<String, PreparedStatement> prepared) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        PreparedStatement ps = prepare(connection, prepared, statement);
        int added = 0;
        for (SinkRecord record : records) {
            try {
                statement.bind(ps, record);
            } catch (DataException e) {
                errant.report(record, "to table " + table, e.getMessage(), e);
                continue;
            }
            ps.addBatch();
            added++;
        }
        records.clear();
        keys.clear();
        if (added > 0) {
            ps.executeBatch();
        }
    }

    /**
     * The put's prepared statement for a statement text, prepared on first use.
     *
     * @param connection the put's connection
     * @param prepared the put's prepared statements, by text
     * @param statement the statement
     * @return the prepared statement
     * @throws SQLException when it cannot be prepared
     */
    static PreparedStatement prepare(
            Connection connection, Map<String, PreparedStatement> prepared, WriteStatement statement)
            throws SQLException {
        PreparedStatement ps = prepared.get(statement.sql());
        if (ps == null) {
            ps = connection.prepareStatement(statement.sql());
            prepared.put(statement.sql(), ps);
        }
        return ps;
    }

    /** The record's key values; null when they cannot be read (binding will report the record). */
    private static List<Object> keyOf(WriteStatement statement, SinkRecord record) {
        List<Object> key = new ArrayList<>(statement.keyColumns().size());
        try {
            for (Column column : statement.keyColumns()) {
                key.add(column.valueOf(record));
            }
        } catch (DataException e) {
            return null;
        }
        return key;
    }
}
