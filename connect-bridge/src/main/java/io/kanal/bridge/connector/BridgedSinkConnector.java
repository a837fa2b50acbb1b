package io.kanal.bridge.connector;

import io.kanal.api.connector.ConnectorContext;
import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.sink.TopicPartition;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.isolation.spi.ForeignConnector;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Connect sink connector run as a Kanal sink connector: every call goes to the Connect connector with the
 * configuration as Connect passes it, its {@code ConfigDef} becomes the Kanal spec, its {@code validate} result Kanal's.
 * The task configs it returns are stored as they are, with Connect's task class ({@link #foreignTaskClass()}).
 *
 * <p>Threading: as any Kanal connector (the connector's thread, one call at a time; {@link #configSpec()}, {@link
 * #validate} and {@link #version()} also on REST threads).
 */
public final class BridgedSinkConnector extends SinkConnector implements ForeignConnector, ForeignPluginMetrics {

    private final ConnectorCore core;
    private final org.apache.kafka.connect.sink.SinkConnector connector;

    /**
     * @param connector a new Connect sink connector
     */
    public BridgedSinkConnector(org.apache.kafka.connect.sink.SinkConnector connector) {
        this.connector = connector;
        this.core = new ConnectorCore(connector);
    }

    @Override
    public void initialize(ConnectorContext context) {
        super.initialize(context);
        core.initialize(new ConnectorContextBridge(context, core::metrics));
    }

    @Override
    public ConfigSpec configSpec() {
        return core.configSpec();
    }

    @Override
    public void start(ParsedConfig config) {
        core.start(config);
    }

    @Override
    public void reconfigure(ParsedConfig config) {
        core.reconfigure(config);
    }

    /** The bridge's task adapter; the runtime stores and loads {@link #foreignTaskClass()} instead. */
    @Override
    public Class<? extends Task> taskClass() {
        return BridgedSinkTask.class;
    }

    @Override
    public Class<?> foreignTaskClass() {
        return connector.taskClass();
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return core.taskConfigs(maxTasks);
    }

    @Override
    public void stop() {
        core.stop();
    }

    @Override
    public ConfigValidationResult validate(Map<String, String> connectorConfig) {
        return core.validate(connectorConfig);
    }

    @Override
    public String version() {
        return core.version();
    }

    @Override
    public boolean alterOffsets(ParsedConfig config, Map<TopicPartition, Long> offsets) {
        Map<org.apache.kafka.common.TopicPartition, Long> connect = new HashMap<>();
        offsets.forEach((tp, offset) -> connect.put(Partitions.toConnect(tp), offset));
        return connector.alterOffsets(config.originals(), connect);
    }

    /** Connect's tag of a connector's plugin metrics: {@code connector}. */
    @Override
    public void pluginTags(Map<String, String> tags) {
        core.pluginTags(tags);
    }

    @Override
    public List<ForeignMetric> pluginMetrics() {
        return core.pluginMetrics();
    }
}
