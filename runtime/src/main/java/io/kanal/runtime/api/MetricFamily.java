package io.kanal.runtime.api;

import java.util.List;
import java.util.Objects;

/**
 * One metric as Kafka names it over JMX, with its samples: the {@code domain} ({@code kafka.connect}, {@code
 * kafka.producer}, {@code kafka.consumer}), the MBean {@code type} ({@code group}, e.g. {@code source-task-metrics}) and
 * the attribute ({@code name}, e.g. {@code source-record-poll-total}). The other MBean keys ({@code connector}, {@code
 * task}, {@code client-id}) are labels. Renderers (Prometheus text in the REST layer) derive their names from these.
 * Immutable.
 *
 * @param domain the JMX domain
 * @param group the metric group (MBean {@code type})
 * @param name the attribute name
 * @param kind whether it only grows
 * @param help what it measures, one line
 * @param labelNames the label names, in order, the same for every sample
 * @param samples one value per label set
 */
public record MetricFamily(
        String domain,
        String group,
        String name,
        Kind kind,
        String help,
        List<String> labelNames,
        List<Sample> samples) {

    /** Whether a metric only grows ({@code COUNTER}: Kafka's {@code *-total}) or goes up and down. */
    public enum Kind {
        /** Goes up and down (also ratios, averages, maxima). */
        GAUGE,
        /** Only grows while its task or client lives. */
        COUNTER
    }

    /**
     * One value of a metric.
     *
     * @param labelValues the label values, in the family's label order
     * @param value the value
     */
    public record Sample(List<String> labelValues, double value) {
        /**
         * Copies the values.
         *
         * @param labelValues the label values
         * @param value the value
         */
        public Sample {
            labelValues = List.copyOf(labelValues);
        }
    }

    /**
     * Checks the family: every sample has one value per label name.
     *
     * @param domain the JMX domain
     * @param group the group
     * @param name the attribute
     * @param kind the kind
     * @param help the help text
     * @param labelNames the label names
     * @param samples the samples
     */
    public MetricFamily {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(help, "help");
        labelNames = List.copyOf(labelNames);
        samples = List.copyOf(samples);
        for (Sample s : samples) {
            if (s.labelValues().size() != labelNames.size()) {
                throw new IllegalArgumentException(
                        name + ": sample has labels " + s.labelValues() + " for names " + labelNames);
            }
        }
    }
}
