package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.task.ErrorPolicy;
import io.kanal.runtime.task.TaskMetrics;
import io.kanal.runtime.worker.StartupCounters;
import io.kanal.runtime.worker.TaskSample;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} over HTTP on a worker double: content type, and the text as Prometheus reads it. */
class MetricsResourceTest {

    /** A worker with one source connector, one running task and its counters. */
    private static final class CountingWorker extends StubWorker {
        CountingWorker() {
            super(new CompletableFuture<>());
        }

        @Override
        public HerderView view() {
            HerderView.ConnectorView c = new HerderView.ConnectorView(
                    "src \"one\"",
                    Map.of("connector.class", "X"),
                    TargetState.RUNNING,
                    Status.of(StatusState.RUNNING, "w"),
                    List.of(new HerderView.TaskView(
                            new ConnectorTaskId("src \"one\"", 0), Map.of(), Status.of(StatusState.RUNNING, "w"))));
            return new HerderView(1, "w", false, new TreeMap<>(Map.of(c.name(), c)));
        }

        @Override
        public StartupCounters.Snapshot startups() {
            return new StartupCounters.Snapshot(1, 1, 0, 2, 1, 1);
        }

        @Override
        public List<TaskSample> taskSamples() {
            TaskMetrics metrics = new TaskMetrics();
            metrics.batch(3);
            metrics.batch(5);
            metrics.out(8);
            return List.of(new TaskSample(
                    new ConnectorTaskId("src \"one\"", 0),
                    false,
                    metrics.snapshot(),
                    new ErrorPolicy.Stats(2, 1, 1, 0, 1, 1, 0, 0)));
        }
    }

    @Test
    void servesPrometheusTextWithConnectsMetricNames() throws Exception {
        try (RestServer server =
                new RestServer(Map.of("listeners", "http://127.0.0.1:0"), ApiServices.of(new CountingWorker()))) {
            server.start();
            HttpResponse<String> reply = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.uri().resolve("/metrics"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t ->
                            assertThat(List.of(t.replace(" ", "").split(";"))).contains("text/plain", "version=0.0.4"));
            String text = reply.body();
            String task = "{connector=\"src \\\"one\\\"\",task=\"0\"}";
            assertThat(text)
                    .startsWith("# HELP kafka_connect_connect_worker_metrics_connector_count ")
                    .contains("# TYPE kafka_connect_connect_worker_metrics_connector_count gauge\n")
                    .contains("kafka_connect_connect_worker_metrics_connector_count 1\n")
                    .contains("kafka_connect_connect_worker_metrics_task_count 1\n")
                    .contains("kafka_connect_connect_worker_metrics_task_startup_failure_total 1\n")
                    .contains("kafka_connect_connect_worker_metrics_task_startup_success_percentage 0.5\n")
                    .contains("kafka_connect_connect_worker_metrics_connector_running_task_count"
                            + "{connector=\"src \\\"one\\\"\"} 1\n")
                    .contains(
                            "kafka_connect_connector_metrics_status{connector=\"src \\\"one\\\"\",status=\"running\"} 1\n")
                    .contains(
                            "kafka_connect_connector_metrics_status{connector=\"src \\\"one\\\"\",status=\"failed\"} 0\n")
                    .contains("kafka_connect_connector_task_metrics_status{connector=\"src \\\"one\\\"\",task=\"0\","
                            + "status=\"running\"} 1\n")
                    .contains("# TYPE kafka_connect_source_task_metrics_source_record_poll_total counter\n")
                    .contains("kafka_connect_source_task_metrics_source_record_poll_total" + task + " 8\n")
                    .contains("kafka_connect_source_task_metrics_source_record_write_total" + task + " 8\n")
                    .contains("kafka_connect_connector_task_metrics_batch_size_avg" + task + " 4\n")
                    .contains("kafka_connect_connector_task_metrics_batch_size_max" + task + " 5\n")
                    .contains("kafka_connect_task_error_metrics_total_record_failures" + task + " 2\n")
                    .contains("kafka_connect_task_error_metrics_total_records_skipped" + task + " 1\n")
                    .doesNotContain("sink_task_metrics");
            assertThat(text.lines().filter(l -> !l.startsWith("#")))
                    .allSatisfy(l -> assertThat(l).matches("[a-z_]+(\\{.*})? \\S+"));
        }
    }
}
