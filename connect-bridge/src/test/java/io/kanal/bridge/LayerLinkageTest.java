package io.kanal.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.bridge.config.ConfigDefTranslator;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.mirror.MirrorCheckpointConnector;
import org.apache.kafka.connect.mirror.MirrorHeartbeatConnector;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bridge layer ships Apache's {@code connect-runtime} for the worker internals that connectors link against, but
 * none of its REST server, plugin scanner or JWT dependencies. This module's test class path holds what the layer
 * holds (the pom copies the runtime-scope dependencies into it) plus MirrorMaker 2's jars: every connector-side class of
 * MirrorMaker 2 and every internal class known connectors use initialize from it, and the excluded stacks are absent.
 */
class LayerLinkageTest {

    /** MirrorMaker's dedicated-mode driver, its REST server and console formatters: not connector code. */
    private static final List<String> NOT_CONNECTOR_CODE = List.of(
            "org/apache/kafka/connect/mirror/MirrorMaker.",
            "org/apache/kafka/connect/mirror/MirrorMaker$",
            "org/apache/kafka/connect/mirror/MirrorMakerConfig",
            "org/apache/kafka/connect/mirror/MirrorHerder",
            "org/apache/kafka/connect/mirror/rest/",
            "org/apache/kafka/connect/mirror/formatters/");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "org.apache.kafka.connect.runtime.ConnectorConfig",
                "org.apache.kafka.connect.runtime.SourceConnectorConfig",
                "org.apache.kafka.connect.runtime.SinkConnectorConfig",
                "org.apache.kafka.connect.runtime.InternalSinkRecord",
                "org.apache.kafka.connect.runtime.errors.ProcessingContext",
                "org.apache.kafka.connect.runtime.errors.ToleranceType",
                "org.apache.kafka.connect.util.KafkaBasedLog",
                "org.apache.kafka.connect.util.TopicAdmin",
                "org.apache.kafka.connect.util.SharedTopicAdmin",
                "org.apache.kafka.connect.util.Callback"
            })
    void theWorkerInternalsConnectorsUseInitialize(String className) {
        assertThatCode(() -> Class.forName(className, true, getClass().getClassLoader()))
                .doesNotThrowAnyException();
    }

    @TestFactory
    Stream<DynamicTest> everyMirrorMakerConnectorClassLinks() throws IOException, URISyntaxException {
        Path jar = Path.of(MirrorSourceConnector.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> classes = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class") && NOT_CONNECTOR_CODE.stream().noneMatch(name::startsWith)) {
                    classes.add(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        assertThat(classes).contains("org.apache.kafka.connect.mirror.MirrorCheckpointTask");
        return classes.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> assertThatCode(
                                () -> Class.forName(name, true, getClass().getClassLoader()))
                        .doesNotThrowAnyException()));
    }

    @TestFactory
    Stream<DynamicTest> mirrorMakerConfigDefinitionsTranslateKeyByKey() {
        ConfigDefTranslator translator = new ConfigDefTranslator(getClass().getClassLoader());
        return Stream.<Connector>of(
                        new MirrorSourceConnector(), new MirrorCheckpointConnector(), new MirrorHeartbeatConnector())
                .map(connector -> DynamicTest.dynamicTest(connector.getClass().getSimpleName(), () -> {
                    ConfigDef definition = connector.config();
                    ConfigSpec spec = translator.toSpec(definition);
                    assertThat(spec.keys())
                            .extracting(ConfigKey::name)
                            .containsExactlyElementsOf(definition.names())
                            // The clusters' client settings ("source.cluster.bootstrap.servers"...) are prefixed
                            // originals, not keys of the definition.
                            .contains("source.cluster.alias", "target.cluster.alias", "replication.policy.class")
                            .doesNotContain("source.cluster.bootstrap.servers");
                }));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "org.eclipse.jetty.server.Server",
                "org.glassfish.jersey.servlet.ServletContainer",
                "org.glassfish.hk2.api.ServiceLocator",
                "io.github.classgraph.ClassGraph",
                "org.jose4j.jwt.JwtClaims",
                "io.swagger.v3.oas.annotations.Operation",
                "org.codehaus.plexus.util.StringUtils"
            })
    void connectRuntimesOtherDependenciesAreNotShipped(String className) {
        assertThatThrownBy(() -> Class.forName(className, false, getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theRuntimeJarIsApaches431() {
        assertThat(org.apache.kafka.connect.runtime.ConnectorConfig.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .endsWith("connect-runtime-4.3.1.jar");
    }
}
