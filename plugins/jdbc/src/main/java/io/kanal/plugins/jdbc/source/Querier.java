package io.kanal.plugins.jdbc.source;

import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.api.source.SourceRecord;
import io.kanal.plugins.jdbc.dialect.TableId;
import io.kanal.plugins.jdbc.source.SourceOffsets.Position;
import io.kanal.plugins.jdbc.types.RowMapper;
import io.kanal.plugins.jdbc.types.Temporals;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one table (or the custom query) in one mode. A <em>run</em> executes the mode's statement once and streams
 * its result set in batches of {@code batch.max.rows} (the fetch size too, so the driver holds no more rows than a
 * batch); when the result set is exhausted the run ends and the next one is due {@code poll.interval.ms} later.
 *
 * <p>Every record carries the position it completes as its source offset, and the querier keeps the position of the
 * last record it returned: a run cut short by a failure starts again from there, so a row is never skipped. Rows are
 * read one ahead, so that a mode can tell whether a row is the last one of its timestamp (see {@link
 * #advance}).
 *
 * <p>Threading: owned by the task's thread, like the connection it runs on.
 */
abstract class Querier {

    private static final Logger LOG = LoggerFactory.getLogger(Querier.class);

    /** A row read: its value and the position it completes. */
    record Row(Struct value, Position position) {}

    protected final QueryTarget target;
    protected final SourceSettings settings;
    private final Optional<String> incrementingColumn;
    private final List<String> timestampColumns;

    private Position position;
    private long nextRunMs;

    private PreparedStatement statement;
    private ResultSet rows;
    private RowMapper mapper;
    private int incrementingIndex;
    private int[] timestampIndexes;
    private boolean[] timestampZoned;
    private Row pending;
    private boolean reportedSkipped;

    Querier(
            QueryTarget target,
            SourceSettings settings,
            Optional<String> incrementingColumn,
            List<String> timestampColumns,
            Position start) {
        this.target = target;
        this.settings = settings;
        this.incrementingColumn = incrementingColumn;
        this.timestampColumns = List.copyOf(timestampColumns);
        this.position = start;
    }

    /** The mode's WHERE and ORDER BY clauses, given whether the run has a lower bound. */
    abstract String criteria(String quote, Position from);

    /** Binds the parameters of {@link #criteria}, in order. */
    abstract void bind(PreparedStatement statement, Position from, Instant upper) throws SQLException;

    /** Whether the statement needs the database's clock (the timestamp modes' upper bound). */
    abstract boolean needsUpperBound();

    /**
     * The position after returning {@code row}, knowing the row after it ({@code null} at the end of the run). By
     * default the row's own position: every row has a distinct one.
     */
    Position advance(Position current, Row row, Row next) {
        return row.position();
    }

    /** Whether the statement wraps a custom query as a derived table. */
    boolean wrapsQuery() {
        return true;
    }

    final QueryTarget target() {
        return target;
    }

    final Position position() {
        return position;
    }

    final long nextRunMs() {
        return nextRunMs;
    }

    final boolean isRunning() {
        return rows != null;
    }

    /**
     * Starts a run: executes the statement on the connection (which is in a transaction of its own, auto-commit off,
     * so the driver streams rows by the fetch size).
     */
    final void start(Connection connection, String quote) throws SQLException {
        Instant upper = null;
        if (needsUpperBound()) {
            Instant now = databaseNow(connection);
            upper = now.minus(settings.timestampDelay());
            if (position.timestamp().isEmpty() && settings.timestampInitial().isPresent()) {
                long initial = settings.timestampInitial().get();
                position = new Position(
                        position.incrementing(), Optional.of(initial == -1 ? now : Instant.ofEpochMilli(initial)));
            }
        }
        // A custom query this mode does not wrap (bulk) runs as written; every other relation gets the mode's criteria.
        String sql = target.query().isPresent() && !wrapsQuery()
                ? target.query().get()
                : "SELECT * FROM " + target.from(quote, wrapsQuery()) + criteria(quote, position);
        statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(settings.batchMaxRows());
        bind(statement, position, upper);
        rows = statement.executeQuery();
        ResultSetMetaData metadata = rows.getMetaData();
        mapper = RowMapper.of(target.schemaName(), metadata, settings.types(), target.describe());
        if (!reportedSkipped && !mapper.skippedColumns().isEmpty()) {
            reportedSkipped = true;
            LOG.warn("{}: columns without a mapping are left out: {}", target.describe(), mapper.skippedColumns());
        }
        incrementingIndex = incrementingColumn.isPresent() ? index(metadata, incrementingColumn.get()) : 0;
        timestampIndexes = new int[timestampColumns.size()];
        timestampZoned = new boolean[timestampColumns.size()];
        for (int i = 0; i < timestampIndexes.length; i++) {
            int column = index(metadata, timestampColumns.get(i));
            timestampIndexes[i] = column;
            timestampZoned[i] =
                    Temporals.isZonedTimestamp(metadata.getColumnType(column), metadata.getColumnTypeName(column));
        }
        pending = fetch();
    }

    /**
     * Returns up to {@code max} records of the run. The querier's position moves only when all of them were read, so
     * a failure half-way leaves it at the last record returned by an earlier call.
     */
    final List<SourceRecord> read(int max) throws SQLException {
        List<SourceRecord> records = new ArrayList<>(Math.min(max, 1024));
        Position current = position;
        while (records.size() < max && pending != null) {
            Row row = pending;
            pending = fetch();
            current = advance(current, row, pending);
            Map<String, Object> offset = current.equals(Position.START) ? null : current.toMap();
            records.add(new SourceRecord(
                    target.partition(),
                    offset,
                    target.topic(),
                    null,
                    null,
                    null,
                    row.value().schema(),
                    row.value()));
        }
        position = current;
        return records;
    }

    /** Whether the run has returned every row. */
    final boolean exhausted() {
        return pending == null;
    }

    /** Ends the run and schedules the next one. */
    final void finish(long nowMs) throws SQLException {
        close();
        nextRunMs = nowMs + settings.pollInterval().toMillis();
    }

    /** Ends the run after a failure, without rescheduling; a failure to close joins the first one. */
    final void abort(Exception failure) {
        try {
            close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private void close() throws SQLException {
        pending = null;
        mapper = null;
        ResultSet r = rows;
        PreparedStatement s = statement;
        rows = null;
        statement = null;
        try {
            if (r != null) {
                r.close();
            }
        } finally {
            if (s != null) {
                s.close();
            }
        }
    }

    private Row fetch() throws SQLException {
        if (!rows.next()) {
            return null;
        }
        Struct value = mapper.read(rows);
        Optional<Long> incrementing = Optional.empty();
        if (incrementingIndex > 0) {
            long v = rows.getLong(incrementingIndex);
            if (rows.wasNull()) {
                throw new DataException(target.describe() + ": the incrementing column '" + incrementingColumn.get()
                        + "' is NULL in a row; it must be NOT NULL");
            }
            incrementing = Optional.of(v);
        }
        Optional<Instant> timestamp = Optional.empty();
        for (int i = 0; i < timestampIndexes.length && timestamp.isEmpty(); i++) {
            timestamp = Optional.ofNullable(Temporals.instant(
                    rows,
                    timestampIndexes[i],
                    timestampZoned[i],
                    settings.types().dbZone()));
        }
        if (timestampIndexes.length > 0 && timestamp.isEmpty()) {
            throw new DataException(
                    target.describe() + ": every timestamp column " + timestampColumns + " is NULL in a row");
        }
        return new Row(value, new Position(incrementing, timestamp));
    }

    private int index(ResultSetMetaData metadata, String column) throws SQLException {
        int caseInsensitive = 0;
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            String label = metadata.getColumnLabel(i);
            if (label.equals(column)) {
                return i;
            }
            if (caseInsensitive == 0 && label.equalsIgnoreCase(column)) {
                caseInsensitive = i;
            }
        }
        if (caseInsensitive > 0) {
            return caseInsensitive;
        }
        throw new DataException(target.describe() + " has no column '" + column + "'");
    }

    /** The database's clock, not ours: the delay is measured against the clock that wrote the timestamps. */
    private static Instant databaseNow(Connection connection) throws SQLException {
        try (PreparedStatement now = connection.prepareStatement("SELECT CURRENT_TIMESTAMP");
                ResultSet result = now.executeQuery()) {
            result.next();
            return result.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    /** The SQL for a column. */
    static String column(String name, String quote) {
        return TableId.quote(name, quote);
    }

    /** The timestamp expression: the column, or the first non-null of several. */
    static String timestampExpression(List<String> columns, String quote) {
        if (columns.size() == 1) {
            return column(columns.get(0), quote);
        }
        return "COALESCE("
                + String.join(", ", columns.stream().map(c -> column(c, quote)).toList()) + ")";
    }

    /**
     * Binds a timestamp so that the database compares it right with both kinds of column: as text with its offset in
     * {@code db.timezone} and no declared type, a {@code timestamp} column takes the local time (in {@code
     * db.timezone}) and a {@code timestamptz} column the instant.
     */
    final void bindTimestamp(PreparedStatement statement, int index, Instant instant) throws SQLException {
        Calendar calendar =
                Calendar.getInstance(TimeZone.getTimeZone(settings.types().dbZone()));
        statement.setTimestamp(index, Timestamp.from(instant), calendar);
    }

    final List<String> timestampColumns() {
        return timestampColumns;
    }

    final String incrementingColumn() {
        return incrementingColumn.orElseThrow();
    }
}
