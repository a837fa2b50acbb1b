package io.kanal.plugins.file;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes each record's value as a line to one file (or standard output), with the configuration of Kafka Connect's
 * {@code FileStreamSinkConnector}: {@code file}, plus {@code topics} or {@code topics.regex}, which the runtime
 * handles. It also answers to Connect's class name {@code org.apache.kafka.connect.file.FileStreamSinkConnector} and
 * aliases {@code FileStreamSink} and {@code FileStreamSinkConnector}.
 *
 * <p>Unlike Connect's, whose task writes every record through to the file, the task buffers its writes and makes
 * them durable in {@code flush}, before the runtime commits the offsets: a crash loses nothing that was committed,
 * and a record costs no system call.
 *
 * <p>{@code tasks.max} tasks are started, as in Connect, each appending to the same file; each write is a whole number
 * of lines, so tasks never split each other's lines.
 *
 * <p>Threading: as for every {@link SinkConnector}, the runtime calls it on the connector's thread, one call at a
 * time; {@link #configSpec()}, {@link #validate} and {@link #version()} may come from any thread and read only
 * constants.
 */
public class FileStreamSinkConnector extends SinkConnector {

    /** The file to append to; absent or empty writes to standard output. */
    public static final ConfigKey<String> FILE = ConfigKey.builder("file", ConfigType.STRING)
            .documentation("Destination filename. If not specified, the standard output will be used")
            .importance(Importance.HIGH)
            .build();

    static final ConfigSpec SPEC = ConfigSpec.builder().define(FILE).build();

    private Map<String, String> taskConfig;

    /** For the runtime, which creates connectors through their public no-argument constructor. */
    public FileStreamSinkConnector() {}

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
        // Only the task's own key: Connect hands on the whole map, but it may hold resolved secrets of other keys.
        taskConfig = fileOf(config).map(file -> Map.of(FILE.name(), file)).orElse(Map.of());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FileStreamSinkTask.class;
    }

    /** {@code maxTasks} copies of the configuration, as Connect does; the consumer group shares out the partitions. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, taskConfig);
    }

    @Override
    public void stop() {
        // Nothing to release: the connector only hands out its configuration.
    }

    /** Any offsets are fine: the sink keeps no position of its own, as in Connect. */
    @Override
    public boolean alterOffsets(ParsedConfig config, Map<TopicPartition, Long> offsets) {
        return true;
    }

    /** The configured file, empty for standard output (an empty value means standard output, as in Connect). */
    static Optional<String> fileOf(ParsedConfig config) {
        return config.find(FILE).filter(file -> !file.isEmpty());
    }
}
