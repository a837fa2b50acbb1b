package io.kanal.plugins.jdbc.sink;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.config.ParsedConfig;
import io.kanal.plugins.jdbc.PluginVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes topics to PostgreSQL tables, with the configuration of the established JDBC sink ({@code
 * io.confluent.connect.jdbc.JdbcSinkConnector}, a name it also answers to): {@code connection.url}, {@code
 * insert.mode} insert/upsert/update, {@code pk.mode} none/kafka/record_key/record_value with {@code pk.fields},
 * {@code fields.whitelist}, {@code table.name.format}, {@code auto.create}, {@code auto.evolve}, {@code
 * delete.enabled}, {@code batch.size}, {@code max.retries}, {@code retry.backoff.ms} and {@code db.timezone}. See
 * {@link JdbcSinkTask} for how records are written and failures handled.
 *
 * <p>{@code tasks.max} tasks are started, each with the whole configuration; the consumer group shares out the
 * partitions.
 *
 * <p>Threading: as for every {@link SinkConnector}, the runtime calls it on the connector's thread, one call at a
 * time; {@link #configSpec()}, {@link #validate} and {@link #version()} may come from any thread and read only
 * constants.
 */
public class JdbcSinkConnector extends SinkConnector {

    private Map<String, String> taskConfig;

    /** For the runtime, which creates connectors through their public no-argument constructor. */
    public JdbcSinkConnector() {}

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return JdbcSinkConfig.SPEC;
    }

    @Override
    public void start(ParsedConfig config) {
        JdbcSinkConfig.from(config);
        // The tasks need the connection keys, password included, as every JDBC sink's tasks do.
        taskConfig = Map.copyOf(config.originals());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, taskConfig);
    }

    @Override
    public void stop() {
        // Nothing to release: the connector only hands out its configuration; the tasks own the connections.
    }

    /** Any offsets are fine: the sink keeps no position of its own in the database. */
    @Override
    public boolean alterOffsets(ParsedConfig config, Map<TopicPartition, Long> offsets) {
        return true;
    }

    /** Checks each key, then the rules across keys, each problem on the key to change. */
    @Override
    public ConfigValidationResult validate(Map<String, String> connectorConfig) {
        ConfigValidationResult result = super.validate(connectorConfig);
        if (!result.isValid()) {
            return result;
        }
        List<ConfigProblem> problems = JdbcSinkConfig.crossKeyProblems(JdbcSinkConfig.SPEC.parse(connectorConfig));
        if (problems.isEmpty()) {
            return result;
        }
        List<ConfigValueResult> values = new ArrayList<>();
        for (ConfigValueResult value : result.values()) {
            List<ConfigProblem> added =
                    problems.stream().filter(p -> p.key().equals(value.name())).toList();
            if (added.isEmpty()) {
                values.add(value);
            } else {
                List<ConfigProblem> all = new ArrayList<>(value.problems());
                all.addAll(added);
                values.add(new ConfigValueResult(
                        value.name(), value.shownValue(), value.recommendedValues(), all, value.visible()));
            }
        }
        return new ConfigValidationResult(values, result.unknownKeys());
    }
}
