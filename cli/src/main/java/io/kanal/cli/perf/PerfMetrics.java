package io.kanal.cli.perf;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/** Prints a client's metrics for {@code --print-metrics}, one per line, sorted by name. */
final class PerfMetrics {
    private PerfMetrics() {}

    static void print(MetricRegistry registry, PrintStream out) {
        Map<String, String> lines = new TreeMap<>();
        registry.getMeters().forEach((name, m) -> lines.put(name, meter(m)));
        registry.getCounters().forEach((name, c) -> lines.put(name, "count=" + c.getCount()));
        registry.getHistograms().forEach((name, h) -> lines.put(name, histogram(h)));
        registry.getTimers().forEach((name, t) -> lines.put(name, timer(t)));
        registry.getGauges().forEach((name, g) -> lines.put(name, gauge(g)));
        out.println("Metrics:");
        lines.forEach((name, value) -> out.printf("  %-60s %s%n", name, value));
    }

    private static String meter(Meter m) {
        return String.format("count=%d mean-rate=%.1f/s", m.getCount(), m.getMeanRate());
    }

    private static String histogram(Histogram h) {
        var s = h.getSnapshot();
        return String.format(
                "count=%d mean=%.1f p50=%.0f p99=%.0f max=%d",
                h.getCount(), s.getMean(), s.getMedian(), s.get99thPercentile(), s.getMax());
    }

    private static String timer(Timer t) {
        var s = t.getSnapshot();
        return String.format(
                "count=%d mean=%.3fms p99=%.3fms", t.getCount(), s.getMean() / 1e6, s.get99thPercentile() / 1e6);
    }

    private static String gauge(Gauge<?> g) {
        return String.valueOf(g.getValue());
    }
}
