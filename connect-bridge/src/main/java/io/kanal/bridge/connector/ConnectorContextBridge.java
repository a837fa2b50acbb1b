package io.kanal.bridge.connector;

import io.kanal.api.connector.ConnectorContext;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkConnectorContext;

/**
 * Kanal's connector context seen as Connect's: reconfiguration requests and errors go to the runtime as they are; the
 * connector's {@code pluginMetrics()} is its own {@link BridgePluginMetrics}.
 *
 * <p>Immutable; the connector calls it from any of its threads, and Kanal's context is thread-safe.
 */
class ConnectorContextBridge implements SinkConnectorContext {

    private final ConnectorContext kanal;
    private final Supplier<BridgePluginMetrics> metrics;

    ConnectorContextBridge(ConnectorContext kanal, Supplier<BridgePluginMetrics> metrics) {
        this.kanal = kanal;
        this.metrics = metrics;
    }

    @Override
    public void requestTaskReconfiguration() {
        kanal.requestTaskReconfiguration();
    }

    @Override
    public void raiseError(Exception error) {
        kanal.raiseError(error);
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return metrics.get();
    }
}
