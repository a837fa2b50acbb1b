package io.kanal.bridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.testing.FakeContexts;
import io.kanal.config.ConfigSpec;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics.ForeignMetric;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** A bridged task's {@code pluginMetrics()} as the worker reads them: Connect's tags first, numeric values only. */
class BridgedPluginMetricsTest {

    @Test
    void aTasksPluginMetricsCarryTheWorkersTagsFirstAndAreGoneAfterStop() {
        BridgedSinkTask sink = new BridgedSinkTask(new MeteredSinkTask());
        assertThat(sink).isInstanceOf(ForeignPluginMetrics.class);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", "files");
        tags.put("task", "2");
        sink.pluginTags(tags);
        assertThat(sink.pluginMetrics()).as("nothing registered yet").isEmpty();
        Map<String, String> config = Map.of("k", "v");
        sink.initialize(FakeContexts.sink(config));
        sink.start(ConfigSpec.builder().build().parse(config));

        List<ForeignMetric> metrics = sink.pluginMetrics();
        assertThat(metrics).extracting(ForeignMetric::name).containsExactly("started-total");
        ForeignMetric started = metrics.get(0);
        assertThat(started.group()).isEqualTo("plugins");
        assertThat(started.description()).isEqualTo("starts");
        assertThat(started.value()).isEqualTo(2.0);
        assertThat(List.copyOf(started.tags().entrySet()))
                .as("the worker's tags first, then the plugin's own")
                .containsExactly(Map.entry("connector", "files"), Map.entry("task", "2"), Map.entry("kind", "test"));
        sink.stop();
        assertThat(sink.pluginMetrics()).as("closed with the task").isEmpty();
    }

    /** A Connect sink task that registers a sensor and a text gauge (left out: not numeric) when it starts. */
    public static final class MeteredSinkTask extends org.apache.kafka.connect.sink.SinkTask {

        /** As Connect requires. */
        public MeteredSinkTask() {}

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {
            PluginMetrics metrics = context.pluginMetrics();
            LinkedHashMap<String, String> own = new LinkedHashMap<>();
            own.put("kind", "test");
            var sensor = metrics.addSensor("starts");
            sensor.add(metrics.metricName("started-total", "starts", own), new CumulativeSum());
            sensor.record();
            sensor.record();
            metrics.addMetric(metrics.metricName("mode", "a text gauge", new LinkedHashMap<>()), (Gauge<String>)
                    (config, now) -> "text");
        }

        @Override
        public void put(Collection<SinkRecord> records) {}

        @Override
        public void stop() {}
    }
}
