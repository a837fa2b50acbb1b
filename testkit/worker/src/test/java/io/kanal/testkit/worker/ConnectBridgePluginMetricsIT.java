package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Connect connector's and its source task's {@code pluginMetrics()} (KIP-877) on the worker's {@code GET /metrics}:
 * the connector (compiled here against the layer's Connect API, alone in a {@code plugin.path} directory with its
 * manifest) counts its starts and its task its records, with sensors; the worker shows them as {@code
 * kafka_connect_plugins_<name>} with Connect's {@code connector} (and {@code task}) tags first, then the plugin's own.
 */
@WithKafkaCluster
class ConnectBridgePluginMetricsIT {

    private static final String CONNECTOR = "com.example.metered.MeteredSourceConnector";
    private static final int RECORDS = 100;

    private static final String CONNECTOR_SOURCE = """
            package com.example.metered;

            import java.util.LinkedHashMap;
            import java.util.List;
            import java.util.Map;
            import org.apache.kafka.common.config.ConfigDef;
            import org.apache.kafka.common.metrics.PluginMetrics;
            import org.apache.kafka.common.metrics.Sensor;
            import org.apache.kafka.common.metrics.stats.CumulativeSum;
            import org.apache.kafka.connect.connector.Task;
            import org.apache.kafka.connect.source.SourceConnector;

            public class MeteredSourceConnector extends SourceConnector {
                private Map<String, String> props;

                @Override public void start(Map<String, String> props) {
                    this.props = props;
                    PluginMetrics metrics = context.pluginMetrics();
                    Sensor starts = metrics.addSensor("starts");
                    starts.add(metrics.metricName("starts-total", "Starts.", new LinkedHashMap<>()), new CumulativeSum());
                    starts.record();
                }
                @Override public Class<? extends Task> taskClass() { return MeteredSourceTask.class; }
                @Override public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(props); }
                @Override public void stop() {}
                @Override public ConfigDef config() { return new ConfigDef(); }
                @Override public String version() { return "1.0"; }
            }
            """;

    private static final String TASK_SOURCE = """
            package com.example.metered;

            import java.util.LinkedHashMap;
            import java.util.List;
            import java.util.Map;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;
            import org.apache.kafka.common.metrics.PluginMetrics;
            import org.apache.kafka.common.metrics.Sensor;
            import org.apache.kafka.common.metrics.stats.CumulativeSum;
            import org.apache.kafka.connect.data.Schema;
            import org.apache.kafka.connect.source.SourceRecord;
            import org.apache.kafka.connect.source.SourceTask;

            public class MeteredSourceTask extends SourceTask {
                private String topic;
                private Sensor records;
                private int sent;
                private final CountDownLatch stopped = new CountDownLatch(1);

                @Override public String version() { return "1.0"; }

                @Override public void start(Map<String, String> props) {
                    topic = props.get("topic");
                    PluginMetrics metrics = context.pluginMetrics();
                    LinkedHashMap<String, String> tags = new LinkedHashMap<>();
                    tags.put("source", "metered");
                    records = metrics.addSensor("records");
                    records.add(metrics.metricName("records-total", "Records polled.", tags), new CumulativeSum());
                }

                @Override public List<SourceRecord> poll() throws InterruptedException {
                    if (sent >= %d) {
                        // idle, paced, and done at once when stopped
                        stopped.await(50, TimeUnit.MILLISECONDS);
                        return null;
                    }
                    sent++;
                    records.record();
                    return List.of(new SourceRecord(
                            Map.of("p", 0), Map.of("o", sent), topic, Schema.STRING_SCHEMA, "v" + sent));
                }

                @Override public void stop() {
                    stopped.countDown();
                }
            }
            """.formatted(RECORDS);

    @TempDir
    Path dir;

    @Test
    void bridgedPluginMetricsAreOnTheWorkersMetricsEndpoint(KafkaCluster cluster) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        TestPluginCompiler.compile(
                Files.createDirectories(plugins.resolve("metered")),
                Map.of(
                        "com/example/metered/MeteredSourceConnector.java", CONNECTOR_SOURCE,
                        "com/example/metered/MeteredSourceTask.java", TASK_SOURCE),
                Map.of("org.apache.kafka.connect.source.SourceConnector", List.of(CONNECTOR)));
        Pipelines.createTopic(cluster, "metered", 1);
        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(plugins)
                .workerConfig(ConnectLayer.CONFIG, ConnectBridgeFileIT.layer().toString())
                .workDir(dir.resolve("worker"))
                .build()) {
            worker.putConnector("metered", Map.of("connector.class", CONNECTOR, "topic", "metered"));
            worker.start();
            String series = "kafka_connect_plugins_records_total{connector=\"metered\",task=\"0\",source=\"metered\"}";
            HttpClient http = HttpClient.newHttpClient();
            await("the task's records-total on /metrics reaches " + RECORDS)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(
                            () -> value(
                                    http.send(
                                                    HttpRequest.newBuilder(worker.restUri()
                                                                    .resolve("/metrics"))
                                                            .build(),
                                                    HttpResponse.BodyHandlers.ofString())
                                            .body(),
                                    series),
                            v -> v.isPresent() && v.getAsDouble() == RECORDS);
            // The connector's own, tagged with its name only.
            String connectorSeries = "kafka_connect_plugins_starts_total{connector=\"metered\"}";
            String exposition = http.send(
                            HttpRequest.newBuilder(worker.restUri().resolve("/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(value(exposition, connectorSeries)).hasValue(1.0);
        }
        assertThat(Pipelines.endOffsets(cluster, "metered", 1)).isEqualTo(RECORDS);
    }

    /** The value of one series in Prometheus' text format. */
    private static OptionalDouble value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return OptionalDouble.of(
                        Double.parseDouble(line.substring(series.length() + 1).trim()));
            }
        }
        return OptionalDouble.empty();
    }
}
