package io.kanal.plugins.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.SourceConnector;
import io.kanal.api.errors.PluginException;
import io.kanal.api.source.ExactlyOnceSupport;
import io.kanal.config.ConfigValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class FileStreamConnectorsTest {

    @Test
    void theSourceHasOneTaskWhateverTasksMaxIsWithConnectsKeys() {
        FileStreamSourceConnector connector = new FileStreamSourceConnector();
        connector.start(connector.configSpec().parse(Map.of("file", "/tmp/in.txt", "topic", "t")));

        assertThat(connector.taskConfigs(5))
                .containsExactly(Map.of("file", "/tmp/in.txt", "topic", "t", "batch.size", "2000"));
        assertThat(connector.taskClass()).isEqualTo(FileStreamSourceTask.class);
    }

    @Test
    void theSourceNeedsExactlyOneTopic() {
        FileStreamSourceConnector connector = new FileStreamSourceConnector();
        assertThatThrownBy(() -> connector.configSpec().parse(Map.of("topic", "a,b")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("topic")
                .hasMessageContaining("single topic");
        assertThatThrownBy(() -> connector.configSpec().parse(Map.of()))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("topic");
        assertThatThrownBy(() -> connector.configSpec().parse(Map.of("topic", "t", "batch.size", "0")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("batch.size");
    }

    @Test
    void exactlyOnceIsSupportedForAFileButNotForStandardInput() {
        FileStreamSourceConnector connector = new FileStreamSourceConnector();
        var spec = connector.configSpec();
        assertThat(connector.exactlyOnceSupport(spec.parse(Map.of("topic", "t", "file", "f"))))
                .contains(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.exactlyOnceSupport(spec.parse(Map.of("topic", "t"))))
                .contains(ExactlyOnceSupport.UNSUPPORTED);
    }

    @Test
    void sourceOffsetChangesMustHaveConnectsShape() {
        FileStreamSourceConnector connector = new FileStreamSourceConnector();
        var config = connector.configSpec().parse(Map.of("topic", "t", "file", "f"));
        java.util.Map<Map<String, ?>, Map<String, ?>> reset = new java.util.HashMap<>();
        reset.put(Map.of("filename", "f"), null);

        assertThat(connector.alterOffsets(config, Map.of(Map.of("filename", "f"), Map.of("position", 10L))))
                .isTrue();
        assertThat(connector.alterOffsets(config, reset)).isTrue();
        assertThatThrownBy(() -> connector.alterOffsets(config, Map.of(Map.of("file", "f"), Map.of("position", 1L))))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("'filename'");
        assertThatThrownBy(
                        () -> connector.alterOffsets(config, Map.of(Map.of("filename", "f"), Map.of("position", -1L))))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("non-negative Long");
        assertThatThrownBy(() -> connector.alterOffsets(config, Map.of(Map.of("filename", "f"), Map.of("position", 1))))
                .as("an Integer position is refused, as in Connect")
                .hasMessageContaining("non-negative Long");
        assertThatThrownBy(() -> connector.alterOffsets(config, Map.of(Map.of("filename", "f"), Map.of())))
                .hasMessageContaining("'position'");
        java.util.Map<Map<String, ?>, Map<String, ?>> nullPartitionReset = new java.util.HashMap<>();
        nullPartitionReset.put(null, null);
        assertThat(connector.alterOffsets(config, nullPartitionReset)).isTrue();
        var stdin = connector.configSpec().parse(Map.of("topic", "t"));
        assertThatThrownBy(() -> connector.alterOffsets(stdin, reset))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("standard input");
    }

    @Test
    void theSinkHasTasksMaxCopiesOfItsFileOnly() {
        FileStreamSinkConnector connector = new FileStreamSinkConnector();
        connector.start(connector.configSpec().parse(Map.of("file", "/tmp/out.txt", "topics", "a,b", "secret", "x")));

        assertThat(connector.taskConfigs(3)).hasSize(3).containsOnly(Map.of("file", "/tmp/out.txt"));
        assertThat(connector.taskClass()).isEqualTo(FileStreamSinkTask.class);
    }

    @Test
    void bothConnectorsAreListedInTheServiceManifestAndMappedFromConnectsClassNames() throws IOException {
        // The runtime discovers connectors from the manifests of SourceConnector and SinkConnector, as Connect does.
        assertThat(ServiceLoader.load(SourceConnector.class).stream()
                        .map(p -> p.type().getName()))
                .containsExactly(FileStreamSourceConnector.class.getName());
        assertThat(ServiceLoader.load(SinkConnector.class).stream()
                        .map(p -> p.type().getName()))
                .containsExactly(FileStreamSinkConnector.class.getName());

        Properties names = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/kanal/connect-names.properties")) {
            assertThat(in).isNotNull();
            names.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(names)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "org.apache.kafka.connect.file.FileStreamSourceConnector",
                        FileStreamSourceConnector.class.getName(),
                        "org.apache.kafka.connect.file.FileStreamSinkConnector",
                        FileStreamSinkConnector.class.getName()));
    }

    @Test
    void everyConnectorAndTaskReportsTheProjectVersion() {
        String version = new FileStreamSourceConnector().version();
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(List.of(
                        new FileStreamSinkConnector().version(),
                        new FileStreamSourceTask().version(),
                        new FileStreamSinkTask().version()))
                .containsOnly(version);
    }
}
