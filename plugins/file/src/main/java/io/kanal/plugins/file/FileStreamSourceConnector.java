package io.kanal.plugins.file;

import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.errors.PluginException;
import io.kanal.api.source.ExactlyOnceSupport;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the lines of one file (or standard input) into one topic, with the configuration keys, source partition
 * ({@code {"filename": <file>}}) and source offset ({@code {"position": <byte offset>}}) of Kafka Connect's {@code
 * FileStreamSourceConnector}, so that a worker migrated from Connect resumes from Connect's stored offsets. It also
 * answers to Connect's class name {@code org.apache.kafka.connect.file.FileStreamSourceConnector} and aliases {@code
 * FileStreamSource} and {@code FileStreamSourceConnector}.
 *
 * <p>A file is read by one task only: {@code tasks.max} above one still yields a single task, as in Connect.
 *
 * <p>Threading: as for every {@link SourceConnector}, the runtime calls it on the connector's thread, one call at a
 * time; {@link #configSpec()}, {@link #validate} and {@link #version()} may come from any thread and read only
 * constants.
 */
public class FileStreamSourceConnector extends SourceConnector {

    /** The file to read; absent or empty reads standard input. */
    public static final ConfigKey<String> FILE = ConfigKey.builder("file", ConfigType.STRING)
            .documentation("Source filename. If not specified, the standard input will be used")
            .importance(Importance.HIGH)
            .build();

    /** The single topic the lines are written to. */
    public static final ConfigKey<String> TOPIC = ConfigKey.builder("topic", ConfigType.STRING)
            .required()
            .validator(Validators.satisfies(
                    (String topic) -> !topic.isEmpty() && topic.indexOf(',') < 0, "must be a single topic name"))
            .documentation("The topic to publish data to")
            .importance(Importance.HIGH)
            .build();

    /** At most this many records per {@code poll}. */
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.builder("batch.size", ConfigType.INT)
            .defaultValue(2000)
            .validator(Validators.atLeast(1))
            .documentation(
                    "The maximum number of records the source task can read from the file each time it is polled")
            .importance(Importance.LOW)
            .build();

    static final ConfigSpec SPEC =
            ConfigSpec.builder().define(FILE).define(TOPIC).define(BATCH_SIZE).build();

    /** The source partition's key, as in Connect. */
    public static final String FILENAME_FIELD = "filename";

    /** The source offset's key: the byte position after the last line read, as in Connect. */
    public static final String POSITION_FIELD = "position";

    private Map<String, String> taskConfig;

    /** For the runtime, which creates connectors through their public no-argument constructor. */
    public FileStreamSourceConnector() {}

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
        fileOf(config).ifPresent(file -> task.put(FILE.name(), file));
        task.put(TOPIC.name(), config.get(TOPIC));
        task.put(BATCH_SIZE.name(), String.valueOf(config.get(BATCH_SIZE)));
        taskConfig = Map.copyOf(task);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FileStreamSourceTask.class;
    }

    /** One task whatever {@code maxTasks} is: a file has one reader. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(taskConfig);
    }

    @Override
    public void stop() {
        // Nothing to release: the connector only hands out its configuration.
    }

    /** Exactly-once works for a file, whose position is stored with each transaction; not for standard input. */
    @Override
    public Optional<ExactlyOnceSupport> exactlyOnceSupport(ParsedConfig config) {
        return Optional.of(fileOf(config).isPresent() ? ExactlyOnceSupport.SUPPORTED : ExactlyOnceSupport.UNSUPPORTED);
    }

    /**
     * Accepts offsets as Connect's file source does: only when reading a file (standard input has no offsets), a
     * null offset (a reset) for any partition, otherwise a partition with {@value #FILENAME_FIELD} and an offset whose
     * {@value #POSITION_FIELD} is a non-negative {@code Long}. Whether the position fits the file is checked by the
     * task when it opens the file.
     */
    @Override
    public boolean alterOffsets(ParsedConfig config, Map<Map<String, ?>, Map<String, ?>> offsets) {
        if (fileOf(config).isEmpty()) {
            throw new PluginException("offsets cannot be altered when '" + FILE + "' is not set: standard input has"
                    + " no positions to resume from");
        }
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            Map<String, ?> offset = entry.getValue();
            if (offset == null) {
                continue; // a reset
            }
            Map<String, ?> partition = entry.getKey();
            if (partition == null || !partition.containsKey(FILENAME_FIELD)) {
                throw new PluginException("source partitions of " + getClass().getSimpleName()
                        + " must contain the key '" + FILENAME_FIELD + "', got " + partition);
            }
            if (!(offset.get(POSITION_FIELD) instanceof Long position) || position < 0) {
                throw new PluginException("source offsets of " + getClass().getSimpleName() + " must contain '"
                        + POSITION_FIELD + "' as a non-negative Long, got " + offset);
            }
        }
        return true;
    }

    /** The configured file, empty for standard input (an empty value means standard input, as in Connect). */
    static Optional<String> fileOf(ParsedConfig config) {
        return config.find(FILE).filter(file -> !file.isEmpty());
    }
}
