package io.kanal.plugins.http;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.kanal.client.IsolationLevel;
import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.ListedOffset;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.admin.OffsetSpec;
import io.kanal.runtime.herder.StatusState;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import io.kanal.testkit.worker.EmbeddedWorkerCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File source → Kafka → HTTP sink through a worker in the test JVM on a real broker, both plugins loaded from their
 * plugin directories: accepted records reach WireMock in order, rejected ones (400) reach the dead letter queue.
 */
@WithKafkaCluster
class HttpSinkWorkerIT {

    private static final int LINES = 40;

    @TempDir
    Path dir;

    private WireMockServer server;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void recordsReachTheEndpointAndRejectedOnesTheDeadLetterQueue(KafkaCluster cluster) throws Exception {
        createTopic(cluster, "http-in");
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        server.stubFor(
                post(urlEqualTo("/in")).withRequestBody(containing("bad")).willReturn(status(400)));
        List<String> lines = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            String line = i % 10 == 3 ? "bad-" + i : "ok-" + i;
            lines.add(line);
            if (line.startsWith("ok")) {
                good.add("[\"" + line + "\"]");
            }
        }
        Path in = dir.resolve("in.txt");
        Files.write(in, lines);

        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(plugin("http"), plugin("file"))
                .workerConfig("offset.flush.interval.ms", "1000")
                .workDir(dir.resolve("worker"))
                .build()) {
            worker.putConnector(
                    "src", Map.of("connector.class", "FileStreamSource", "file", in.toString(), "topic", "http-in"));
            worker.putConnector(
                    "hook",
                    Map.of(
                            "connector.class", "io.kanal.plugins.http.HttpSinkConnector",
                            "topics", "http-in",
                            "http.url", server.baseUrl() + "/in",
                            "batch.max.records", "1",
                            "batch.linger.ms", "10",
                            "errors.tolerance", "all",
                            "errors.deadletterqueue.topic.name", "http-dlq",
                            "errors.deadletterqueue.topic.replication.factor", "1"));
            worker.start();

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> server.getAllServeEvents().size() >= LINES);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> endOffset(cluster, "http-dlq") >= 4);
            assertThat(worker.view()
                            .connector("hook")
                            .orElseThrow()
                            .tasks()
                            .get(0)
                            .status()
                            .state())
                    .isEqualTo(StatusState.RUNNING);
        }
        assertThat(WireMockSink.acceptedBodies(server)).containsExactlyElementsOf(good);
        assertThat(endOffset(cluster, "http-dlq")).isEqualTo(4);
    }

    private static Path plugin(String name) {
        String path = System.getProperty("kanal.test.plugin." + name);
        assertThat(path).as("kanal.test.plugin.%s, set by failsafe", name).isNotNull();
        assertThat(Path.of(path, "kanal-" + name))
                .as("build plugins/%s first", name)
                .isDirectory();
        return Path.of(path);
    }

    private static void createTopic(KafkaCluster cluster, String topic) throws Exception {
        try (AdminClient admin = admin(cluster)) {
            admin.createTopics(List.of(NewTopic.of(topic, 1, 1)), false).get().orThrow();
        }
    }

    private static long endOffset(KafkaCluster cluster, String topic) throws Exception {
        try (AdminClient admin = admin(cluster)) {
            Map<TopicPartition, ListedOffset> ends = admin.listOffsets(
                            Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()), IsolationLevel.READ_UNCOMMITTED)
                    .get(10, TimeUnit.SECONDS)
                    .orThrow();
            return ends.values().stream().mapToLong(ListedOffset::offset).sum();
        }
    }

    private static AdminClient admin(KafkaCluster cluster) {
        return AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }
}
