package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.isolation.ForeignApiLinkageException;
import io.kanal.runtime.isolation.PluginLoadFailure;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.UnknownPluginException;
import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.runtime.isolation.connect.PluginDiscovery;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector built against Kafka Connect 3.9.1 (compiled here, against Apache's 3.9.1 jars) whose task calls {@code
 * SourceTask.commitRecord(SourceRecord)} and {@code Utils.mkSet}, both removed in Kafka 4.0: the worker reports it as
 * a plugin load failure naming both members, before any of its code runs, and a connector of that class is refused
 * with that reason (by the registry, and by {@code PUT /connectors/{name}/config} with status 400); Apache's
 * connect-file beside it still loads.
 */
class OldConnectApiIT {

    private static final String OLD = "com.acme.old.OldSourceConnector";

    private static final Map<String, String> SOURCES =
            Map.of("com/acme/old/OldSourceConnector.java", """
            package com.acme.old;

            import java.util.List;
            import java.util.Map;
            import org.apache.kafka.common.config.ConfigDef;
            import org.apache.kafka.connect.connector.Task;
            import org.apache.kafka.connect.source.SourceConnector;

            public class OldSourceConnector extends SourceConnector {
                private Map<String, String> props;
                @Override public String version() { return "3.9.1-old"; }
                @Override public void start(Map<String, String> props) { this.props = props; }
                @Override public Class<? extends Task> taskClass() { return OldSourceTask.class; }
                @Override public List<Map<String, String>> taskConfigs(int max) { return List.of(props); }
                @Override public void stop() {}
                @Override public ConfigDef config() { return new ConfigDef(); }
            }
            """, "com/acme/old/OldSourceTask.java", """
            package com.acme.old;

            import java.util.List;
            import java.util.Map;
            import java.util.Set;
            import org.apache.kafka.common.utils.Utils;
            import org.apache.kafka.connect.source.SourceRecord;
            import org.apache.kafka.connect.source.SourceTask;

            public class OldSourceTask extends SourceTask {
                private Set<String> seen;
                @Override public String version() { return "3.9.1-old"; }
                @Override public void start(Map<String, String> props) { seen = Utils.mkSet("a", "b"); }
                @Override public List<SourceRecord> poll() { return null; }
                @Override public void commitRecord(SourceRecord record) throws InterruptedException {
                    super.commitRecord(record);
                }
                @Override public void stop() {}
            }
            """);

    @TempDir
    Path dir;

    @Test
    void aConnectorBuiltAgainstConnect39NamesTheRemovedMembersItCalls() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        compileOldConnector(Files.createDirectories(plugins.resolve("old-connector")));
        Files.copy(ConnectBridgeFileIT.connectFileJar(), plugins.resolve("connect-file-4.3.1.jar"));

        long started = System.nanoTime();
        try (ConnectLayer layer = ConnectLayer.open(
                        ConnectBridgeFileIT.layer(),
                        PluginDiscovery.HYBRID_WARN,
                        getClass().getClassLoader());
                PluginRegistry registry =
                        PluginRegistry.load(PluginPath.of(List.of(plugins)), PluginRegistry.Builtins.NONE, layer)) {
            long loadMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(registry.failures()).hasSize(1);
            PluginLoadFailure failure = registry.failures().get(0);
            assertThat(failure.stage()).isEqualTo(PluginLoadFailure.Stage.LINK);
            assertThat(failure.className()).isEqualTo(OLD);
            assertThat(failure.cause()).isInstanceOf(ForeignApiLinkageException.class);
            assertThat(((ForeignApiLinkageException) failure.cause()).missing())
                    .extracting(m -> m.display())
                    .containsExactlyInAnyOrder("SourceTask.commitRecord(SourceRecord)", "Utils.mkSet(Object[])");
            assertThat(failure.cause().getMessage())
                    .startsWith(OLD + " is built against an older Kafka Connect API: ")
                    .contains("calls SourceTask.commitRecord(SourceRecord), removed in Kafka 4.0")
                    .contains("calls Utils.mkSet(Object[]), removed in Kafka 4.0")
                    .endsWith("rebuild it against connect-api 4.3.1 (the Kafka Connect API of this worker's Connect"
                            + " bridge)");

            // A connector of that class is refused with the reason, not started into a NoSuchMethodError.
            assertThatThrownBy(() -> registry.resolveConnector(OLD, null))
                    .isInstanceOf(UnknownPluginException.class)
                    .hasMessageContaining("failed to load")
                    .hasMessageContaining("SourceTask.commitRecord(SourceRecord), removed in Kafka 4.0");

            // Apache's connectors, linked against 4.3.1, are checked the same way and load.
            assertThat(registry.resolveConnector("org.apache.kafka.connect.file.FileStreamSourceConnector", null)
                            .bridged())
                    .isNotNull();
            assertThat(registry.resolveConnector("org.apache.kafka.connect.file.FileStreamSinkConnector", null)
                            .bridged())
                    .isNotNull();
            // The check reads a handful of class files: discovery of both locations stays well under a second.
            assertThat(loadMillis).as("registry load time, ms").isLessThan(5_000);
        }
    }

    @Test
    @WithKafkaCluster
    void creatingSuchAConnectorOverRestIsRefusedWithTheReason(KafkaCluster cluster) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        compileOldConnector(Files.createDirectories(plugins.resolve("old-connector")));
        Files.copy(ConnectBridgeFileIT.connectFileJar(), plugins.resolve("connect-file-4.3.1.jar"));
        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(plugins)
                .workerConfig(ConnectLayer.CONFIG, ConnectBridgeFileIT.layer().toString())
                .workDir(dir.resolve("worker"))
                .build()) {
            worker.start();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(worker.restUri().resolve("/connectors/old/config"))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    "{\"connector.class\": \"" + OLD + "\", \"topic\": \"t\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(400);
            assertThat(created.body())
                    .contains(OLD + " is built against an older Kafka Connect API")
                    .contains("SourceTask.commitRecord(SourceRecord), removed in Kafka 4.0");
            HttpResponse<String> listed = http.send(
                    HttpRequest.newBuilder(worker.restUri().resolve("/connector-plugins"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body())
                    .contains("org.apache.kafka.connect.file.FileStreamSourceConnector")
                    .doesNotContain(OLD);
        }
    }

    /** Compiles the connector against Kafka 3.9.1's jars into a plugin location with its manifest. */
    private static void compileOldConnector(Path location) throws IOException {
        String kafka39 = System.getProperty("kanal.test.kafka39");
        assertThat(kafka39)
                .as("system property kanal.test.kafka39 (testkit/worker/pom.xml)")
                .isNotNull();
        String classpath = Path.of(kafka39, "connect-api-3.9.1.jar")
                + File.pathSeparator
                + Path.of(kafka39, "kafka-clients-3.9.1.jar");
        TestPluginCompiler.compile(
                classpath, location, SOURCES, Map.of("org.apache.kafka.connect.source.SourceConnector", List.of(OLD)));
    }
}
