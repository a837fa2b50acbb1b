package io.kanal.runtime.herder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorSettingsTest {

    @Test
    void defaultsAreConnectsAndKanalsExponentialPolicy() {
        ConnectorSettings settings = ConnectorSettings.parse(Map.of(), Map.of());

        assertThat(settings).isEqualTo(new ConnectorSettings(1, true, TaskRestartPolicy.DEFAULT));
    }

    @Test
    void theConnectorOverridesTheWorker() {
        ConnectorSettings settings = ConnectorSettings.parse(
                Map.of("tasks.max", "4", "kanal.task.restart.policy", "NONE"),
                Map.of("kanal.task.restart.policy", "exponential", "kanal.task.restart.backoff.initial.ms", "50"));

        assertThat(settings.tasksMax()).isEqualTo(4);
        assertThat(settings.restartPolicy()).isEqualTo(new TaskRestartPolicy(TaskRestartPolicy.Kind.NONE, 50, 60_000));
    }

    @Test
    void backOffDoublesUpToTheMaximum() {
        TaskRestartPolicy policy = new TaskRestartPolicy(TaskRestartPolicy.Kind.EXPONENTIAL, 100, 1000);

        assertThat(new long[] {
                    policy.backoffMs(1),
                    policy.backoffMs(2),
                    policy.backoffMs(3),
                    policy.backoffMs(4),
                    policy.backoffMs(5),
                    policy.backoffMs(1_000_000)
                })
                .containsExactly(100, 200, 400, 800, 1000, 1000);
    }

    @Test
    void anInvalidWorkerDefaultFailsTheHerderAtStartUpNamingTheKey() {
        assertThatThrownBy(() -> new HerderStateMachine("w", Map.of("kanal.task.restart.policy", "sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kanal.task.restart.policy");
    }
}
