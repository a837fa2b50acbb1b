package io.kanal.bridge.connector;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * A Connect plugin's {@code pluginMetrics()} (KIP-877): a private kafka-clients {@code Metrics} registry without
 * reporters, so that a plugin that registers metrics and sensors works; the metrics are not exported yet (Kanal's
 * Prometheus endpoint does not read them). Every metric name carries the plugin's tags (connector, task) after the
 * plugin's own, in the {@code plugins} group as Connect's.
 *
 * <p>Thread-safe as kafka-clients' {@code Metrics} is; closed by the adapter that created it when its plugin stops.
 */
final class BridgePluginMetrics implements PluginMetrics, AutoCloseable {

    private static final String GROUP = "plugins";

    private final Metrics metrics = new Metrics();
    private final Map<String, String> pluginTags;

    BridgePluginMetrics(Map<String, String> pluginTags) {
        this.pluginTags = Map.copyOf(pluginTags);
    }

    @Override
    public MetricName metricName(String name, String description, LinkedHashMap<String, String> tags) {
        LinkedHashMap<String, String> all = new LinkedHashMap<>(tags == null ? Map.of() : tags);
        pluginTags.forEach(all::putIfAbsent);
        return metrics.metricName(name, GROUP, description, all);
    }

    @Override
    public void addMetric(MetricName metricName, MetricValueProvider<?> provider) {
        metrics.addMetric(metricName, provider);
    }

    @Override
    public void removeMetric(MetricName metricName) {
        metrics.removeMetric(metricName);
    }

    @Override
    public Sensor addSensor(String name) {
        return metrics.sensor(name);
    }

    @Override
    public void removeSensor(String name) {
        metrics.removeSensor(name);
    }

    /**
     * @param name a metric's name
     * @return its current value, or null when it is not registered (for tests and a future exporter)
     */
    Object value(MetricName name) {
        var metric = metrics.metric(name);
        return metric == null ? null : metric.metricValue();
    }

    @Override
    public void close() {
        metrics.close();
    }
}
