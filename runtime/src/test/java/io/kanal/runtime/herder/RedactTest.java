package io.kanal.runtime.herder;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.store.file.ConnectorConfigFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Events, commands and replies that carry configs never render their values: any of them may be a password. */
class RedactTest {

    private static final Map<String, String> CONFIG = Map.of("connection.password", "hunter2", "tasks.max", "1");

    @Test
    void configValuesNeverAppearInToString() {
        List<Object> all = List.of(
                new HerderEvent.PutConnectorConfig(1, "c", CONFIG, false, Optional.empty()),
                new HerderEvent.ConnectorConfigRead("c", Optional.of(CONFIG)),
                new HerderEvent.TaskConfigsRead("c", List.of(CONFIG)),
                new HerderEvent.TaskConfigsReturned("c", 1, List.of(CONFIG)),
                new HerderCommand.StartConnector("c", 1, CONFIG, TargetState.RUNNING),
                new HerderCommand.StartTask(new ConnectorTaskId("c", 0), 1, CONFIG, CONFIG, TargetState.RUNNING),
                new HerderCommand.WriteConnectorConfig(1, "c", CONFIG, Optional.empty()),
                new HerderCommand.WriteTaskConfigs(1, "c", List.of(CONFIG)),
                new HerderReply.TaskConfigs(List.of(CONFIG)),
                new ConnectorConfigFile("c", CONFIG, Optional.empty()));

        assertThat(all).allSatisfy(o -> assertThat(o.toString()).doesNotContain("hunter2"));
        assertThat(all.get(0).toString()).contains("connection.password");
    }
}
