package io.kanal.runtime.herder;

import static io.kanal.runtime.herder.HerderHarness.config;
import static io.kanal.runtime.herder.HerderHarness.taskConfigs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A task starts with the config topic's task-config generation of the configs it is built from (KIP-618: an
 * exactly-once task checks, after taking its transactional id, that this generation is still the newest), not with
 * whatever the store holds when the task is built.
 */
class HerderTaskConfigGenerationTest {

    private static final ConnectorTaskId TASK0 = new ConnectorTaskId("src", 0);

    private final HerderHarness h = new HerderHarness(Map.of("exactly.once.source.support", "enabled"));

    @Test
    void aStartedTaskCarriesTheGenerationOfTheTaskConfigsItWasBuiltFrom() {
        h.worker = command -> command instanceof HerderCommand.StartTask t
                ? Optional.of(new HerderEvent.TaskStarted(t.id(), t.generation(), true))
                : h.defaultWorker(command);
        h.send(new HerderEvent.AssignmentChanged(new Assignment(false, Set.of(), Set.of(TASK0))));
        h.send(new HerderEvent.ConnectorConfigRead("src", Optional.of(config("tasks.max", "1"))));
        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a"), 4));
        h.settle();
        int mark = h.log.size();

        h.timer(h.now + 1_000);
        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("b"), 5));
        h.settle();

        assertThat(h.log.subList(0, mark))
                .filteredOn(HerderCommand.StartTask.class::isInstance)
                .map(c -> ((HerderCommand.StartTask) c).taskConfigGeneration())
                .containsExactly(4);
        assertThat(h.since(mark))
                .filteredOn(HerderCommand.StartTask.class::isInstance)
                .map(c -> ((HerderCommand.StartTask) c).taskConfigGeneration())
                .containsExactly(5);
    }
}
