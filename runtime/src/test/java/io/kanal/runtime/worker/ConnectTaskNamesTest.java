package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ConnectTaskNamesTest {

    private static final String KANAL_SOURCE = "io.kanal.plugins.file.FileStreamSourceConnector";
    private static final Function<String, Optional<String>> NAMES =
            name -> Optional.ofNullable(Map.of(KANAL_SOURCE, "org.apache.kafka.connect.file.FileStreamSourceConnector")
                    .get(name));

    @Test
    void aConnectorStandingInForConnectsWritesConnectsTaskClassName() {
        assertThat(ConnectTaskNames.written(NAMES, KANAL_SOURCE, "io.kanal.plugins.file.FileStreamSourceTask"))
                .isEqualTo("org.apache.kafka.connect.file.FileStreamSourceTask");
        // A nested task class keeps its binary name.
        assertThat(ConnectTaskNames.written(NAMES, KANAL_SOURCE, "io.kanal.plugins.file.Outer$Task"))
                .isEqualTo("org.apache.kafka.connect.file.Outer$Task");
    }

    @Test
    void otherConnectorsAndTasksOutsideTheConnectorsPackageKeepTheirNames() {
        assertThat(ConnectTaskNames.written(NAMES, "com.example.MyConnector", "com.example.MyTask"))
                .isEqualTo("com.example.MyTask");
        assertThat(ConnectTaskNames.written(NAMES, KANAL_SOURCE, "com.example.SharedTask"))
                .isEqualTo("com.example.SharedTask");
    }

    @Test
    void connectsTaskClassNameLoadsKanalsClassAndOwnNamesLoadUnchanged() {
        assertThat(ConnectTaskNames.loaded(NAMES, KANAL_SOURCE, "org.apache.kafka.connect.file.FileStreamSourceTask"))
                .isEqualTo("io.kanal.plugins.file.FileStreamSourceTask");
        assertThat(ConnectTaskNames.loaded(NAMES, KANAL_SOURCE, "io.kanal.plugins.file.FileStreamSourceTask"))
                .isEqualTo("io.kanal.plugins.file.FileStreamSourceTask");
        assertThat(ConnectTaskNames.loaded(NAMES, "com.example.MyConnector", "org.apache.kafka.connect.file.X"))
                .isEqualTo("org.apache.kafka.connect.file.X");
    }
}
