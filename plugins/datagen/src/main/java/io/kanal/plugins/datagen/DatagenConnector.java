package io.kanal.plugins.datagen;

import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.source.ConnectorTransactionBoundaries;
import io.kanal.api.source.ExactlyOnceSupport;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates records for tests and demonstrations: {@code tasks.max} tasks, each with its own sequence {@code 0, 1, 2,
 * ...}, whose record {@code n} of task {@code t} depends only on ({@code seed}, {@code t}, {@code n}). Each record
 * has the source partition {@code {"task": t}}, the source offset {@code {"seq": n}} and the key {@code "<t>-<n>"},
 * so a consumer can find gaps and duplicates per task, and a restarted task resumes after its committed offset.
 *
 * <p>Threading: as for every {@link SourceConnector}, the runtime calls it on the connector's thread, one call at a
 * time; {@link #configSpec()}, {@link #validate} and {@link #version()} may come from any thread and read only
 * constants.
 */
public class DatagenConnector extends SourceConnector {

    /** The topic every task writes to. */
    public static final ConfigKey<String> TOPIC = ConfigKey.builder("topic", ConfigType.STRING)
            .required()
            .validator(Validators.nonEmptyString())
            .documentation("The topic to write the generated records to.")
            .importance(Importance.HIGH)
            .build();

    /** The seed: the same seed gives the same records. */
    public static final ConfigKey<Long> SEED = ConfigKey.builder("seed", ConfigType.LONG)
            .defaultValue(0L)
            .documentation("The seed of the generator: record n of task t depends only on (seed, t, n).")
            .build();

    /** How many records each task produces; -1 for no end. */
    public static final ConfigKey<Long> RECORDS_PER_TASK = ConfigKey.builder("records.per.task", ConfigType.LONG)
            .defaultValue(-1L)
            .validator(Validators.atLeast(-1L))
            .documentation("How many records each task produces (sequence numbers 0 to N-1) before it idles; -1 for"
                    + " no end.")
            .build();

    /** Records per second per task; 0 for as fast as possible. */
    public static final ConfigKey<Double> RATE_PER_TASK = ConfigKey.builder("rate.per.task", ConfigType.DOUBLE)
            .defaultValue(0.0)
            .validator(Validators.atLeast(0.0))
            .documentation("Records per second per task; 0 for as fast as the worker takes them.")
            .build();

    /** The shape of the values. */
    public static final ConfigKey<String> SCHEMA = ConfigKey.builder("schema", ConfigType.STRING)
            .defaultValue("orders")
            .validator(Validators.oneOf("orders", "users", "string"))
            .documentation("The values: 'orders' or 'users' (structs that start with the fields task and seq), or"
                    + " 'string'.")
            .build();

    /** At most this many records per {@code poll}. */
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.builder("batch.size", ConfigType.INT)
            .defaultValue(1000)
            .validator(Validators.atLeast(1))
            .documentation("The most records a task returns from one poll.")
            .importance(Importance.LOW)
            .build();

    /** Records per transaction when the connector defines the boundaries; 0 when it does not. */
    public static final ConfigKey<Long> TRANSACTION_RECORDS = ConfigKey.builder("transaction.records", ConfigType.LONG)
            .defaultValue(0L)
            .validator(Validators.atLeast(0L))
            .documentation("With exactly-once support and transaction.boundary=connector: the records of one"
                    + " transaction. Transaction k of a task holds the sequence numbers k*N to (k+1)*N-1, whatever"
                    + " the polls return. 0: the connector does not define transaction boundaries.")
            .build();

    /** Every how many transactions one is aborted instead of committed; 0 for never. */
    public static final ConfigKey<Long> TRANSACTION_ABORT_EVERY = ConfigKey.builder(
                    "transaction.abort.every", ConfigType.LONG)
            .defaultValue(0L)
            .validator(Validators.atLeast(0L))
            .documentation("With transaction.records set: transaction k is aborted, not committed, when k+1 is a"
                    + " multiple of M, so its records never become visible to read_committed readers. 0: every"
                    + " transaction commits.")
            .build();

    /** The task's index, set by the connector in each task's configuration. */
    public static final ConfigKey<Integer> TASK_ID = ConfigKey.builder("task.id", ConfigType.INT)
            .required()
            .validator(Validators.atLeast(0))
            .documentation("The task's index, 0 to tasks.max - 1; set by the connector, not by users.")
            .build();

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(TOPIC)
            .define(SEED)
            .define(RECORDS_PER_TASK)
            .define(RATE_PER_TASK)
            .define(SCHEMA)
            .define(BATCH_SIZE)
            .define(TRANSACTION_RECORDS)
            .define(TRANSACTION_ABORT_EVERY)
            .build();

    static final ConfigSpec TASK_SPEC =
            ConfigSpec.builder().include(SPEC).define(TASK_ID).build();

    /** The source partition's key: the task index. */
    public static final String TASK_FIELD = "task";

    /** The source offset's key: the sequence number of the record. */
    public static final String SEQ_FIELD = "seq";

    private Map<String, String> common;

    /** For the runtime, which creates connectors through their public no-argument constructor. */
    public DatagenConnector() {}

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    @Override
    public void start(ParsedConfig config) {
        Map<String, String> task = new LinkedHashMap<>();
        task.put(TOPIC.name(), config.get(TOPIC));
        task.put(SEED.name(), String.valueOf(config.get(SEED)));
        task.put(RECORDS_PER_TASK.name(), String.valueOf(config.get(RECORDS_PER_TASK)));
        task.put(RATE_PER_TASK.name(), String.valueOf(config.get(RATE_PER_TASK)));
        task.put(SCHEMA.name(), config.get(SCHEMA));
        task.put(BATCH_SIZE.name(), String.valueOf(config.get(BATCH_SIZE)));
        task.put(TRANSACTION_RECORDS.name(), String.valueOf(config.get(TRANSACTION_RECORDS)));
        task.put(TRANSACTION_ABORT_EVERY.name(), String.valueOf(config.get(TRANSACTION_ABORT_EVERY)));
        common = Map.copyOf(task);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DatagenTask.class;
    }

    /** One task per index {@code 0 .. maxTasks - 1}, each with its {@code task.id}. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int t = 0; t < maxTasks; t++) {
            Map<String, String> config = new LinkedHashMap<>(common);
            config.put(TASK_ID.name(), String.valueOf(t));
            configs.add(Map.copyOf(config));
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing to release: the connector only hands out its configuration.
    }

    /**
     * Supported: a task's records are a pure function of its sequence number and it resumes right after its committed
     * offset, so records and offsets committed together (KIP-618) give each sequence number exactly once.
     */
    @Override
    public Optional<ExactlyOnceSupport> exactlyOnceSupport(ParsedConfig config) {
        return Optional.of(ExactlyOnceSupport.SUPPORTED);
    }

    /**
     * Supported when {@code transaction.records} is set: each task then commits (or, every {@code
     * transaction.abort.every}-th, aborts) a transaction after every {@code transaction.records} sequence numbers.
     */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(ParsedConfig config) {
        return config.get(TRANSACTION_RECORDS) > 0
                ? ConnectorTransactionBoundaries.SUPPORTED
                : ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    /**
     * Whether a task's transaction that holds this sequence number is aborted: transaction {@code k = seq / records}
     * is aborted when {@code k + 1} is a multiple of {@code abortEvery}. A pure function of the sequence number, so a
     * task that resumes from an earlier committed offset aborts the same transactions again.
     *
     * @param seq the sequence number
     * @param records {@code transaction.records}, at least 1
     * @param abortEvery {@code transaction.abort.every}; 0 for never
     * @return true when that transaction is aborted
     */
    public static boolean abortedSeq(long seq, long records, long abortEvery) {
        return abortEvery > 0 && (seq / records + 1) % abortEvery == 0;
    }

    /**
     * Accepts offsets whose {@value #SEQ_FIELD} is a whole number of at least -1 (or null offsets, which reset a
     * task): a task resumes after whatever sequence number is stored for it.
     */
    @Override
    public boolean alterOffsets(ParsedConfig config, Map<Map<String, ?>, Map<String, ?>> offsets) {
        offsets.values().stream().filter(o -> o != null).forEach(DatagenTask::committedSeq);
        return true;
    }
}
