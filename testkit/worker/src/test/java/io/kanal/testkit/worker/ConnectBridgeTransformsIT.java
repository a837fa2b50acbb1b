package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.runtime.isolation.connect.PluginDiscovery;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache's {@code connect-transforms-4.3.1.jar} and {@code connect-json-4.3.1.jar}, each alone in a {@code plugin.path}
 * entry as a user deploys them, named in a connector config beside one of Kanal's own transforms: Kanal's file source →
 * Kanal's {@code HoistField$Value} → Connect's {@code InsertField$Value} (guarded by Connect's {@code
 * TopicNameMatches} predicate) → Connect's {@code JsonConverter} → Kafka → Kanal's file sink with a string converter.
 * Each output line must be exactly the bytes Apache's own classes produce for its input line; a second sink reads the
 * topic through Connect's {@code JsonConverter} and {@code ExtractField$Value} (a sink record through a Connect
 * transform) and writes the input lines again. Kanal's built-in
 * transforms and converters answer to the same Connect class names as aliases: the real Connect classes on {@code
 * plugin.path} win.
 */
@WithKafkaCluster
class ConnectBridgeTransformsIT {

    private static final String TOPIC = "bridge-smt";
    private static final String INSERT = "org.apache.kafka.connect.transforms.InsertField$Value";
    private static final String HOIST = "org.apache.kafka.connect.transforms.HoistField$Value";
    private static final String TOPIC_MATCHES = "org.apache.kafka.connect.transforms.predicates.TopicNameMatches";
    private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";
    private static final String STRING = "org.apache.kafka.connect.storage.StringConverter";
    private static final int LINES = 500;

    @TempDir
    Path dir;

    @Test
    void connectSmtAndConverterJarsRunBesideKanalsOwnTransform(KafkaCluster cluster) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(apacheJar("connect-transforms-"), plugins.resolve("connect-transforms-4.3.1.jar"));
        Files.copy(apacheJar("connect-json-"), plugins.resolve("connect-json-4.3.1.jar"));
        Pipelines.createTopic(cluster, TOPIC, 1);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        Path lines = dir.resolve("lines.txt");
        List<String> input = Pipelines.writeInput(in, LINES);

        Map<String, String> source = new HashMap<>();
        source.put("connector.class", "io.kanal.plugins.file.FileStreamSourceConnector");
        source.put("file", in.toString());
        source.put("topic", TOPIC);
        source.put("transforms", "hoist,insert");
        // Kanal's own HoistField, by its own class name.
        source.put("transforms.hoist.type", "io.kanal.runtime.transform.HoistField$Value");
        source.put("transforms.hoist.field", "line");
        // Connect's InsertField: its real class on plugin.path, not Kanal's alias of the same name.
        source.put("transforms.insert.type", INSERT);
        source.put("transforms.insert.static.field", "origin");
        source.put("transforms.insert.static.value", "connect-4.3.1");
        source.put("transforms.insert.topic.field", "topic");
        source.put("transforms.insert.predicate", "ours");
        source.put("predicates", "ours");
        source.put("predicates.ours.type", TOPIC_MATCHES);
        source.put("predicates.ours.pattern", "bridge-.*");
        source.put("key.converter", STRING);
        source.put("value.converter", JSON);
        source.put("value.converter.schemas.enable", "true");

        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(plugins, Pipelines.plugin("file"))
                .workerConfig(ConnectLayer.CONFIG, layer().toString())
                .workDir(dir.resolve("worker"))
                .build()) {
            worker.putConnector("src", source);
            worker.putConnector(
                    "snk",
                    Map.of(
                            "connector.class",
                            "io.kanal.plugins.file.FileStreamSinkConnector",
                            "file",
                            out.toString(),
                            "topics",
                            TOPIC,
                            "value.converter",
                            STRING));
            // A sink pipeline: Connect's JsonConverter reads the bytes, Connect's ExtractField takes the line back out
            // of
            // the SinkRecord: the input again.
            worker.putConnector(
                    "lines",
                    Map.of(
                            "connector.class", "io.kanal.plugins.file.FileStreamSinkConnector",
                            "file", lines.toString(),
                            "topics", TOPIC,
                            "value.converter", JSON,
                            "transforms", "extract",
                            "transforms.extract.type", "org.apache.kafka.connect.transforms.ExtractField$Value",
                            "transforms.extract.field", "line"));
            worker.start();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> Pipelines.lineCount(out) >= LINES && Pipelines.lineCount(lines) >= LINES);
            assertThat(worker.view().connector("src").orElseThrow().tasks())
                    .isNotEmpty()
                    .allSatisfy(task -> assertThat(task.status().state()).isEqualTo(StatusState.RUNNING));
        }
        List<String> expected = apacheOutput(input);
        // Apache's envelope: the hoisted line, the topic and the static field the Connect transform inserted.
        assertThat(expected.get(0))
                .startsWith("{\"schema\":{\"type\":\"struct\"")
                .contains("\"payload\":{\"line\":\"" + input.get(0) + "\",\"topic\":\"" + TOPIC
                        + "\",\"origin\":\"connect-4.3.1\"}");
        assertThat(Pipelines.lines(out)).containsExactlyElementsOf(expected);
        assertThat(Pipelines.lines(lines)).containsExactlyElementsOf(input);
    }

    @Test
    void theRealConnectClassesBeatKanalsAliases() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(apacheJar("connect-transforms-"), plugins.resolve("connect-transforms-4.3.1.jar"));
        Files.copy(apacheJar("connect-json-"), plugins.resolve("connect-json-4.3.1.jar"));
        try (ConnectLayer layer = ConnectLayer.open(
                        layer(), PluginDiscovery.HYBRID_WARN, getClass().getClassLoader());
                PluginRegistry registry = PluginRegistry.load(
                        PluginPath.of(List.of(plugins)), PluginRegistry.Builtins.kanal("0.1.0-test"), layer)) {
            assertThat(registry.failures()).isEmpty();
            PluginDescriptor insert = registry.resolve(Set.of(PluginType.TRANSFORMATION), INSERT, null);
            assertThat(insert.bridged())
                    .as("InsertField$Value from connect-transforms")
                    .isNotNull();
            assertThat(insert.version().toString()).isEqualTo("4.3.1");
            assertThat(registry.resolve(Set.of(PluginType.PREDICATE), TOPIC_MATCHES, null)
                            .bridged())
                    .isNotNull();
            assertThat(registry.resolve(Set.of(PluginType.CONVERTER), JSON, null)
                            .bridged())
                    .isNotNull();
            assertThat(registry.resolve(Set.of(PluginType.HEADER_CONVERTER), JSON, null)
                            .bridged())
                    .isNotNull();
            // Kanal's own transforms stay available by their own names, and listed beside Connect's.
            assertThat(registry.resolve(
                                    Set.of(PluginType.TRANSFORMATION),
                                    "io.kanal.runtime.transform.HoistField$Value",
                                    null)
                            .bridged())
                    .isNull();
            assertThat(registry.plugins(PluginType.TRANSFORMATION))
                    .extracting(PluginDescriptor::className)
                    .contains(HOIST, INSERT, "io.kanal.runtime.transform.InsertField$Value");
        }
    }

    /**
     * What Apache Connect makes of each line: its own HoistField, InsertField and JsonConverter classes (4.3.1, from
     * the local Maven repository, in a loader of their own) on the SourceRecord Connect's FileStreamSource would
     * produce; the sink's StringConverter writes the JSON text as it is.
     */
    private static List<String> apacheOutput(List<String> lines) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (Path jar : ConnectClasspath.load().jars()) {
            urls.add(jar.toUri().toURL());
        }
        try (URLClassLoader apache =
                new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> schemaClass = apache.loadClass("org.apache.kafka.connect.data.Schema");
            Class<?> recordClass = apache.loadClass("org.apache.kafka.connect.connector.ConnectRecord");
            Class<?> sourceRecord = apache.loadClass("org.apache.kafka.connect.source.SourceRecord");
            Object stringSchema = schemaClass.getField("STRING_SCHEMA").get(null);
            Object hoist = configured(apache, HOIST, Map.of("field", "line"));
            Object insert = configured(
                    apache,
                    INSERT,
                    Map.of("static.field", "origin", "static.value", "connect-4.3.1", "topic.field", "topic"));
            Object json = apache.loadClass(JSON).getConstructor().newInstance();
            json.getClass()
                    .getMethod("configure", Map.class, boolean.class)
                    .invoke(json, Map.of("schemas.enable", "true"), false);
            Method apply = apache.loadClass("org.apache.kafka.connect.transforms.Transformation")
                    .getMethod("apply", recordClass);
            Method serialize = json.getClass().getMethod("fromConnectData", String.class, schemaClass, Object.class);
            Method valueSchema = recordClass.getMethod("valueSchema");
            Method value = recordClass.getMethod("value");
            List<String> out = new ArrayList<>(lines.size());
            for (String line : lines) {
                Object record = sourceRecord
                        .getConstructor(Map.class, Map.class, String.class, schemaClass, Object.class)
                        .newInstance(Map.of(), Map.of(), TOPIC, stringSchema, line);
                Object transformed = apply.invoke(insert, apply.invoke(hoist, record));
                byte[] bytes = (byte[])
                        serialize.invoke(json, TOPIC, valueSchema.invoke(transformed), value.invoke(transformed));
                out.add(new String(bytes, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private static Object configured(ClassLoader loader, String className, Map<String, String> config)
            throws ReflectiveOperationException {
        Object plugin = loader.loadClass(className).getConstructor().newInstance();
        loader.loadClass("org.apache.kafka.common.Configurable")
                .getMethod("configure", Map.class)
                .invoke(plugin, config);
        return plugin;
    }

    private static Path apacheJar(String prefix) {
        return ConnectClasspath.load().jars().stream()
                .filter(jar -> jar.getFileName().toString().startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    private static Path layer() {
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
}
