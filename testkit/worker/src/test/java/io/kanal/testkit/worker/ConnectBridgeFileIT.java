package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.runtime.isolation.connect.PluginDiscovery;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka Connect's own FileStreamSource and FileStreamSink connectors ({@code connect-file-4.3.1.jar} from Maven
 * Central, alone in a {@code plugin.path} directory, as a user deploys it) run unmodified on a Kanal standalone worker
 * through the Connect bridge: file → Kafka → file, offsets kept across a restart in Connect's source offset format.
 * Kanal's own file plugin sits on the same {@code plugin.path} and answers to the same Connect class names as aliases:
 * the real classes win, and both are listed.
 */
@WithKafkaCluster
class ConnectBridgeFileIT {

    private static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static final String SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
    private static final String TOPIC = "bridge-file";

    @TempDir
    Path dir;

    @Test
    void apacheFileConnectorsRunUnmodifiedAndResumeFromTheirOffsets(KafkaCluster cluster) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(connectFileJar(), plugins.resolve("connect-file-4.3.1.jar"));
        Pipelines.createTopic(cluster, TOPIC, 1);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        List<String> input = new ArrayList<>(Pipelines.writeInput(in, 2_000));
        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(plugins, Pipelines.plugin("file"))
                .workerConfig(ConnectLayer.CONFIG, layer().toString())
                .workerConfig("offset.flush.interval.ms", "1000")
                .workDir(dir.resolve("worker"))
                .build()) {
            worker.putConnector("src", Map.of("connector.class", SOURCE, "file", in.toString(), "topic", TOPIC));
            worker.putConnector("snk", Map.of("connector.class", SINK, "file", out.toString(), "topics", TOPIC));
            worker.start();
            awaitLines(out, input.size());
            assertRunning(worker.view(), "src");
            assertRunning(worker.view(), "snk");
            assertListedWithVersions(worker.restUri());
            // The stored task configs are Connect's own: its task class, the sink's topics copied in.
            assertThat(taskConfig(worker.restUri(), "src"))
                    .containsEntry("task.class", "org.apache.kafka.connect.file.FileStreamSourceTask")
                    .containsEntry("file", in.toString())
                    .containsEntry("topic", TOPIC);
            assertThat(taskConfig(worker.restUri(), "snk"))
                    .containsEntry("task.class", "org.apache.kafka.connect.file.FileStreamSinkTask")
                    .containsEntry("topics", TOPIC);

            worker.stop();
            // Lines written while the worker is down are read from the stored position on, none twice.
            List<String> more = Pipelines.input(3_000).subList(2_000, 3_000);
            Files.write(in, more, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            input.addAll(more);
            worker.start();
            awaitLines(out, input.size());
            assertRunning(worker.view(), "src");
        }
        // One partition: the output is the input, in order, each line once; the topic holds each line once.
        assertThat(Pipelines.lines(out)).containsExactlyElementsOf(input);
        assertThat(Pipelines.endOffsets(cluster, TOPIC, 1)).isEqualTo(input.size());
        // Connect's FileStreamSource offset, as an Apache worker stores it: {"filename": ...} → {"position": bytes}.
        JsonNode offsets = new ObjectMapper()
                .readTree(dir.resolve("worker").resolve("offsets").toFile());
        JsonNode entry = null;
        for (JsonNode candidate : offsets.path("offsets")) {
            if (candidate.path("key").path(0).asText().equals("src")) {
                entry = candidate;
            }
        }
        assertThat(entry).as("the source's stored offset in %s", offsets).isNotNull();
        assertThat(entry.path("key").path(1).toString())
                .isEqualTo(new ObjectMapper().writeValueAsString(Map.of("filename", in.toString())));
        assertThat(entry.path("value").toString()).isEqualTo("{\"position\":" + Files.size(in) + "}");
    }

    @Test
    void theRealConnectClassBeatsTheKanalAliasAndBothAreListed() {
        Path plugins = dir.resolve("plugins");
        try (ConnectLayer layer = ConnectLayer.open(
                layer(), PluginDiscovery.HYBRID_WARN, getClass().getClassLoader())) {
            Files.createDirectories(plugins);
            Files.copy(connectFileJar(), plugins.resolve("connect-file-4.3.1.jar"));
            try (PluginRegistry registry = PluginRegistry.load(
                    PluginPath.of(List.of(plugins, Pipelines.plugin("file"))), PluginRegistry.Builtins.NONE, layer)) {
                assertThat(registry.failures()).isEmpty();
                PluginDescriptor resolved = registry.resolveConnector(SOURCE, null);
                assertThat(resolved.bridged()).isNotNull();
                assertThat(resolved.version().toString()).isEqualTo("4.3.1");
                assertThat(resolved.loader().loadClass(SOURCE).getClassLoader()).isSameAs(resolved.loader());
                assertThat(registry.plugins(PluginType.SOURCE))
                        .extracting(PluginDescriptor::className)
                        .contains(SOURCE, "io.kanal.plugins.file.FileStreamSourceConnector");
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLocationWithoutManifestsIsFoundByScanningAsPluginDiscoverySays() throws Exception {
        // connect-file's classes without its META-INF/services manifests, as a directory of classes.
        Path classes = Files.createDirectories(dir.resolve("plugins").resolve("connect-file-classes"));
        try (java.util.jar.JarFile jar =
                new java.util.jar.JarFile(connectFileJar().toFile())) {
            for (java.util.jar.JarEntry entry : java.util.Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class")) {
                    Path target = classes.resolve(entry.getName());
                    Files.createDirectories(target.getParent());
                    try (java.io.InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        PluginPath path = PluginPath.of(List.of(dir.resolve("plugins")));
        try (ConnectLayer layer = ConnectLayer.open(
                        layer(), PluginDiscovery.ONLY_SCAN, getClass().getClassLoader());
                PluginRegistry registry = PluginRegistry.load(path, PluginRegistry.Builtins.NONE, layer)) {
            assertThat(registry.plugins())
                    .extracting(PluginDescriptor::className)
                    .containsExactlyInAnyOrder(SOURCE, SINK);
        }
        try (ConnectLayer layer = ConnectLayer.open(
                        layer(), PluginDiscovery.SERVICE_LOAD, getClass().getClassLoader());
                PluginRegistry registry = PluginRegistry.load(path, PluginRegistry.Builtins.NONE, layer)) {
            assertThat(registry.plugins()).isEmpty();
        }
        try (ConnectLayer layer = ConnectLayer.open(
                        layer(), PluginDiscovery.HYBRID_FAIL, getClass().getClassLoader());
                PluginRegistry registry = PluginRegistry.load(path, PluginRegistry.Builtins.NONE, layer)) {
            assertThat(registry.plugins()).isEmpty();
            assertThat(registry.failures()).singleElement().satisfies(failure -> assertThat(failure.describe())
                    .contains("hybrid_fail")
                    .contains(SOURCE)
                    .contains(SINK));
        }
    }

    private static void assertRunning(HerderView view, String connector) {
        assertThat(view.connector(connector).orElseThrow().tasks())
                .isNotEmpty()
                .allSatisfy(task -> assertThat(task.status().state()).isEqualTo(StatusState.RUNNING));
    }

    /** {@code GET /connector-plugins}: Connect's file connectors at 4.3.1 and Kanal's own, side by side. */
    private static void assertListedWithVersions(URI rest) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(rest.resolve("/connector-plugins"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> versions = new java.util.HashMap<>();
        for (JsonNode plugin : new ObjectMapper().readTree(response.body())) {
            versions.put(plugin.path("class").asText(), plugin.path("version").asText());
        }
        assertThat(versions).containsEntry(SOURCE, "4.3.1").containsEntry(SINK, "4.3.1");
        assertThat(versions).containsKeys("io.kanal.plugins.file.FileStreamSourceConnector");
    }

    /** {@code GET /connectors/{name}/tasks}: the config of task 0, as the config store holds it. */
    private static Map<String, String> taskConfig(URI rest, String connector) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(rest.resolve("/connectors/" + connector + "/tasks"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode tasks = new ObjectMapper().readTree(response.body());
        assertThat(tasks.size()).isEqualTo(1);
        Map<String, String> config = new java.util.TreeMap<>();
        tasks.get(0)
                .path("config")
                .fields()
                .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    private static void awaitLines(Path file, int count) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Pipelines.lineCount(file) >= count);
    }

    static Path layer() {
        String dir = System.getProperty("kanal.test.connect.bridge.layer");
        assertThat(dir)
                .as("system property kanal.test.connect.bridge.layer (set by failsafe in testkit/worker/pom.xml)")
                .isNotNull();
        Path layer = Path.of(dir).normalize();
        assertThat(layer.resolve("kafka-clients-4.3.1.jar"))
                .as("the Connect bridge layer; build connect-bridge (mvn package) first")
                .isRegularFile();
        return layer;
    }

    static Path connectFileJar() {
        return ConnectClasspath.load().jars().stream()
                .filter(jar -> jar.getFileName().toString().startsWith("connect-file-"))
                .findFirst()
                .orElseThrow();
    }
}
