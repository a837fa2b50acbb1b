package io.kanal.runtime.isolation.spi;

import java.util.List;
import java.util.Map;

/**
 * A bridged plugin that keeps metrics of its own (Connect's {@code pluginMetrics()}, KIP-877), for the worker to show
 * with its own: the runtime tells it whom it runs for, as the tags Connect's worker gives plugin metrics, and reads its
 * metrics when the worker's metrics are collected ({@code GET /metrics}).
 *
 * <p>{@link #pluginTags} is called once, right after the instance is created and before any other call, on the thread
 * that creates it; {@link #pluginMetrics} runs plugin code (gauges), so the runtime calls it through its invoker on
 * the owner's thread (task or connector thread), at most every few seconds, and shows the last answer; it may come
 * also after the plugin stopped (then it answers nothing).
 */
public interface ForeignPluginMetrics {

    /**
     * Whom the plugin runs for.
     *
     * @param tags {@code connector=<name>} and, for a task, {@code task=<id>}, in that order: the first tags of every
     *     metric the plugin registers
     */
    void pluginTags(Map<String, String> tags);

    /**
     * The plugin's metrics now, those with a numeric value.
     *
     * @return the metrics, empty before the plugin registered any or after it stopped
     */
    List<ForeignMetric> pluginMetrics();

    /**
     * One metric of a plugin at one instant. Immutable value.
     *
     * @param group the metric group, {@code plugins} as in Connect
     * @param name the metric's name
     * @param description what it measures; may be empty
     * @param tags its tags in order: the plugin's ({@link #pluginTags}) first, then the metric's own
     * @param value its value now
     */
    record ForeignMetric(String group, String name, String description, Map<String, String> tags, double value) {

        /** Copies the tags, keeping their order. */
        public ForeignMetric {
            tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
            description = description == null ? "" : description;
        }
    }
}
