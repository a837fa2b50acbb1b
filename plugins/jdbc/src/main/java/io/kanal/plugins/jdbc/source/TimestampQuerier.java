package io.kanal.plugins.jdbc.source;

import io.kanal.plugins.jdbc.source.SourceOffsets.Position;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code mode=timestamp}: rows whose timestamp is after the last one read and before the database's current time
 * less {@code timestamp.delay.interval.ms}, in timestamp order.
 *
 * <p>Several rows may share a timestamp, and the offset is only a timestamp: a record's offset therefore moves to its
 * timestamp only when it is the last row of that timestamp in the run; until then it keeps the previous timestamp.
 * A restart in the middle of a group of equal timestamps then reads the whole group again (duplicates) instead of
 * skipping the rest of it (losses), which is what the established connector does. Threading as for {@link Querier}.
 */
final class TimestampQuerier extends Querier {

    TimestampQuerier(QueryTarget target, SourceSettings settings, List<String> columns, Position start) {
        super(target, settings, Optional.empty(), columns, start);
    }

    @Override
    String criteria(String quote, Position from) {
        String ts = timestampExpression(timestampColumns(), quote);
        String lower = from.timestamp().isPresent() ? ts + " > ? AND " : "";
        return " WHERE " + lower + ts + " < ? ORDER BY " + ts + " ASC";
    }

    @Override
    void bind(PreparedStatement statement, Position from, Instant upper) throws SQLException {
        int index = 1;
        if (from.timestamp().isPresent()) {
            bindTimestamp(statement, index++, from.timestamp().get());
        }
        bindTimestamp(statement, index, upper);
    }

    @Override
    boolean needsUpperBound() {
        return true;
    }

    @Override
    Position advance(Position current, Row row, Row next) {
        if (next != null && next.position().timestamp().equals(row.position().timestamp())) {
            return current; // more rows of this timestamp follow: resuming at it would skip them
        }
        return row.position();
    }
}
