package io.kanal.plugins.jdbc.source;

import io.kanal.config.ConfigException;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ParsedConfig;
import io.kanal.plugins.jdbc.connection.ConnectionSettings;
import io.kanal.plugins.jdbc.types.NumericMapping;
import io.kanal.plugins.jdbc.types.TypeOptions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JDBC source's parsed configuration, checked across keys.
 *
 * @param connection where to connect
 * @param mode how to poll
 * @param incrementingColumn the incrementing column; empty for auto-detection (tables only)
 * @param timestampColumns the timestamp columns, in COALESCE order
 * @param timestampInitial where timestamp modes start without an offset: epoch ms, -1 for now, empty for the start
 * @param validateNonNull whether the mode's columns must be NOT NULL
 * @param query the custom query, or empty for tables
 * @param include the tables to copy (empty: all)
 * @param exclude the tables not to copy
 * @param tableTypes the table types listed
 * @param schemaPattern the schema pattern, or empty for all schemas
 * @param catalogPattern the catalog pattern, or empty for all catalogs
 * @param topicPrefix the topic prefix (the topic, for a query)
 * @param pollInterval how often each table is polled
 * @param batchMaxRows the most rows per batch
 * @param timestampDelay how old a timestamp must be before its rows are read
 * @param types how columns map
 */
public record SourceSettings(
        ConnectionSettings connection,
        Mode mode,
        String incrementingColumn,
        List<String> timestampColumns,
        Optional<Long> timestampInitial,
        boolean validateNonNull,
        Optional<String> query,
        List<String> include,
        List<String> exclude,
        List<String> tableTypes,
        Optional<String> schemaPattern,
        Optional<String> catalogPattern,
        String topicPrefix,
        Duration pollInterval,
        int batchMaxRows,
        Duration timestampDelay,
        TypeOptions types) {

    /** Copies the lists. */
    public SourceSettings {
        timestampColumns = List.copyOf(timestampColumns);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        tableTypes = List.copyOf(tableTypes);
    }

    /**
     * Reads and checks a configuration.
     *
     * @param config a configuration parsed with {@link JdbcSourceConfig#CONNECTOR_SPEC} or {@code TASK_SPEC}
     * @return the settings
     * @throws ConfigException for the first problem across keys ({@link #problems} lists them all)
     */
    public static SourceSettings from(ParsedConfig config) {
        List<ConfigProblem> problems = problems(config);
        if (!problems.isEmpty()) {
            throw problems.get(0).toException();
        }
        NumericMapping numeric = config.find(JdbcSourceConfig.NUMERIC_MAPPING)
                .map(NumericMapping::fromConfig)
                .orElse(
                        config.get(JdbcSourceConfig.NUMERIC_PRECISION_MAPPING)
                                ? NumericMapping.PRECISION_ONLY
                                : NumericMapping.NONE);
        return new SourceSettings(
                ConnectionSettings.from(config),
                Mode.fromConfig(config.get(JdbcSourceConfig.MODE)),
                config.get(JdbcSourceConfig.INCREMENTING_COLUMN),
                config.get(JdbcSourceConfig.TIMESTAMP_COLUMNS),
                config.find(JdbcSourceConfig.TIMESTAMP_INITIAL),
                config.get(JdbcSourceConfig.VALIDATE_NON_NULL),
                config.find(JdbcSourceConfig.QUERY).filter(q -> !q.isBlank()),
                either(config.get(JdbcSourceConfig.TABLE_WHITELIST), config.get(JdbcSourceConfig.TABLE_INCLUDE_LIST)),
                either(config.get(JdbcSourceConfig.TABLE_BLACKLIST), config.get(JdbcSourceConfig.TABLE_EXCLUDE_LIST)),
                config.get(JdbcSourceConfig.TABLE_TYPES),
                config.find(JdbcSourceConfig.SCHEMA_PATTERN),
                config.find(JdbcSourceConfig.CATALOG_PATTERN),
                config.get(JdbcSourceConfig.TOPIC_PREFIX),
                Duration.ofMillis(config.get(JdbcSourceConfig.POLL_INTERVAL_MS)),
                config.get(JdbcSourceConfig.BATCH_MAX_ROWS),
                Duration.ofMillis(config.get(JdbcSourceConfig.TIMESTAMP_DELAY_INTERVAL_MS)),
                new TypeOptions(numeric, ZoneId.of(config.get(JdbcSourceConfig.DB_TIMEZONE))));
    }

    /**
     * The problems across keys, each on the key a user should change.
     *
     * @param config the parsed configuration
     * @return the problems; empty when consistent
     */
    public static List<ConfigProblem> problems(ParsedConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        boolean included = !config.get(JdbcSourceConfig.TABLE_WHITELIST).isEmpty()
                || !config.get(JdbcSourceConfig.TABLE_INCLUDE_LIST).isEmpty();
        boolean excluded = !config.get(JdbcSourceConfig.TABLE_BLACKLIST).isEmpty()
                || !config.get(JdbcSourceConfig.TABLE_EXCLUDE_LIST).isEmpty();
        if (included && excluded) {
            problems.add(ConfigProblem.invalidValue(
                    JdbcSourceConfig.TABLE_BLACKLIST.name(),
                    String.join(
                            ",",
                            either(
                                    config.get(JdbcSourceConfig.TABLE_BLACKLIST),
                                    config.get(JdbcSourceConfig.TABLE_EXCLUDE_LIST))),
                    "must not be set together with " + JdbcSourceConfig.TABLE_WHITELIST.name()
                            + ": list the tables to copy or those" + " to leave out, not both"));
        }
        boolean query =
                config.find(JdbcSourceConfig.QUERY).filter(q -> !q.isBlank()).isPresent();
        if (query && (included || excluded)) {
            problems.add(ConfigProblem.invalidValue(
                    JdbcSourceConfig.QUERY.name(),
                    "(a query)",
                    "must not be set together with a table list: a query replaces tables"));
        }
        if (query && config.get(JdbcSourceConfig.TOPIC_PREFIX).isEmpty()) {
            problems.add(ConfigProblem.invalidValue(
                    JdbcSourceConfig.TOPIC_PREFIX.name(),
                    "",
                    "must name the topic when " + JdbcSourceConfig.QUERY.name() + " is set"));
        }
        Mode mode;
        try {
            mode = Mode.fromConfig(config.get(JdbcSourceConfig.MODE));
        } catch (IllegalArgumentException e) {
            return problems; // reported on the key itself by its validator
        }
        if (mode.usesTimestamp()
                && config.get(JdbcSourceConfig.TIMESTAMP_COLUMNS).isEmpty()) {
            problems.add(ConfigProblem.invalidValue(
                    JdbcSourceConfig.TIMESTAMP_COLUMNS.name(),
                    "",
                    "must name at least one column in mode " + mode.configValue()));
        }
        if (mode.usesTimestamp()
                && config.get(JdbcSourceConfig.TIMESTAMP_COLUMNS).stream().anyMatch(String::isEmpty)) {
            problems.add(ConfigProblem.invalidValue(
                    JdbcSourceConfig.TIMESTAMP_COLUMNS.name(),
                    String.join(",", config.get(JdbcSourceConfig.TIMESTAMP_COLUMNS)),
                    "must not contain empty column names"));
        }
        if (mode.usesIncrementing()
                && query
                && config.get(JdbcSourceConfig.INCREMENTING_COLUMN).isEmpty()) {
            problems.add(ConfigProblem.invalidValue(
                    JdbcSourceConfig.INCREMENTING_COLUMN.name(),
                    "",
                    "must name the column with a custom query: only a table's auto-increment column can be found"));
        }
        return problems;
    }

    /** The list a user set under either of two names for the same key (both set: the established name's). */
    private static List<String> either(List<String> established, List<String> alias) {
        return established.isEmpty() ? alias : established;
    }
}
