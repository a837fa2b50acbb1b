package io.kanal.bridge.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.connector.Connector;
import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.SourceConnector;
import io.kanal.api.connector.Task;
import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceConnectorContext;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSinkTask;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.file.FileStreamSourceTask;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache's file connectors through the adapter: types, config spec, validation, task configs, contexts. */
class BridgedConnectorsTest {

    private final ConnectPluginAdapter adapter = new ConnectPluginAdapter();

    @TempDir
    Path dir;

    @Test
    void connectConnectorsRunAsKanalConnectorsAndConfigProvidersAsKanalConfigProviders() {
        assertThat(adapter.kanalTypes(FileStreamSourceConnector.class)).containsExactly(SourceConnector.class);
        assertThat(adapter.kanalTypes(FileStreamSinkConnector.class)).containsExactly(SinkConnector.class);
        assertThat(adapter.kanalTypes(org.apache.kafka.common.config.provider.FileConfigProvider.class))
                .containsExactly(io.kanal.config.ConfigProvider.class);
        assertThat(adapter.kanalTypes(org.apache.kafka.connect.source.SourceConnector.class))
                .as("abstract")
                .isEmpty();
        assertThat(adapter.adapterClass(FileStreamSourceTask.class, Task.class)).isEqualTo(BridgedSourceTask.class);
        assertThat(adapter.family()).startsWith("Apache Kafka Connect 4.3.1");
        assertThatThrownBy(() -> adapter.adapt(JsonConverter.class, Connector.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(JsonConverter.class.getName());
        assertThatThrownBy(() -> adapter.adapt(FileStreamSourceConnector.class, SinkConnector.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSourceConnectorShowsItsConfigDefAndSplitsItsWorkAsUnderApache() throws Exception {
        BridgedSourceConnector connector = adapter.adapt(FileStreamSourceConnector.class, BridgedSourceConnector.class);
        assertThat(connector.version()).isEqualTo("4.3.1");
        assertThat(connector.foreignTaskClass()).isEqualTo(FileStreamSourceTask.class);
        assertThat(connector.taskClass()).isEqualTo(BridgedSourceTask.class);
        assertThat(connector.configSpec().keys())
                .extracting(io.kanal.config.ConfigKey::name)
                .contains("file", "topic", "batch.size");

        ConfigValidationResult missingTopic = connector.validate(Map.of("connector.class", "FileStreamSource"));
        ConfigValueResult topic = missingTopic.values().stream()
                .filter(v -> v.name().equals("topic"))
                .findFirst()
                .orElseThrow();
        assertThat(topic.errors()).isNotEmpty();

        List<Boolean> reconfigurations = new ArrayList<>();
        connector.initialize(new SourceConnectorContext() {
            @Override
            public OffsetReader offsetReader() {
                return io.kanal.api.testing.FakeContexts.source(Map.of(), Map.of())
                        .offsetReader();
            }

            @Override
            public void requestTaskReconfiguration() {
                reconfigurations.add(true);
            }

            @Override
            public void raiseError(Exception error) {
                throw new AssertionError(error);
            }
        });
        Map<String, String> config = Map.of("file", dir.resolve("in.txt").toString(), "topic", "t", "tasks.max", "3");
        connector.start(connector.configSpec().parse(config));
        List<Map<String, String>> tasks = connector.taskConfigs(3);
        assertThat(tasks).hasSize(1); // FileStreamSource runs one task whatever tasks.max says
        assertThat(tasks.get(0)).containsEntry("file", config.get("file")).containsEntry("topic", "t");
        connector.stop();
    }

    @Test
    void aSinkConnectorHandsTheTopicsToItsTasks() throws Exception {
        BridgedSinkConnector connector = adapter.adapt(FileStreamSinkConnector.class, BridgedSinkConnector.class);
        assertThat(connector.foreignTaskClass()).isEqualTo(FileStreamSinkTask.class);
        connector.initialize(new io.kanal.api.sink.SinkConnectorContext() {
            @Override
            public void requestTaskReconfiguration() {}

            @Override
            public void raiseError(Exception error) {
                throw new AssertionError(error);
            }
        });
        Map<String, String> config = Map.of("file", dir.resolve("out.txt").toString(), "topics", "a,b");
        connector.start(connector.configSpec().parse(config));
        assertThat(connector.taskConfigs(2)).hasSize(2).allSatisfy(task -> assertThat(task)
                .containsEntry("file", config.get("file")));
        connector.stop();
    }
}
