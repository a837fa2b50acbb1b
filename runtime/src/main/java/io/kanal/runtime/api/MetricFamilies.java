package io.kanal.runtime.api;

import io.kanal.runtime.api.MetricFamily.Kind;
import io.kanal.runtime.api.MetricFamily.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects samples into families in the order they are first added. A metric whose name ends in {@code -total} is a
 * counter, any other a gauge: Kafka's own naming rule, so one rule decides the type for every group.
 *
 * <p><b>Threading.</b> One collection, one thread: made, filled and read by the caller of {@link MetricsService#collect}.
 */
final class MetricFamilies {

    private record Key(String domain, String group, String name) {}

    private record Building(String help, List<String> labelNames, List<Sample> samples) {}

    private final Map<Key, Building> families = new LinkedHashMap<>();

    /**
     * Adds one sample.
     *
     * @param domain the JMX domain
     * @param group the group
     * @param name the attribute
     * @param help what it measures
     * @param labelNames the label names (the first sample of a family fixes them)
     * @param labelValues the label values
     * @param value the value
     */
    void add(
            String domain,
            String group,
            String name,
            String help,
            List<String> labelNames,
            List<String> labelValues,
            double value) {
        families.computeIfAbsent(
                        new Key(domain, group, name),
                        k -> new Building(help, List.copyOf(labelNames), new ArrayList<>()))
                .samples()
                .add(new Sample(labelValues, value));
    }

    /**
     * The families collected.
     *
     * @return the families, in the order they were first added
     */
    List<MetricFamily> build() {
        List<MetricFamily> out = new ArrayList<>(families.size());
        families.forEach((k, b) -> out.add(new MetricFamily(
                k.domain(),
                k.group(),
                k.name(),
                k.name().endsWith("-total") ? Kind.COUNTER : Kind.GAUGE,
                b.help(),
                b.labelNames(),
                b.samples())));
        return out;
    }
}
