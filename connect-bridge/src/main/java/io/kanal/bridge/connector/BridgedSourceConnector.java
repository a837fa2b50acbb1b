package io.kanal.bridge.connector;

import io.kanal.api.connector.ConnectorContext;
import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.source.ConnectorTransactionBoundaries;
import io.kanal.api.source.ExactlyOnceSupport;
import io.kanal.api.source.SourceConnectorContext;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.isolation.spi.ForeignConnector;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Connect source connector run as a Kanal source connector: every call goes to the Connect connector with the
 * configuration as Connect passes it, its {@code ConfigDef} becomes the Kanal spec, its {@code validate} result Kanal's,
 * and its context is Kanal's seen through Connect's interface (offsets through {@code OffsetStorageReader}). The task
 * configs it returns are stored as they are, with Connect's task class ({@link #foreignTaskClass()}).
 *
 * <p>Threading: as any Kanal connector (the connector's thread, one call at a time; {@link #configSpec()}, {@link
 * #validate} and {@link #version()} also on REST threads).
 */
public final class BridgedSourceConnector extends SourceConnector implements ForeignConnector, ForeignPluginMetrics {

    private final ConnectorCore core;
    private final org.apache.kafka.connect.source.SourceConnector connector;

    /**
     * @param connector a new Connect source connector
     */
    public BridgedSourceConnector(org.apache.kafka.connect.source.SourceConnector connector) {
        this.connector = connector;
        this.core = new ConnectorCore(connector);
    }

    @Override
    public void initialize(ConnectorContext context) {
        super.initialize(context);
        core.initialize(new SourceConnectorContextBridge(
                (SourceConnectorContext) context,
                core::metrics,
                new OffsetReaderBridge(((SourceConnectorContext) context).offsetReader())));
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
        return BridgedSourceTask.class;
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

    /**
     * The Connect connector's answer, given the connector's whole config as Connect passes it; {@code null} (the
     * default of Connect's {@code SourceConnector}) is empty, which {@code exactly.once.support=required} refuses with
     * Connect's "does not implement the API required for preflight validation" message.
     */
    @Override
    public Optional<ExactlyOnceSupport> exactlyOnceSupport(ParsedConfig config) {
        org.apache.kafka.connect.source.ExactlyOnceSupport support = connector.exactlyOnceSupport(config.originals());
        return Optional.ofNullable(support).map(s -> ExactlyOnceSupport.valueOf(s.name()));
    }

    /**
     * The Connect connector's answer, given the connector's whole config as Connect passes it (framework keys
     * included). A {@code null} answer stays {@code null}: the worker's validation then reports it with Connect's
     * message ("has returned a null value from its canDefineTransactionBoundaries method") rather than as a plain
     * {@code UNSUPPORTED}.
     */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(ParsedConfig config) {
        org.apache.kafka.connect.source.ConnectorTransactionBoundaries boundaries =
                connector.canDefineTransactionBoundaries(config.originals());
        return boundaries == null ? null : ConnectorTransactionBoundaries.valueOf(boundaries.name());
    }

    @Override
    public boolean alterOffsets(ParsedConfig config, Map<Map<String, ?>, Map<String, ?>> offsets) {
        return connector.alterOffsets(config.originals(), offsets);
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
