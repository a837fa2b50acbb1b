package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A worker, in the test JVM or as the real command line, serves the REST API at {@code restUri()}. */
@WithKafkaCluster
class WorkerRestIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(EmbeddedWorkerCluster.Mode.class)
    void servesTheConnectorsItWasGiven(EmbeddedWorkerCluster.Mode mode, KafkaCluster cluster) throws Exception {
        String topic = "rest-" + mode.name().toLowerCase(java.util.Locale.ROOT);
        Path in = Files.writeString(dir.resolve("in.txt"), "a\n");
        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .mode(mode)
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(Pipelines.plugin("file"))
                .workDir(dir.resolve("worker"))
                .build()) {
            worker.putConnector(
                    "src", Map.of("connector.class", "FileStreamSource", "file", in.toString(), "topic", topic));
            worker.start();
            URI rest = worker.restUri();
            assertThat(rest.getHost()).isEqualTo("127.0.0.1");
            assertThat(rest.getPort()).isPositive().isNotEqualTo(8083);
            HttpResponse<String> list = get(rest, "/connectors");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).isEqualTo("[\"src\"]");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            get(rest, "/connectors/src/status").body())
                    .contains("\"connector\":{\"state\":\"RUNNING\"")
                    .contains("\"tasks\":[{\"id\":0,\"state\":\"RUNNING\""));
        }
    }
}
