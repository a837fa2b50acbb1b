package io.kanal.bridge.connector;

import io.kanal.runtime.isolation.spi.ForeignPluginMetrics.ForeignMetric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

/**
 * A Connect plugin's {@code pluginMetrics()} (KIP-877): a private kafka-clients {@code Metrics} registry without
 * reporters, so that a plugin that registers metrics and sensors works; the worker shows their numeric values with its
 * own metrics ({@link #snapshot()}, read through {@code ForeignPluginMetrics}). Every metric name carries the plugin's
 * tags (connector, task) first and then the plugin's own, in the {@code plugins} group, as Connect's worker names them.
 *
 * <p>Thread-safe as kafka-clients' {@code Metrics} is; closed by the adapter that created it when its plugin stops.
 */
final class BridgePluginMetrics implements PluginMetrics, AutoCloseable {

    private static final String GROUP = "plugins";

    private final Metrics metrics = new Metrics();
    private final Map<String, String> pluginTags;

    /**
     * @param pluginTags the tags every metric name starts with, in order
     */
    BridgePluginMetrics(Map<String, String> pluginTags) {
        this.pluginTags = new LinkedHashMap<>(pluginTags);
    }

    @Override
    public MetricName metricName(String name, String description, LinkedHashMap<String, String> tags) {
        LinkedHashMap<String, String> all = new LinkedHashMap<>(pluginTags);
        if (tags != null) {
            // The plugin's tags cannot hide whom it runs for.
            tags.forEach(all::putIfAbsent);
        }
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
     * @return its current value, or null when it is not registered (for tests)
     */
    Object value(MetricName name) {
        var metric = metrics.metric(name);
        return metric == null ? null : metric.metricValue();
    }

    /**
     * The metrics of the {@code plugins} group with a numeric value now (a gauge of text is left out), in name order.
     *
     * @return the metrics
     */
    List<ForeignMetric> snapshot() {
        List<ForeignMetric> out = new ArrayList<>();
        for (Map.Entry<MetricName, KafkaMetric> entry : metrics.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (!GROUP.equals(name.group())) {
                continue; // kafka-clients' own bookkeeping (count of metrics)
            }
            if (entry.getValue().metricValue() instanceof Number number) {
                out.add(new ForeignMetric(
                        name.group(), name.name(), name.description(), name.tags(), number.doubleValue()));
            }
        }
        out.sort(java.util.Comparator.comparing(ForeignMetric::name)
                .thenComparing(m -> m.tags().toString()));
        return out;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
