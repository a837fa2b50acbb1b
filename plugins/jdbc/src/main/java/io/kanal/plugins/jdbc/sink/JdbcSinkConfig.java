package io.kanal.plugins.jdbc.sink;

import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import io.kanal.plugins.jdbc.connection.ConnectionSettings;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The JDBC sink's configuration, with the established JDBC sink's key names so that users' configurations carry over:
 * the shared connection keys, {@code insert.mode}, {@code pk.mode}, {@code pk.fields}, {@code fields.whitelist},
 * {@code table.name.format}, {@code auto.create}, {@code auto.evolve}, {@code delete.enabled}, {@code batch.size},
 * {@code max.retries}, {@code retry.backoff.ms} and {@code db.timezone}. Immutable.
 *
 * @param connection where to connect
 * @param insertMode how records are written
 * @param pkMode where the primary key comes from
 * @param pkFields the key's column names (their meaning depends on {@code pkMode}); may be empty
 * @param fieldsWhitelist the value fields written as columns besides the key; empty for all
 * @param tableNameFormat the table name, with {@code ${topic}} for the record's topic
 * @param autoCreate whether missing tables are created
 * @param autoEvolve whether missing columns are added
 * @param deleteEnabled whether a record with a null value deletes its key's row
 * @param batchSize the most rows sent in one JDBC batch
 * @param maxRetries how many times a retriable failure is retried before the task fails
 * @param retryBackoffMs how long to wait before a retry
 * @param dbTimeZone the time zone of timestamps without zone, and of the sink's database sessions
 */
public record JdbcSinkConfig(
        ConnectionSettings connection,
        InsertMode insertMode,
        PrimaryKeyMode pkMode,
        List<String> pkFields,
        Set<String> fieldsWhitelist,
        String tableNameFormat,
        boolean autoCreate,
        boolean autoEvolve,
        boolean deleteEnabled,
        int batchSize,
        int maxRetries,
        long retryBackoffMs,
        ZoneId dbTimeZone) {

    /** {@code insert.mode}. */
    public static final ConfigKey<String> INSERT_MODE = ConfigKey.builder("insert.mode", ConfigType.STRING)
            .defaultValue("insert")
            .validator(Validators.enumName(InsertMode.class))
            .documentation("The insertion mode: insert (plain INSERT), upsert (INSERT ... ON CONFLICT (key) DO UPDATE),"
                    + " or update (UPDATE ... WHERE key); upsert and update need a pk.mode other than none")
            .importance(Importance.HIGH)
            .build();

    /** {@code pk.mode}. */
    public static final ConfigKey<String> PK_MODE = ConfigKey.builder("pk.mode", ConfigType.STRING)
            .defaultValue("none")
            .validator(Validators.enumName(PrimaryKeyMode.class))
            .documentation("The primary key mode: none; kafka (the record's topic, partition and offset); record_key"
                    + " (the key: a primitive or fields of a struct); record_value (fields of the value)")
            .importance(Importance.HIGH)
            .build();

    /** {@code pk.fields}. */
    public static final ConfigKey<List<String>> PK_FIELDS = ConfigKey.builder("pk.fields", ConfigType.LIST)
            .defaultValue(List.of())
            .documentation("The primary key's fields. kafka: three column names for topic, partition and offset"
                    + " (default __connect_topic,__connect_partition,__connect_offset); record_key: the key's"
                    + " column name for a primitive key, or the struct fields to use (default all); record_value: the"
                    + " value fields to use (default all)")
            .importance(Importance.MEDIUM)
            .build();

    /** {@code fields.whitelist}. */
    public static final ConfigKey<List<String>> FIELDS_WHITELIST = ConfigKey.builder(
                    "fields.whitelist", ConfigType.LIST)
            .defaultValue(List.of())
            .documentation("The record value fields written as columns besides the primary key; empty for all")
            .importance(Importance.MEDIUM)
            .build();

    /** {@code table.name.format}. */
    public static final ConfigKey<String> TABLE_NAME_FORMAT = ConfigKey.builder("table.name.format", ConfigType.STRING)
            .defaultValue("${topic}")
            .validator(Validators.nonEmptyString())
            .documentation("The destination table's name, where ${topic} stands for the record's topic: kafka_${topic}"
                    + " writes topic orders to table kafka_orders; schema.table and database.schema.table name a"
                    + " schema")
            .importance(Importance.MEDIUM)
            .build();

    /** {@code auto.create}. */
    public static final ConfigKey<Boolean> AUTO_CREATE = ConfigKey.builder("auto.create", ConfigType.BOOLEAN)
            .defaultValue(false)
            .documentation("Whether to create a missing table (CREATE TABLE) from the record's schema and primary key")
            .importance(Importance.MEDIUM)
            .build();

    /** {@code auto.evolve}. */
    public static final ConfigKey<Boolean> AUTO_EVOLVE = ConfigKey.builder("auto.evolve", ConfigType.BOOLEAN)
            .defaultValue(false)
            .documentation("Whether to add the columns a record has and the table lacks (ALTER TABLE ADD COLUMN);"
                    + " only optional fields or fields with a default can be added, and columns are never dropped")
            .importance(Importance.MEDIUM)
            .build();

    /** {@code delete.enabled}. */
    public static final ConfigKey<Boolean> DELETE_ENABLED = ConfigKey.builder("delete.enabled", ConfigType.BOOLEAN)
            .defaultValue(false)
            .documentation("Whether a record with a null value (a tombstone) deletes the row of its key; needs"
                    + " pk.mode=record_key. When false, a tombstone cannot be written and is reported as an errant"
                    + " record")
            .importance(Importance.MEDIUM)
            .build();

    /** {@code batch.size}. */
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.builder("batch.size", ConfigType.INT)
            .defaultValue(3000)
            .validator(Validators.atLeast(1))
            .documentation("The most records sent to the database in one JDBC batch")
            .importance(Importance.MEDIUM)
            .build();

    /** {@code max.retries}. */
    public static final ConfigKey<Integer> MAX_RETRIES = ConfigKey.builder("max.retries", ConfigType.INT)
            .defaultValue(10)
            .validator(Validators.atLeast(0))
            .documentation("How many times a put that failed with a retriable error (lost connection, serialization"
                    + " failure, deadlock, server shutdown) is retried before the task fails")
            .importance(Importance.MEDIUM)
            .build();

    /** {@code retry.backoff.ms}. */
    public static final ConfigKey<Long> RETRY_BACKOFF_MS = ConfigKey.builder("retry.backoff.ms", ConfigType.LONG)
            .defaultValue(3000L)
            .validator(Validators.atLeast(0L))
            .documentation(
                    "How long to wait, in milliseconds, before retrying a put that failed with a retriable error")
            .importance(Importance.MEDIUM)
            .build();

    /** {@code db.timezone}. */
    public static final ConfigKey<String> DB_TIMEZONE = ConfigKey.builder("db.timezone", ConfigType.STRING)
            .defaultValue("UTC")
            .validator(ConnectionSettings.zoneId())
            .documentation("The time zone of Timestamp values written to columns without time zone, and of the"
                    + " sink's database sessions")
            .importance(Importance.MEDIUM)
            .build();

    /** The column names of the Kafka coordinates when {@code pk.mode=kafka} and {@code pk.fields} is empty. */
    public static final List<String> DEFAULT_KAFKA_PK_FIELDS =
            List.of("__connect_topic", "__connect_partition", "__connect_offset");

    /** Every key of the sink: the connection keys and the sink's own. */
    public static final ConfigSpec SPEC = ConnectionSettings.define(ConfigSpec.builder())
            .define(INSERT_MODE)
            .define(PK_MODE)
            .define(PK_FIELDS)
            .define(FIELDS_WHITELIST)
            .define(TABLE_NAME_FORMAT)
            .define(AUTO_CREATE)
            .define(AUTO_EVOLVE)
            .define(DELETE_ENABLED)
            .define(BATCH_SIZE)
            .define(MAX_RETRIES)
            .define(RETRY_BACKOFF_MS)
            .define(DB_TIMEZONE)
            .build();

    /**
     * Copies the collections.
     *
     * @param connection where to connect
     * @param insertMode how records are written
     * @param pkMode where the primary key comes from
     * @param pkFields the key's column names; may be empty
     * @param fieldsWhitelist the value fields written besides the key; empty for all
     * @param tableNameFormat the table name format
     * @param autoCreate whether missing tables are created
     * @param autoEvolve whether missing columns are added
     * @param deleteEnabled whether tombstones delete rows
     * @param batchSize the most rows in one JDBC batch
     * @param maxRetries how many retries before failing
     * @param retryBackoffMs the wait before a retry
     * @param dbTimeZone the database time zone
     */
    public JdbcSinkConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(insertMode, "insertMode");
        Objects.requireNonNull(pkMode, "pkMode");
        pkFields = List.copyOf(pkFields);
        fieldsWhitelist = Set.copyOf(fieldsWhitelist);
        Objects.requireNonNull(tableNameFormat, "tableNameFormat");
        Objects.requireNonNull(dbTimeZone, "dbTimeZone");
    }

    /**
     * Reads a configuration parsed against {@link #SPEC}, after checking the rules across keys.
     *
     * @param config the parsed configuration
     * @return the sink's configuration
     * @throws io.kanal.config.ConfigException naming the first key that breaks a rule across keys
     */
    public static JdbcSinkConfig from(ParsedConfig config) {
        List<ConfigProblem> problems = crossKeyProblems(config);
        if (!problems.isEmpty()) {
            throw problems.get(0).toException();
        }
        return new JdbcSinkConfig(
                ConnectionSettings.from(config),
                InsertMode.valueOf(config.get(INSERT_MODE).toUpperCase(Locale.ROOT)),
                pkMode(config),
                config.get(PK_FIELDS),
                Set.copyOf(config.get(FIELDS_WHITELIST)),
                config.get(TABLE_NAME_FORMAT),
                config.get(AUTO_CREATE),
                config.get(AUTO_EVOLVE),
                config.get(DELETE_ENABLED),
                config.get(BATCH_SIZE),
                config.get(MAX_RETRIES),
                config.get(RETRY_BACKOFF_MS),
                ZoneId.of(config.get(DB_TIMEZONE)));
    }

    /**
     * The rules that involve more than one key, each problem reported on the key to change: upsert and update need a
     * primary key, deletes need {@code pk.mode=record_key}, and {@code pk.mode=kafka} takes three column names.
     *
     * @param config a configuration parsed against {@link #SPEC}
     * @return the problems; empty when there are none
     */
    public static List<ConfigProblem> crossKeyProblems(ParsedConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        PrimaryKeyMode pkMode = pkMode(config);
        String insertMode = config.get(INSERT_MODE).toLowerCase(Locale.ROOT);
        if (pkMode == PrimaryKeyMode.NONE && !insertMode.equals("insert")) {
            problems.add(ConfigProblem.invalidValue(
                    PK_MODE.name(), "none", "must not be none with insert.mode=" + insertMode + ", which needs a key"));
        }
        if (config.get(DELETE_ENABLED) && pkMode != PrimaryKeyMode.RECORD_KEY) {
            problems.add(ConfigProblem.invalidValue(
                    DELETE_ENABLED.name(), "true", "needs pk.mode=record_key, the key of the row to delete"));
        }
        List<String> pkFields = config.get(PK_FIELDS);
        if (pkMode == PrimaryKeyMode.KAFKA && !pkFields.isEmpty() && pkFields.size() != 3) {
            problems.add(ConfigProblem.invalidValue(
                    PK_FIELDS.name(),
                    String.join(",", pkFields),
                    "must name three columns (topic, partition, offset) with pk.mode=kafka, or be empty"));
        }
        return problems;
    }

    private static PrimaryKeyMode pkMode(ParsedConfig config) {
        return PrimaryKeyMode.valueOf(config.get(PK_MODE).toUpperCase(Locale.ROOT));
    }
}
