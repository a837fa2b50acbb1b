package io.kanal.bridge.connector;

import io.kanal.bridge.config.ConfigDefTranslator;
import io.kanal.bridge.config.ValidationResultTranslator;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;

/**
 * What the source and sink connector adapters share (Kanal's {@code SourceConnector} and {@code SinkConnector} are
 * classes, so they cannot share a base class): the Connect connector, its configuration definition as a Kanal spec,
 * validation, start with the configuration as Connect passes it (every key as the user wrote it), and the connector's
 * plugin metrics.
 *
 * <p>Owned by its adapter: {@link #configSpec()} and {@link #validate} may run on a REST thread on an instance that is
 * never started; every other method runs on the connector's thread, one call at a time.
 */
final class ConnectorCore {

    private final Connector connector;
    // Created on the connector thread when the plugin first asks, closed at stop; read by metrics collection.
    private volatile BridgePluginMetrics metrics;
    private Map<String, String> pluginTags = Map.of(); // set once before initialise, by the creating thread

    ConnectorCore(Connector connector) {
        this.connector = connector;
    }

    Connector connector() {
        return connector;
    }

    /** Connect's {@code config()} as a Kanal spec; translated each time, as Connect asks its connector each time. */
    ConfigSpec configSpec() {
        ConfigDef definition = connector.config();
        return new ConfigDefTranslator(loader()).toSpec(definition == null ? new ConfigDef() : definition);
    }

    ConfigValidationResult validate(Map<String, String> config) {
        Config result = connector.validate(config);
        return ValidationResultTranslator.toKanal(connector.config(), result, config);
    }

    void initialize(org.apache.kafka.connect.connector.ConnectorContext context) {
        connector.initialize(context);
    }

    BridgePluginMetrics metrics() {
        if (metrics == null) {
            metrics = new BridgePluginMetrics(
                    pluginTags.isEmpty()
                            ? Map.of("connector", connector.getClass().getSimpleName())
                            : pluginTags);
        }
        return metrics;
    }

    void pluginTags(Map<String, String> tags) {
        pluginTags = new java.util.LinkedHashMap<>(tags);
    }

    List<ForeignPluginMetrics.ForeignMetric> pluginMetrics() {
        BridgePluginMetrics current = metrics;
        return current == null ? List.of() : current.snapshot();
    }

    void start(ParsedConfig config) {
        connector.start(config.originals());
    }

    void reconfigure(ParsedConfig config) {
        connector.reconfigure(config.originals());
    }

    List<Map<String, String>> taskConfigs(int maxTasks) {
        return connector.taskConfigs(maxTasks);
    }

    void stop() {
        try {
            connector.stop();
        } finally {
            if (metrics != null) {
                metrics.close();
                metrics = null;
            }
        }
    }

    String version() {
        return connector.version();
    }

    private ClassLoader loader() {
        ClassLoader own = connector.getClass().getClassLoader();
        return own != null ? own : ClassLoader.getSystemClassLoader();
    }
}
