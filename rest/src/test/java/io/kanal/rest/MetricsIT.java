package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kanal's additions to the REST API on a real standalone worker and broker: {@code GET /metrics} counts what a file
 * source and a file sink moved, and a failed task's status carries the structured {@code error} next to Connect's
 * {@code trace}.
 */
@WithKafkaCluster
class MetricsIT {

    private static final int LINES = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir
    static Path dir;

    private static RestWorker fixture;
    private static Path input;

    @BeforeAll
    static void start(KafkaCluster cluster) throws Exception {
        // Sinks subscribe before the sources have written: the topics exist first, so no metadata refresh is waited
        // for.
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(NewTopic.of("metrics-in", 1, 1), NewTopic.of("not-json", 1, 1)), false)
                    .get()
                    .orThrow();
        }
        input = Files.writeString(
                dir.resolve("in.txt"),
                IntStream.range(0, LINES).mapToObj(i -> "line-" + i + "\n").collect(Collectors.joining()));
        fixture = RestWorker.start(RestWorker.config(cluster, dir, Map.of("offset.flush.interval.ms", "500")));
    }

    @AfterAll
    static void stop() {
        RestWorker.stop(fixture);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.uri().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String method, String path, String body) throws Exception {
        HttpResponse<String> reply = send(method, path, body);
        assertThat(reply.statusCode())
                .as("%s %s: %s", method, path, reply.body())
                .isBetween(200, 299);
        return JSON.readTree(reply.body());
    }

    private static String scrape() throws Exception {
        HttpResponse<String> reply = send("GET", "/metrics", null);
        assertThat(reply.statusCode()).isEqualTo(200);
        return reply.body();
    }

    /** The value of the one sample whose name and labels are exactly {@code series}. */
    private static OptionalDouble sample(String text, String series) {
        return text.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst();
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void metricsCountWhatTheSourceAndTheSinkMoved() throws Exception {
        json(
                "POST",
                "/connectors",
                "{\"name\":\"metered\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"" + input
                        + "\",\"topic\":\"metrics-in\",\"tasks.max\":\"1\"}}");
        Path output = dir.resolve("out.txt");
        json(
                "POST",
                "/connectors",
                "{\"name\":\"metered-sink\",\"config\":{\"connector.class\":\"FileStreamSink\",\"file\":\"" + output
                        + "\",\"topics\":\"metrics-in\",\"tasks.max\":\"1\"}}");

        String source = "{connector=\"metered\",task=\"0\"}";
        String sink = "{connector=\"metered-sink\",task=\"0\"}";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String text = scrape();
            assertThat(sample(text, "kafka_connect_source_task_metrics_source_record_poll_total" + source))
                    .hasValue(LINES);
            assertThat(sample(text, "kafka_connect_source_task_metrics_source_record_write_total" + source))
                    .hasValue(LINES);
            assertThat(sample(text, "kafka_connect_sink_task_metrics_sink_record_read_total" + sink))
                    .hasValue(LINES);
            assertThat(sample(text, "kafka_connect_sink_task_metrics_sink_record_send_total" + sink))
                    .hasValue(LINES);
            assertThat(sample(text, "kafka_connect_sink_task_metrics_partition_count" + sink))
                    .hasValue(1);
            assertThat(sample(text, "kafka_connect_connector_task_metrics_offset_commit_success_percentage" + source))
                    .hasValue(1);
            assertThat(sample(
                            text,
                            "kafka_producer_producer_metrics_record_send_total{client_id=\"connector-producer-metered-0\","
                                    + "connector=\"metered\",task=\"0\"}"))
                    .hasValue(LINES);
            assertThat(sample(
                            text,
                            "kafka_consumer_consumer_fetch_manager_metrics_records_consumed_total"
                                    + "{client_id=\"connector-consumer-metered-sink-0\",connector=\"metered-sink\","
                                    + "task=\"0\"}"))
                    .hasValue(LINES);
        });
        String text = scrape();
        assertThat(sample(text, "kafka_connect_connect_worker_metrics_connector_count")
                        .orElse(-1))
                .isGreaterThanOrEqualTo(2);
        assertThat(sample(text, "kafka_connect_connect_worker_metrics_task_startup_success_total")
                        .orElse(-1))
                .isGreaterThanOrEqualTo(2);
        assertThat(sample(text, "kafka_connect_connector_metrics_status{connector=\"metered\",status=\"running\"}"))
                .hasValue(1);
        assertThat(sample(
                        text,
                        "kafka_connect_connector_task_metrics_status"
                                + "{connector=\"metered\",task=\"0\",status=\"running\"}"))
                .hasValue(1);
        assertThat(sample(text, "kafka_connect_source_task_metrics_source_record_poll_rate" + source)
                        .orElse(-1))
                .isPositive();
        assertThat(sample(text, "kafka_connect_task_error_metrics_total_record_errors" + source))
                .hasValue(0);
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE ")))
                .allSatisfy(l -> assertThat(l).matches("# TYPE [a-z_]+ (counter|gauge)"));
        assertThat(Files.readAllLines(output)).hasSize(LINES);

        assertThat(send("DELETE", "/connectors/metered-sink", null).statusCode())
                .isEqualTo(204);
        assertThat(send("DELETE", "/connectors/metered", null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(scrape()).doesNotContain("connector=\"metered\""));
    }

    @Test
    void aFailedTaskShowsItsStructuredErrorNextToConnectsTrace() throws Exception {
        // The topic holds plain text, which the JSON converter cannot read: the sink task fails on the first record.
        json(
                "POST",
                "/connectors",
                "{\"name\":\"broken-feed\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"" + input
                        + "\",\"topic\":\"not-json\",\"tasks.max\":\"1\"}}");
        json(
                "POST",
                "/connectors",
                "{\"name\":\"broken\",\"config\":{\"connector.class\":\"FileStreamSink\",\"file\":\""
                        + dir.resolve("broken.txt") + "\",\"topics\":\"not-json\",\"tasks.max\":\"1\","
                        + "\"value.converter\":\"org.apache.kafka.connect.json.JsonConverter\","
                        + "\"value.converter.schemas.enable\":\"false\",\"kanal.task.restart.policy\":\"none\"}}");

        JsonNode task = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> json("GET", "/connectors/broken/status", null)
                                .get("tasks")
                                .get(0),
                        t -> t.get("state").asText().equals("FAILED"));

        assertThat(fields(task)).containsExactly("id", "state", "worker_id", "trace", "error");
        assertThat(task.get("trace").asText()).contains("DataException");
        JsonNode error = task.get("error");
        assertThat(fields(error)).containsExactly("stage", "exception_class", "message", "record");
        assertThat(error.get("stage").asText()).isEqualTo("valueConverter");
        assertThat(error.get("exception_class").asText()).endsWith("DataException");
        assertThat(error.get("message").asText()).isNotBlank();
        JsonNode record = error.get("record");
        assertThat(fields(record)).containsExactly("topic", "partition", "offset");
        assertThat(record.get("topic").asText()).isEqualTo("not-json");
        assertThat(record.get("partition").asInt()).isZero();
        assertThat(record.get("offset").asLong()).isZero();

        JsonNode alone = json("GET", "/connectors/broken/tasks/0/status", null);
        assertThat(alone.get("error")).isEqualTo(error);
        assertThat(alone.get("trace")).isEqualTo(task.get("trace"));
        JsonNode connector = json("GET", "/connectors/broken/status", null).get("connector");
        assertThat(fields(connector)).containsExactly("state", "worker_id");

        assertThat(
                        sample(
                                scrape(),
                                "kafka_connect_connector_task_metrics_status{connector=\"broken\",task=\"0\",status=\"failed\"}"))
                .hasValue(1);

        assertThat(send("DELETE", "/connectors/broken", null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/connectors/broken-feed", null).statusCode()).isEqualTo(204);
    }
}
