package io.kanal.plugins.jdbc.source;

import io.kanal.plugins.jdbc.source.SourceOffsets.Position;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code mode=incrementing}: rows whose incrementing column is above the last one read, in its order. Each row's
 * offset is its own value, so a restart resumes exactly after the last row committed. Like the established connector,
 * it cannot see updates, nor rows committed late with a lower value than one already read. Threading as for {@link
 * Querier}.
 */
final class IncrementingQuerier extends Querier {

    IncrementingQuerier(QueryTarget target, SourceSettings settings, String column, Position start) {
        super(target, settings, Optional.of(column), List.of(), start);
    }

    @Override
    String criteria(String quote, Position from) {
        String column = column(incrementingColumn(), quote);
        String where = from.incrementing().isPresent() ? " WHERE " + column + " > ?" : "";
        return where + " ORDER BY " + column + " ASC";
    }

    @Override
    void bind(PreparedStatement statement, Position from, Instant upper) throws SQLException {
        if (from.incrementing().isPresent()) {
            statement.setLong(1, from.incrementing().get());
        }
    }

    @Override
    boolean needsUpperBound() {
        return false;
    }
}
