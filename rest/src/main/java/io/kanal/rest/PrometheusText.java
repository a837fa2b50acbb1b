package io.kanal.rest;

import io.kanal.runtime.api.MetricFamily;
import java.util.List;

/**
 * Renders metrics in Prometheus' text exposition format, version 0.0.4. Names follow the JMX exporter's default
 * mapping of Kafka's MBeans, which is what Connect users scrape today: {@code <domain>_<type>_<attribute>} with every
 * character outside {@code [a-zA-Z0-9_:]} turned into {@code _}, so that {@code kafka.connect:type=source-task-metrics}
 * attribute {@code source-record-poll-total} becomes {@code kafka_connect_source_task_metrics_source_record_poll_total}
 * and the other MBean keys ({@code connector}, {@code task}, {@code client-id}) become labels. Each family gets its
 * {@code # HELP} and {@code # TYPE} line; names ending in {@code _total} are counters, the others gauges.
 *
 * <p><b>Threading.</b> Stateless.
 */
final class PrometheusText {

    /** The content type of format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    /**
     * Renders families.
     *
     * @param families the metrics
     * @return the exposition text, each line ending in {@code \n}
     */
    static String render(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder(families.size() * 128);
        for (MetricFamily f : families) {
            String name = metricName(f);
            out.append("# HELP ").append(name).append(' ');
            escapeHelp(f.help(), out);
            out.append('\n');
            out.append("# TYPE ")
                    .append(name)
                    .append(' ')
                    .append(f.kind() == MetricFamily.Kind.COUNTER ? "counter" : "gauge")
                    .append('\n');
            List<String> labels = f.labelNames();
            for (MetricFamily.Sample s : f.samples()) {
                out.append(name);
                if (!labels.isEmpty()) {
                    out.append('{');
                    for (int i = 0; i < labels.size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        out.append(sanitize(labels.get(i))).append("=\"");
                        escapeLabelValue(s.labelValues().get(i), out);
                        out.append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(value(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The Prometheus name of a family.
     *
     * @param f the family
     * @return {@code <domain>_<group>_<name>}, sanitized
     */
    static String metricName(MetricFamily f) {
        return sanitize(f.domain() + "_" + f.group() + "_" + f.name());
    }

    /** Every character outside the metric name alphabet becomes {@code _}; a leading digit gets a {@code _} before. */
    static String sanitize(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 1);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '_'
                    || c == ':'
                    || (c >= '0' && c <= '9' && i > 0);
            if (c >= '0' && c <= '9' && i == 0) {
                out.append('_').append(c);
            } else {
                out.append(ok ? c : '_');
            }
        }
        return out.toString();
    }

    /** HELP text: backslash and line feed are escaped. */
    static void escapeHelp(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** Label values: backslash, double quote and line feed are escaped. */
    static void escapeLabelValue(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** Whole numbers without a fraction (counters read naturally), others as Java doubles, which Prometheus parses. */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 9.007199254740992E15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
