package io.kanal.plugins.jdbc.source;

import io.kanal.plugins.jdbc.source.SourceOffsets.Position;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code mode=bulk}: every run reads the whole table (or runs the query as it is); records carry no offset, so a
 * restart reads everything again. Threading as for {@link Querier}.
 */
final class BulkQuerier extends Querier {

    BulkQuerier(QueryTarget target, SourceSettings settings) {
        super(target, settings, Optional.empty(), List.of(), Position.START);
    }

    @Override
    String criteria(String quote, Position from) {
        return "";
    }

    @Override
    void bind(PreparedStatement statement, Position from, Instant upper) {
        // No parameters.
    }

    @Override
    boolean needsUpperBound() {
        return false;
    }

    @Override
    Position advance(Position current, Row row, Row next) {
        return Position.START;
    }

    @Override
    boolean wrapsQuery() {
        return false;
    }
}
