package io.kanal.plugins.jdbc.source;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.Validators;
import io.kanal.plugins.jdbc.connection.ConnectionSettings;
import io.kanal.plugins.jdbc.types.NumericMapping;
import java.util.List;

/**
 * The JDBC source's configuration keys, named as in the established JDBC source connector so that its users'
 * configurations carry over. Constants only.
 */
public final class JdbcSourceConfig {

    private JdbcSourceConfig() {}

    private static final String MODE_GROUP = "Mode";
    private static final String TABLES_GROUP = "Tables";
    private static final String CONNECTOR_GROUP = "Connector";

    /** How each table (or the query) is polled. */
    public static final ConfigKey<String> MODE = ConfigKey.builder("mode", ConfigType.STRING)
            .required()
            .validator(Validators.oneOf(Mode.configValues().toArray(new String[0])))
            .documentation("The mode for updating a table each time it is polled: bulk (the whole table every poll),"
                    + " incrementing (new rows by a strictly incrementing column), timestamp (new and changed rows by a"
                    + " timestamp column), timestamp+incrementing (both: exact resume even with equal timestamps)")
            .importance(Importance.HIGH)
            .group(MODE_GROUP, 1)
            .build();

    /** The strictly incrementing column of the incrementing modes. */
    public static final ConfigKey<String> INCREMENTING_COLUMN = ConfigKey.builder(
                    "incrementing.column.name", ConfigType.STRING)
            .defaultValue("")
            .documentation("The name of the strictly incrementing column used to detect new rows. Empty means the"
                    + " table's auto-incrementing column (serial, identity), found through the JDBC metadata")
            .importance(Importance.MEDIUM)
            .group(MODE_GROUP, 2)
            .build();

    /** The timestamp columns of the timestamp modes. */
    public static final ConfigKey<List<String>> TIMESTAMP_COLUMNS = ConfigKey.builder(
                    "timestamp.column.name", ConfigType.LIST)
            .defaultValue(List.of())
            .documentation("Comma-separated timestamp columns used to detect new or modified rows; with several, the"
                    + " first non-null one of a row counts (COALESCE)")
            .importance(Importance.MEDIUM)
            .group(MODE_GROUP, 3)
            .build();

    /** Where a timestamp mode starts when no offset is committed. */
    public static final ConfigKey<Long> TIMESTAMP_INITIAL = ConfigKey.builder("timestamp.initial", ConfigType.LONG)
            .documentation("Epoch milliseconds from which a timestamp mode starts when no offset was committed; -1"
                    + " means the current time. Unset: every row")
            .importance(Importance.LOW)
            .group(MODE_GROUP, 4)
            .build();

    /** Whether the mode's columns must be NOT NULL. */
    public static final ConfigKey<Boolean> VALIDATE_NON_NULL = ConfigKey.builder(
                    "validate.non.null", ConfigType.BOOLEAN)
            .defaultValue(true)
            .documentation("Whether to check on start that the incrementing and timestamp columns of every table are"
                    + " NOT NULL (not checked for a custom query)")
            .importance(Importance.LOW)
            .group(MODE_GROUP, 5)
            .build();

    /** A custom query instead of whole tables. */
    public static final ConfigKey<String> QUERY = ConfigKey.builder("query", ConfigType.STRING)
            .defaultValue("")
            .documentation("A custom query to run instead of copying tables; its records go to the topic named by"
                    + " topic.prefix, and it is run by one task. In the incrementing and timestamp modes it is wrapped"
                    + " as SELECT * FROM (<query>) with the mode's criteria, so it may have its own WHERE clause")
            .importance(Importance.MEDIUM)
            .group(MODE_GROUP, 6)
            .build();

    /** Tables to copy. */
    public static final ConfigKey<List<String>> TABLE_WHITELIST = ConfigKey.builder("table.whitelist", ConfigType.LIST)
            .defaultValue(List.of())
            .documentation("Tables to copy (name, schema.name or catalog.schema.name); if set, table.blacklist may not"
                    + " be")
            .importance(Importance.MEDIUM)
            .group(TABLES_GROUP, 1)
            .build();

    /** Tables not to copy. */
    public static final ConfigKey<List<String>> TABLE_BLACKLIST = ConfigKey.builder("table.blacklist", ConfigType.LIST)
            .defaultValue(List.of())
            .documentation("Tables not to copy (name, schema.name or catalog.schema.name); if set, table.whitelist may"
                    + " not be")
            .importance(Importance.MEDIUM)
            .group(TABLES_GROUP, 2)
            .build();

    /** Another name for {@link #TABLE_WHITELIST}. */
    public static final ConfigKey<List<String>> TABLE_INCLUDE_LIST = ConfigKey.builder(
                    "table.include.list", ConfigType.LIST)
            .defaultValue(List.of())
            .documentation("Another name for table.whitelist")
            .importance(Importance.LOW)
            .group(TABLES_GROUP, 3)
            .build();

    /** Another name for {@link #TABLE_BLACKLIST}. */
    public static final ConfigKey<List<String>> TABLE_EXCLUDE_LIST = ConfigKey.builder(
                    "table.exclude.list", ConfigType.LIST)
            .defaultValue(List.of())
            .documentation("Another name for table.blacklist")
            .importance(Importance.LOW)
            .group(TABLES_GROUP, 4)
            .build();

    /** The kinds of table listed. */
    public static final ConfigKey<List<String>> TABLE_TYPES = ConfigKey.builder("table.types", ConfigType.LIST)
            .defaultValue(List.of("TABLE"))
            .validator(Validators.nonEmptyList())
            .documentation("The table types to copy, as the JDBC metadata names them: TABLE, VIEW, MATERIALIZED VIEW,"
                    + " ...")
            .importance(Importance.LOW)
            .group(TABLES_GROUP, 5)
            .build();

    /** The schemas whose tables are listed. */
    public static final ConfigKey<String> SCHEMA_PATTERN = ConfigKey.builder("schema.pattern", ConfigType.STRING)
            .documentation("A JDBC metadata pattern (% and _ wildcards) of the schemas whose tables are listed; unset"
                    + " lists every schema")
            .importance(Importance.MEDIUM)
            .group(TABLES_GROUP, 6)
            .build();

    /** The catalogs whose tables are listed. */
    public static final ConfigKey<String> CATALOG_PATTERN = ConfigKey.builder("catalog.pattern", ConfigType.STRING)
            .documentation("A JDBC metadata pattern of the catalogs whose tables are listed; unset lists every catalog")
            .importance(Importance.LOW)
            .group(TABLES_GROUP, 7)
            .build();

    /** Prefix of every topic; the topic itself for a query. */
    public static final ConfigKey<String> TOPIC_PREFIX = ConfigKey.builder("topic.prefix", ConfigType.STRING)
            .required()
            .documentation("Prefix prepended to table names to name their topics; with a custom query, the topic")
            .importance(Importance.HIGH)
            .group(CONNECTOR_GROUP, 1)
            .build();

    /** How often each table is polled. */
    public static final ConfigKey<Integer> POLL_INTERVAL_MS = ConfigKey.builder("poll.interval.ms", ConfigType.INT)
            .defaultValue(5000)
            .validator(Validators.atLeast(0))
            .documentation("How often, in milliseconds, each table is polled for new data")
            .importance(Importance.HIGH)
            .group(CONNECTOR_GROUP, 2)
            .build();

    /** Rows per batch. */
    public static final ConfigKey<Integer> BATCH_MAX_ROWS = ConfigKey.builder("batch.max.rows", ConfigType.INT)
            .defaultValue(100)
            .validator(Validators.atLeast(1))
            .documentation("The most rows in one batch (one poll); also the JDBC fetch size, which bounds the rows"
                    + " held in memory")
            .importance(Importance.LOW)
            .group(CONNECTOR_GROUP, 3)
            .build();

    /** How long a timestamp must be in the past before its rows are read. */
    public static final ConfigKey<Long> TIMESTAMP_DELAY_INTERVAL_MS = ConfigKey.builder(
                    "timestamp.delay.interval.ms", ConfigType.LONG)
            .defaultValue(0L)
            .validator(Validators.atLeast(0L))
            .documentation("How long, in milliseconds, after a row's timestamp (by the database's clock) before the"
                    + " row is read, so that transactions with earlier timestamps have committed")
            .importance(Importance.HIGH)
            .group(CONNECTOR_GROUP, 4)
            .build();

    /** How numerics map. */
    public static final ConfigKey<String> NUMERIC_MAPPING = ConfigKey.builder("numeric.mapping", ConfigType.STRING)
            .validator(
                    Validators.oneOfIgnoringCase(NumericMapping.configValues().toArray(new String[0])))
            .documentation("How NUMERIC/DECIMAL columns map: none (Decimal), precision_only (integral columns to INT8"
                    + " to INT64 by precision), best_fit (also fractional ones of precision below 19 to FLOAT64),"
                    + " best_fit_eager_double (every fractional one to FLOAT64). Unset: none, or precision_only when"
                    + " numeric.precision.mapping is true")
            .importance(Importance.LOW)
            .group(CONNECTOR_GROUP, 5)
            .build();

    /** The deprecated boolean form of {@link #NUMERIC_MAPPING}. */
    public static final ConfigKey<Boolean> NUMERIC_PRECISION_MAPPING = ConfigKey.builder(
                    "numeric.precision.mapping", ConfigType.BOOLEAN)
            .defaultValue(false)
            .documentation("Deprecated: true means numeric.mapping=precision_only when numeric.mapping is unset")
            .importance(Importance.LOW)
            .group(CONNECTOR_GROUP, 6)
            .build();

    /** The zone of local timestamps. */
    public static final ConfigKey<String> DB_TIMEZONE = ConfigKey.builder("db.timezone", ConfigType.STRING)
            .defaultValue("UTC")
            .validator(ConnectionSettings.zoneId())
            .documentation("The time zone of TIMESTAMP WITHOUT TIME ZONE values (and of timestamp offsets compared"
                    + " with them); TIMESTAMP WITH TIME ZONE values are instants already")
            .importance(Importance.MEDIUM)
            .group(CONNECTOR_GROUP, 7)
            .build();

    /** Internal: the tables of one task, written by the connector. */
    public static final ConfigKey<String> TABLES = ConfigKey.builder("tables", ConfigType.STRING)
            .defaultValue("")
            .documentation("Internal: the tables this task copies, as the connector assigned them")
            .importance(Importance.LOW)
            .build();

    /** The connector's keys. */
    public static final ConfigSpec CONNECTOR_SPEC = ConnectionSettings.define(ConfigSpec.builder())
            .define(MODE)
            .define(INCREMENTING_COLUMN)
            .define(TIMESTAMP_COLUMNS)
            .define(TIMESTAMP_INITIAL)
            .define(VALIDATE_NON_NULL)
            .define(QUERY)
            .define(TABLE_WHITELIST)
            .define(TABLE_BLACKLIST)
            .define(TABLE_INCLUDE_LIST)
            .define(TABLE_EXCLUDE_LIST)
            .define(TABLE_TYPES)
            .define(SCHEMA_PATTERN)
            .define(CATALOG_PATTERN)
            .define(TOPIC_PREFIX)
            .define(POLL_INTERVAL_MS)
            .define(BATCH_MAX_ROWS)
            .define(TIMESTAMP_DELAY_INTERVAL_MS)
            .define(NUMERIC_MAPPING)
            .define(NUMERIC_PRECISION_MAPPING)
            .define(DB_TIMEZONE)
            .build();

    /** A task's keys: the connector's and its tables. */
    public static final ConfigSpec TASK_SPEC =
            ConfigSpec.builder().include(CONNECTOR_SPEC).define(TABLES).build();
}
