package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.isolation.MissingManifestsException;
import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.runtime.isolation.connect.PluginDiscovery;
import io.kanal.runtime.worker.StandaloneWorker;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the worker takes from Connect plugin locations besides connectors: a third-party Connect {@code
 * ConfigProvider} (compiled here against the layer's kafka-clients 4.3.1, alone in a {@code plugin.path} directory
 * with its manifest) and Connect's own {@code FileConfigProvider} class name feed Apache's FileStreamSource/Sink
 * configs; the resolved values never reach the stored configs or REST. And {@code plugin.discovery=hybrid_fail}
 * with a Connect location that lacks manifests refuses to start the worker, as Connect's does.
 */
@WithKafkaCluster
class ConnectBridgeWorkerConfigIT {

    private static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    private static final String SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
    private static final String PROVIDER = "com.example.secrets.RootedConfigProvider";
    /** The topic name is the "secret" here: it must appear nowhere but in the provider's file and the broker. */
    private static final String SECRET_TOPIC = "bridge-secret-topic-7f3a";

    private static final String PROVIDER_SOURCE = """
            package com.example.secrets;

            import java.io.IOException;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.Paths;
            import java.util.HashMap;
            import java.util.Map;
            import java.util.Set;
            import org.apache.kafka.common.config.ConfigData;
            import org.apache.kafka.common.config.ConfigException;
            import org.apache.kafka.common.config.provider.ConfigProvider;

            /** ${name:dir:key} = the content of <root>/<dir>/<key>. */
            public class RootedConfigProvider implements ConfigProvider {
                private Path root;

                @Override
                public void configure(Map<String, ?> configs) {
                    Object value = configs.get("root");
                    if (value == null) {
                        throw new ConfigException("the root parameter is required");
                    }
                    root = Paths.get(value.toString());
                }

                @Override
                public ConfigData get(String path) {
                    return new ConfigData(Map.of());
                }

                @Override
                public ConfigData get(String path, Set<String> keys) {
                    Map<String, String> data = new HashMap<>();
                    for (String key : keys) {
                        Path file = root.resolve(path).resolve(key);
                        if (Files.isRegularFile(file)) {
                            try {
                                data.put(key, Files.readString(file, StandardCharsets.UTF_8).trim());
                            } catch (IOException e) {
                                throw new ConfigException("cannot read " + file);
                            }
                        }
                    }
                    return new ConfigData(data);
                }

                @Override
                public void close() {}
            }
            """;

    @TempDir
    Path dir;

    @Test
    void connectConfigProvidersFromPluginPathResolveConnectorConfigsWithoutLeakingThem(KafkaCluster cluster)
            throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(ConnectBridgeFileIT.connectFileJar(), plugins.resolve("connect-file-4.3.1.jar"));
        TestPluginCompiler.compile(
                Files.createDirectories(plugins.resolve("rooted-provider")),
                Map.of("com/example/secrets/RootedConfigProvider.java", PROVIDER_SOURCE),
                Map.of("org.apache.kafka.common.config.provider.ConfigProvider", List.of(PROVIDER)));
        Pipelines.createTopic(cluster, SECRET_TOPIC, 1);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        List<String> input = Pipelines.writeInput(in, 500);
        // The built-in behind Connect's FileConfigProvider class name holds the topic; the plugin holds the input path.
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path topicFile = secrets.resolve("pipeline.properties");
        Files.writeString(topicFile, "topic=" + SECRET_TOPIC + "\n", StandardCharsets.UTF_8);
        Path vault = Files.createDirectories(dir.resolve("vault").resolve("inputs"));
        Files.writeString(vault.resolve("source"), in.toString(), StandardCharsets.UTF_8);
        String topicRef = "${file:" + topicFile + ":topic}";
        String inputRef = "${vault:inputs:source}";
        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(plugins)
                .workerConfig(ConnectLayer.CONFIG, ConnectBridgeFileIT.layer().toString())
                .workerConfig("config.providers", "file,vault")
                .workerConfig(
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .workerConfig("config.providers.file.param.allowed.paths", secrets.toString())
                .workerConfig("config.providers.vault.class", PROVIDER)
                .workerConfig(
                        "config.providers.vault.param.root",
                        dir.resolve("vault").toString())
                .workerConfig("offset.flush.interval.ms", "1000")
                .workDir(dir.resolve("worker"))
                .build()) {
            worker.putConnector("src", Map.of("connector.class", SOURCE, "file", inputRef, "topic", topicRef));
            worker.putConnector("snk", Map.of("connector.class", SINK, "file", out.toString(), "topics", topicRef));
            worker.start();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> Pipelines.lineCount(out) >= input.size());
            for (String connector : List.of("src", "snk")) {
                assertThat(worker.view().connector(connector).orElseThrow().tasks())
                        .isNotEmpty()
                        .allSatisfy(task -> assertThat(task.status().state()).isEqualTo(StatusState.RUNNING));
            }
            // REST shows the references as written, in connector and task configs, as Apache's worker does.
            URI rest = worker.restUri();
            String sourceConfig = get(rest, "/connectors/src/config");
            assertThat(sourceConfig).contains(inputRef).contains(topicRef).doesNotContain(SECRET_TOPIC);
            JsonNode tasks = new ObjectMapper().readTree(get(rest, "/connectors/src/tasks"));
            assertThat(tasks.get(0).path("config").path("topic").asText()).isEqualTo(topicRef);
            assertThat(tasks.get(0).path("config").path("file").asText()).isEqualTo(inputRef);
            assertThat(get(rest, "/connectors/snk/tasks")).contains(topicRef).doesNotContain(SECRET_TOPIC);
            assertThat(get(rest, "/connectors?expand=info&expand=status")).doesNotContain(SECRET_TOPIC);
            // Like Apache's, the listing shows no config providers (connectorsOnly=false adds converters, transforms
            // and predicates only); the third-party provider worked, or the source could not have read its file.
            assertThat(get(rest, "/connector-plugins?connectorsOnly=false"))
                    .contains(SOURCE)
                    .doesNotContain(PROVIDER);
        }
        assertThat(Pipelines.lines(out)).containsExactlyElementsOf(input);
        assertThat(Pipelines.endOffsets(cluster, SECRET_TOPIC, 1)).isEqualTo(input.size());
        // Nothing the worker wrote holds the resolved topic: the stored configs keep the references.
        try (var files = Files.walk(dir.resolve("worker"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                        .as("%s", file)
                        .doesNotContain(SECRET_TOPIC);
            }
        }
    }

    @Test
    void hybridFailRefusesToStartAWorkerWhoseConnectPluginsLackManifests() throws Exception {
        // connect-file's classes without their META-INF/services manifests.
        Path classes = Files.createDirectories(dir.resolve("plugins").resolve("connect-file-classes"));
        try (JarFile jar = new JarFile(ConnectBridgeFileIT.connectFileJar().toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class")) {
                    Path target = classes.resolve(entry.getName());
                    Files.createDirectories(target.getParent());
                    try (InputStream bytes = jar.getInputStream(entry)) {
                        Files.copy(bytes, target);
                    }
                }
            }
        }
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", "localhost:1");
        config.put("plugin.path", dir.resolve("plugins").toString());
        config.put(ConnectLayer.CONFIG, ConnectBridgeFileIT.layer().toString());
        config.put(StandaloneWorker.OFFSET_FILE, dir.resolve("offsets").toString());
        config.put(PluginDiscovery.CONFIG, "hybrid_fail");
        assertThatThrownBy(() -> StandaloneWorker.create(config))
                .isInstanceOf(MissingManifestsException.class)
                .hasMessageContaining("hybrid_fail")
                .hasMessageContaining(classes.toString())
                .hasMessageContaining(SOURCE)
                .hasMessageContaining(SINK);
        // hybrid_warn loads them from their classes, with a warning.
        config.put(PluginDiscovery.CONFIG, "hybrid_warn");
        try (StandaloneWorker worker = StandaloneWorker.create(config)) {
            assertThat(worker).isNotNull();
        }
    }

    private static String get(URI rest, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(rest.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }
}
