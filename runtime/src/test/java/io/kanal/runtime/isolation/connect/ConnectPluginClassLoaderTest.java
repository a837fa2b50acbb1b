package io.kanal.runtime.isolation.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.connector.Connector;
import io.kanal.runtime.isolation.ForeignLocation;
import io.kanal.runtime.isolation.IsolationRule;
import io.kanal.runtime.isolation.PluginClassLoader;
import io.kanal.runtime.isolation.PluginLocation;
import io.kanal.runtime.isolation.spi.ForeignPluginAdapter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loaders of the Connect bridge with Apache's real jars from the local Maven repository: a layer of {@code
 * connect-api} and {@code kafka-clients} 4.3.1 below the shared-API parent, and {@code connect-file} 4.3.1 as a plugin
 * location (once alone, once bundling its own copy of {@code connect-api}, as some plugin archives do).
 */
class ConnectPluginClassLoaderTest {

    private static final String KAFKA = "org/apache/kafka/";

    private URLClassLoader layer;
    private PluginClassLoader plugin;
    private PluginClassLoader bundling;

    @BeforeEach
    void loaders() throws Exception {
        ClassLoader runtime = getClass().getClassLoader();
        layer = new URLClassLoader(
                "test-layer", new URL[] {jar("connect-api"), jar("kafka-clients")}, new SharedApiLoader(runtime));
        ConnectIsolationRule rule = new ConnectIsolationRule(IsolationRule.forThisJvm());
        Path fileJar = Path.of(jar("connect-file").toURI());
        plugin = new PluginClassLoader("connect-plugin", fileJar, List.of(jar("connect-file")), layer, rule);
        bundling = new PluginClassLoader(
                "connect-plugin", fileJar, List.of(jar("connect-file"), jar("connect-api")), layer, rule);
    }

    @AfterEach
    void close() throws Exception {
        bundling.close();
        plugin.close();
        layer.close();
    }

    @Test
    void theConnectorComesFromThePluginAndItsApiFromTheLayer() throws Exception {
        Class<?> connector = plugin.loadClass("org.apache.kafka.connect.file.FileStreamSourceConnector");
        assertThat(connector.getClassLoader()).isSameAs(plugin);
        Class<?> schema = plugin.loadClass("org.apache.kafka.connect.data.Schema");
        assertThat(schema.getClassLoader()).isSameAs(layer);
        assertThat(connector.getSuperclass().getClassLoader()).isSameAs(layer);
        assertThat(layer.loadClass("org.apache.kafka.connect.source.SourceConnector")
                        .isAssignableFrom(connector))
                .isTrue();
    }

    @Test
    void aBundledCopyOfTheConnectApiIsIgnoredAsApacheIgnoresIt() throws Exception {
        assertThat(bundling.loadClass("org.apache.kafka.connect.data.Schema").getClassLoader())
                .isSameAs(layer);
        assertThat(bundling.loadClass("org.apache.kafka.connect.file.FileStreamSinkTask")
                        .getClassLoader())
                .isSameAs(bundling);
    }

    @Test
    void theLayerSeesOnlyTheSharedApiOfTheRuntime() throws Exception {
        assertThat(layer.loadClass(Connector.class.getName())).isSameAs(Connector.class);
        assertThat(layer.loadClass(ForeignPluginAdapter.class.getName())).isSameAs(ForeignPluginAdapter.class);
        assertThat(layer.loadClass("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
        assertThatThrownBy(() -> layer.loadClass("io.kanal.runtime.isolation.PluginRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> plugin.loadClass("io.kanal.runtime.worker.Worker"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> layer.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
                .as("the runtime's own libraries stay out of the layer")
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(layer.getResource("io/kanal/runtime/isolation/PluginRegistry.class"))
                .isNull();
    }

    @Test
    void withoutALayerAConnectLocationIsRefusedWithTheReason() throws Exception {
        ConnectLayer absent = ConnectLayer.open(
                Path.of("/nonexistent/kanal-layer"),
                PluginDiscovery.HYBRID_WARN,
                getClass().getClassLoader());
        assertThat(absent.present()).isFalse();
        ForeignLocation claimed = absent.claim(new PluginLocation(
                Path.of(jar("connect-file").toURI()), PluginLocation.Layout.ARCHIVE, List.of(jar("connect-file"))));
        assertThat(claimed.refusal()).isNotNull();
        assertThat(claimed.refusal().describe())
                .contains("Apache Kafka Connect plugin location")
                .contains("/nonexistent/kanal-layer")
                .contains(ConnectLayer.CONFIG);
    }

    /** A 4.3.1 jar of Apache Kafka from the local Maven repository. */
    private static URL jar(String artifact) throws Exception {
        Path repository = Path.of(System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path jar = repository.resolve(KAFKA + artifact).resolve("4.3.1").resolve(artifact + "-4.3.1.jar");
        assertThat(jar)
                .as("Apache's %s 4.3.1 in the local Maven repository", artifact)
                .isRegularFile();
        return jar.toUri().toURL();
    }
}
