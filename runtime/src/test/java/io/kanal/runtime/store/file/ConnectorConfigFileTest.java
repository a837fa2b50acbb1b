package io.kanal.runtime.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.herder.TargetState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void properties() throws IOException {
        Path file = write("local-file-source.properties", """
                name=local-file-source
                connector.class=FileStreamSource
                tasks.max=1
                file=/tmp/test\\ file.txt
                topic=connect-test
                """);

        ConnectorConfigFile parsed = ConnectorConfigFile.read(file);

        assertThat(parsed.name()).isEqualTo("local-file-source");
        assertThat(parsed.config())
                .containsEntry("file", "/tmp/test file.txt")
                .containsEntry("tasks.max", "1")
                .containsEntry("name", "local-file-source");
        assertThat(parsed.initialState()).isEmpty();
    }

    @Test
    void jsonCreateRequest() throws IOException {
        Path file = write("sink.json", """
                {"name": "sink", "config": {"connector.class": "FileStreamSink", "tasks.max": 2, "topics": "t"},
                 "initial_state": "paused"}
                """);

        ConnectorConfigFile parsed = ConnectorConfigFile.read(file);

        assertThat(parsed)
                .isEqualTo(new ConnectorConfigFile(
                        "sink",
                        Map.of("connector.class", "FileStreamSink", "tasks.max", "2", "topics", "t", "name", "sink"),
                        Optional.of(TargetState.PAUSED)));
    }

    @Test
    void flatJson() throws IOException {
        Path file = write("sink.json", "{\"name\":\"sink\",\"connector.class\":\"X\",\"errors.log.enable\":true}");

        ConnectorConfigFile parsed = ConnectorConfigFile.read(file);

        assertThat(parsed.name()).isEqualTo("sink");
        assertThat(parsed.config()).containsEntry("errors.log.enable", "true");
    }

    @Test
    void theContentDecidesTheFormNotTheName() throws IOException {
        ConnectorConfigFile json =
                ConnectorConfigFile.read(write("conn.conf", "  {\"name\":\"j\",\"tasks.max\":\"2\"}"));
        ConnectorConfigFile properties = ConnectorConfigFile.read(write("conn.txt", "name=p\n"));

        assertThat(json.config()).containsEntry("tasks.max", "2");
        assertThat(properties.name()).isEqualTo("p");
    }

    @Test
    void problemsNameTheFileAndTheKey() throws IOException {
        assertThatThrownBy(() -> ConnectorConfigFile.read(write("a.properties", "connector.class=X\n")))
                .hasMessageContaining("a.properties")
                .hasMessageContaining("set 'name'");
        assertThatThrownBy(() -> ConnectorConfigFile.read(write("b.json", "{\"name\":\"b\",\"config\":{\"k\":[1]}}")))
                .hasMessageContaining("b.json")
                .hasMessageContaining("'k'");
        assertThatThrownBy(
                        () -> ConnectorConfigFile.read(write("c.json", "{\"name\":\"c\",\"config\":{\"name\":\"d\"}}")))
                .hasMessageContaining("'c'")
                .hasMessageContaining("name='d'");
        assertThatThrownBy(() -> ConnectorConfigFile.read(write("d.json", "{\"name\":")))
                .isInstanceOf(ConnectorConfigFile.InvalidFileException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ConnectorConfigFile.read(
                        write("e.json", "{\"name\":\"e\",\"config\":{},\"initial_state\":\"GONE\"}")))
                .hasMessageContaining("initial_state 'GONE'");
        assertThatThrownBy(() -> ConnectorConfigFile.read(dir.resolve("missing.json")))
                .isInstanceOf(ConnectorConfigFile.InvalidFileException.class)
                .hasMessageContaining("missing.json");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
