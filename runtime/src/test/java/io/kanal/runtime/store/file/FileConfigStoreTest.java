package io.kanal.runtime.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.ConfigStore;
import io.kanal.runtime.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigStoreTest {

    @TempDir
    Path dir;

    private final List<String> heard = new ArrayList<>();

    private final ConfigStore.Listener listener = new ConfigStore.Listener() {
        @Override
        public void connectorConfig(String name, Optional<Map<String, String>> config) {
            heard.add("config " + name + " " + config.map(c -> c.get("v")).orElse("deleted"));
        }

        @Override
        public void taskConfigs(String name, List<Map<String, String>> configs) {
            heard.add("tasks " + name + " " + configs.size());
        }

        @Override
        public void targetState(String name, TargetState state) {
            heard.add("target " + name + " " + state);
        }
    };

    @Test
    void connectorsAndTargetStatesSurviveARestart() {
        Path file = dir.resolve("connectors.json");
        FileConfigStore store = new FileConfigStore(file);
        store.start(listener);
        store.putConnectorConfig("a", Map.of("v", "1", "connector.class", "X"), Optional.empty());
        store.putConnectorConfig("b", Map.of("v", "1"), Optional.of(TargetState.STOPPED));
        store.putConnectorConfig("a", Map.of("v", "2", "connector.class", "X"), Optional.of(TargetState.PAUSED));
        store.putTargetState("a", TargetState.PAUSED);
        store.putTaskConfigs("a", List.of(Map.of("t", "0")));
        store.putConnectorConfig("c", Map.of("v", "1"), Optional.empty());
        store.removeConnector("c");

        assertThat(heard)
                .containsExactly(
                        "target a RUNNING",
                        "config a 1",
                        "target b STOPPED",
                        "config b 1",
                        "config a 2",
                        "target a PAUSED",
                        "tasks a 1",
                        "target c RUNNING",
                        "config c 1",
                        "config c deleted");

        heard.clear();
        FileConfigStore reopened = new FileConfigStore(file);
        reopened.start(listener);
        assertThat(heard).containsExactly("target a PAUSED", "config a 2", "target b STOPPED", "config b 1");
        assertThat(reopened.snapshot().configs())
                .isEqualTo(Map.of("a", Map.of("v", "2", "connector.class", "X"), "b", Map.of("v", "1")));
        assertThat(reopened.snapshot().taskConfigs())
                .as("task configs are regenerated, not stored")
                .isEmpty();
    }

    @Test
    void writesForUnknownConnectorsAreIgnored() {
        FileConfigStore store = new FileConfigStore(dir.resolve("connectors.json"));
        store.start(listener);

        store.putTaskConfigs("ghost", List.of(Map.of()));
        store.putTargetState("ghost", TargetState.PAUSED);
        store.removeConnector("ghost");

        assertThat(heard).isEmpty();
        assertThat(dir.resolve("connectors.json")).doesNotExist();
    }

    @Test
    void aWriteThatCrashesHalfwayLeavesThePreviousFileAndState() throws IOException {
        Path file = dir.resolve("connectors.json");
        CrashingWriter writer = new CrashingWriter();
        FileConfigStore store = new FileConfigStore(file, writer);
        store.start(listener);
        store.putConnectorConfig("a", Map.of("v", "1"), Optional.empty());
        String before = Files.readString(file);
        heard.clear();

        writer.crashAfterBytes = 20;
        assertThatThrownBy(() -> store.putConnectorConfig("a", Map.of("v", "2"), Optional.empty()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString());

        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(Files.list(dir)).containsExactly(file);
        assertThat(store.snapshot().configs().get("a")).containsEntry("v", "1");
        assertThat(heard).as("nothing was read back").isEmpty();
        heard.clear();
        new FileConfigStore(file).start(listener);
        assertThat(heard).containsExactly("target a RUNNING", "config a 1");
    }

    @Test
    void aDamagedFileIsReportedWithItsPath() throws IOException {
        Path file = dir.resolve("connectors.json");
        Files.writeString(file, "{\"version\":1,\"connectors\":{\"a\":{\"config\":{\"k\":{}}}}}");

        assertThatThrownBy(() -> new FileConfigStore(file).start(listener))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Key 'k' of connector 'a'")
                .hasMessageContaining(file.toString());
    }
}
