package io.kanal.plugins.jdbc.source;

import io.kanal.api.errors.PluginException;
import io.kanal.plugins.jdbc.dialect.TableId;
import io.kanal.plugins.jdbc.source.SourceOffsets.Position;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates the querier of a target for the configured mode, after finding a table's auto-increment column when
 * {@code incrementing.column.name} is empty and checking, under {@code validate.non.null}, that the mode's columns of
 * a table exist and are NOT NULL. Stateless; called on the task's thread.
 */
final class QuerierFactory {

    private QuerierFactory() {}

    static Querier create(Connection connection, QueryTarget target, SourceSettings settings, Position start)
            throws SQLException {
        Mode mode = settings.mode();
        if (mode == Mode.BULK) {
            return new BulkQuerier(target, settings);
        }
        String incrementing = settings.incrementingColumn();
        if (mode.usesIncrementing() && incrementing.isEmpty()) {
            TableId table = target.table().orElseThrow(); // a query without the column fails validation
            incrementing = TableLister.autoIncrementColumn(connection, table)
                    .orElseThrow(() -> new PluginException(target.describe() + " has no auto-increment column: set "
                            + JdbcSourceConfig.INCREMENTING_COLUMN.name()));
        }
        if (settings.validateNonNull() && target.table().isPresent()) {
            checkNonNull(connection, target, mode, incrementing, settings.timestampColumns());
        }
        return switch (mode) {
            case INCREMENTING -> new IncrementingQuerier(target, settings, incrementing, start);
            case TIMESTAMP -> new TimestampQuerier(target, settings, settings.timestampColumns(), start);
            case TIMESTAMP_INCREMENTING ->
                new TimestampIncrementingQuerier(target, settings, incrementing, settings.timestampColumns(), start);
            case BULK -> throw new IllegalStateException("handled above");
        };
    }

    /**
     * The incrementing column must be NOT NULL, and at least one timestamp column (the COALESCE of all of them is
     * then never NULL), as the established connector checks.
     */
    private static void checkNonNull(
            Connection connection, QueryTarget target, Mode mode, String incrementing, List<String> timestamps)
            throws SQLException {
        Map<String, Boolean> nullable =
                TableLister.nullability(connection, target.table().orElseThrow());
        List<String> problems = new ArrayList<>();
        List<String> wanted = new ArrayList<>();
        if (mode.usesIncrementing()) {
            wanted.add(incrementing);
        }
        if (mode.usesTimestamp()) {
            wanted.addAll(timestamps);
        }
        for (String column : wanted) {
            if (!nullable.containsKey(column)) {
                problems.add("has no column '" + column + "'");
            }
        }
        if (mode.usesIncrementing() && Boolean.TRUE.equals(nullable.get(incrementing))) {
            problems.add("has a nullable incrementing column '" + incrementing + "'");
        }
        if (mode.usesTimestamp() && timestamps.stream().allMatch(c -> Boolean.TRUE.equals(nullable.get(c)))) {
            problems.add("has no NOT NULL column among the timestamp columns " + timestamps);
        }
        if (!problems.isEmpty()) {
            throw new PluginException(target.describe() + " " + String.join(", ", problems) + " (set "
                    + JdbcSourceConfig.VALIDATE_NON_NULL.name() + "=false to skip this check)");
        }
    }
}
