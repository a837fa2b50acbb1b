package io.kanal.plugins.http;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
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
}
