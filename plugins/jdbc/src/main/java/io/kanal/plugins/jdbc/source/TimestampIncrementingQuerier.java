package io.kanal.plugins.jdbc.source;

import io.kanal.plugins.jdbc.source.SourceOffsets.Position;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code mode=timestamp+incrementing}: rows after the last (timestamp, incrementing) pair read, ordered by both and
 * before the database's current time less {@code timestamp.delay.interval.ms}. The pair is unique, so every row has
 * its own offset and a restart resumes exactly; changed rows are read again when their timestamp moves. Threading as
 * for {@link Querier}.
 */
final class TimestampIncrementingQuerier extends Querier {

    TimestampIncrementingQuerier(
            QueryTarget target,
            SourceSettings settings,
            String incrementingColumn,
            List<String> timestampColumns,
            Position start) {
        super(target, settings, Optional.of(incrementingColumn), timestampColumns, start);
    }

    @Override
    String criteria(String quote, Position from) {
        String ts = timestampExpression(timestampColumns(), quote);
        String inc = column(incrementingColumn(), quote);
        String lower =
                from.timestamp().isPresent() ? " AND ((" + ts + " = ? AND " + inc + " > ?) OR " + ts + " > ?)" : "";
        return " WHERE " + ts + " < ?" + lower + " ORDER BY " + ts + " ASC, " + inc + " ASC";
    }

    @Override
    void bind(PreparedStatement statement, Position from, Instant upper) throws SQLException {
        bindTimestamp(statement, 1, upper);
        if (from.timestamp().isPresent()) {
            Instant ts = from.timestamp().get();
            bindTimestamp(statement, 2, ts);
            // An offset with a timestamp only (timestamp.initial, or one written in timestamp mode) starts the
            // timestamp's rows from the lowest incrementing value.
            statement.setLong(3, from.incrementing().orElse(Long.MIN_VALUE));
            bindTimestamp(statement, 4, ts);
        }
    }

    @Override
    boolean needsUpperBound() {
        return true;
    }
}
