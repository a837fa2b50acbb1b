package io.kanal.runtime.herder;

import static io.kanal.runtime.herder.HerderHarness.config;
import static io.kanal.runtime.herder.HerderHarness.taskConfigs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A task runs with the connector config of the latest task-config commit, on every worker: Connect writes the
 * connector config record first and the task configs with their commit record after, so a worker that reads a commit
 * has already read the connector config the task configs belong to. The worker here owns only the task, not the
 * connector: it never sees the connector's {@code taskConfigs} result, only the store's records.
 */
class HerderConnectorConfigChangeTest {

    private static final ConnectorTaskId TASK0 = new ConnectorTaskId("src", 0);

    private final HerderHarness h = new HerderHarness();

    private void runTaskZeroOnly() {
        h.send(new HerderEvent.AssignmentChanged(new Assignment(false, Set.of(), Set.of(TASK0))));
        h.send(new HerderEvent.ConnectorConfigRead("src", Optional.of(config("tasks.max", "1", "transforms", "a"))));
        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a")));
        h.settle();
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);
    }

    private static List<HerderCommand.StartTask> starts(List<HerderCommand> commands) {
        return commands.stream()
                .filter(HerderCommand.StartTask.class::isInstance)
                .map(HerderCommand.StartTask.class::cast)
                .toList();
    }

    @Test
    void aConnectorConfigChangeFollowedByACommitRestartsTheTaskWithTheNewConnectorConfig() {
        runTaskZeroOnly();
        long before = h.generationOf(TASK0);
        Map<String, String> updated = config("tasks.max", "1", "transforms", "b");
        int mark = h.log.size();

        h.send(new HerderEvent.ConnectorConfigRead("src", Optional.of(updated)));
        h.settle();
        assertThat(starts(h.since(mark)))
                .as("the task waits for the commit of the task configs generated from the new config")
                .isEmpty();

        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a")));
        h.settle();

        List<HerderCommand> after = h.since(mark);
        assertThat(after).contains(new HerderCommand.StopTask(TASK0, before));
        assertThat(starts(after)).singleElement().satisfies(start -> {
            assertThat(start.id()).isEqualTo(TASK0);
            assertThat(start.connectorConfig()).isEqualTo(updated);
        });
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);
    }

    @Test
    void aTaskStartedAfterTheChangeGetsTheNewConnectorConfig() {
        h.send(new HerderEvent.AssignmentChanged(new Assignment(false, Set.of(), Set.of())));
        h.send(new HerderEvent.ConnectorConfigRead("src", Optional.of(config("tasks.max", "1", "transforms", "a"))));
        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a")));
        Map<String, String> updated = config("tasks.max", "1", "transforms", "b");
        h.send(new HerderEvent.ConnectorConfigRead("src", Optional.of(updated)));
        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a")));
        h.settle();
        int mark = h.log.size();

        h.send(new HerderEvent.AssignmentChanged(new Assignment(false, Set.of(), Set.of(TASK0))));
        h.settle();

        assertThat(starts(h.since(mark))).singleElement().satisfies(start -> assertThat(start.connectorConfig())
                .isEqualTo(updated));
    }

    @Test
    void theOwnerCommitsUnchangedTaskConfigsForAChangedConnectorConfigAndItsTaskRestartsOnce() {
        HerderHarness owner = new HerderHarness(); // owns the connector and its task
        owner.create("src", config("tasks.max", "1", "transforms", "a"));
        long before = owner.generationOf(TASK0);
        Map<String, String> updated = config("tasks.max", "1", "transforms", "b");
        int mark = owner.log.size();

        owner.request(id -> new HerderEvent.PutConnectorConfig(id, "src", updated, true, Optional.empty()));

        List<HerderCommand> after = owner.since(mark);
        assertThat(after)
                .as("the commit tells the other workers, whose tasks see no taskConfigs result")
                .anyMatch(c -> c instanceof HerderCommand.WriteTaskConfigs w
                        && w.configs().equals(List.of(Map.of("t", "0"))));
        assertThat(after).contains(new HerderCommand.StopTask(TASK0, before));
        assertThat(starts(after)).singleElement().satisfies(start -> assertThat(start.connectorConfig())
                .isEqualTo(updated));
    }
}
