package io.kanal.plugins.http;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.config.ParsedConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Sends records to one HTTP endpoint, batched as a JSON array or as newline-delimited JSON, with basic or bearer
 * authentication, a custom trust store, retries with back-off that honour {@code Retry-After}, and rejected batches
 * sent to the errant record reporter. Configuration: {@link HttpSinkConfig}; behaviour: {@link HttpSinkTask}.
 *
 * <p>Threading: as for every {@link SinkConnector}, the runtime calls it on the connector's thread, one call at a
 * time; {@link #configSpec()}, {@link #validate} and {@link #version()} may come from any thread and read only
 * constants.
 */
public class HttpSinkConnector extends SinkConnector {

    private Map<String, String> taskConfig;

    /** For the runtime, which creates connectors through their public no-argument constructor. */
    public HttpSinkConnector() {}

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public ConfigSpec configSpec() {
        return HttpSinkConfig.SPEC;
    }

    @Override
    public void start(ParsedConfig config) {
        // Fails start with the key at fault when the keys disagree (credentials missing for the chosen auth).
        HttpSinkConfig.from(config);
        taskConfig = Map.copyOf(config.originals());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpSinkTask.class;
    }

    /** {@code maxTasks} copies of the configuration; the consumer group shares out the partitions. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, taskConfig);
    }

    @Override
    public void stop() {
        // Nothing to release: the connector only hands out its configuration.
    }

    /** Any offsets are fine: the sink keeps no position of its own. */
    @Override
    public boolean alterOffsets(ParsedConfig config, Map<TopicPartition, Long> offsets) {
        return true;
    }

    /**
     * Checks each key, then the rules across keys (the credentials of the chosen authentication, the header list),
     * reporting such a problem on the key to change.
     */
    @Override
    public ConfigValidationResult validate(Map<String, String> connectorConfig) {
        ConfigValidationResult result = super.validate(connectorConfig);
        if (!result.isValid()) {
            return result;
        }
        ConfigProblem problem;
        try {
            HttpSinkConfig.from(HttpSinkConfig.SPEC.parse(connectorConfig));
            return result;
        } catch (InvalidConfigValueException e) {
            problem = e.toProblem();
        }
        List<ConfigValueResult> values = new ArrayList<>();
        for (ConfigValueResult value : result.values()) {
            if (value.name().equals(problem.key())) {
                List<ConfigProblem> all = new ArrayList<>(value.problems());
                all.add(problem);
                values.add(new ConfigValueResult(
                        value.name(), value.shownValue(), value.recommendedValues(), all, value.visible()));
            } else {
                values.add(value);
            }
        }
        return new ConfigValidationResult(values, result.unknownKeys());
    }
}
