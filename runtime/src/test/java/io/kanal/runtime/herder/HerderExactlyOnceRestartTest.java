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
 * A transactional (exactly-once source) task restarts on every new task-config commit of its connector, even with its
 * own config unchanged, so that the new generation asks for the leader's round of zombie fencing (KIP-618); other
 * tasks restart only when their config changed. The worker here owns only the tasks, not the connector, as a worker
 * in a cluster often does: it sees the commit and nothing else.
 */
class HerderExactlyOnceRestartTest {

    private static final ConnectorTaskId TASK0 = new ConnectorTaskId("src", 0);
    private static final ConnectorTaskId TASK1 = new ConnectorTaskId("src", 1);
    private static final ConnectorTaskId TASK2 = new ConnectorTaskId("src", 2);

    private final HerderHarness h = new HerderHarness(Map.of("exactly.once.source.support", "enabled"));

    /** Runs three tasks of {@code src} on this worker, which does not own the connector itself. */
    private void runThreeTasks(boolean transactional) {
        h.worker = command -> command instanceof HerderCommand.StartTask t
                ? Optional.of(new HerderEvent.TaskStarted(t.id(), t.generation(), transactional))
                : h.defaultWorker(command);
        h.send(new HerderEvent.AssignmentChanged(new Assignment(false, Set.of(), Set.of(TASK0, TASK1, TASK2))));
        h.send(new HerderEvent.ConnectorConfigRead("src", Optional.of(config("tasks.max", "3"))));
        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a", "b", "c")));
        h.settle();
        assertThat(h.connector("src").tasks())
                .extracting(t -> t.status().state())
                .containsExactly(StatusState.RUNNING, StatusState.RUNNING, StatusState.RUNNING);
    }

    private static List<Integer> tasksOf(List<HerderCommand> commands, Class<? extends HerderCommand> type) {
        return commands.stream()
                .filter(type::isInstance)
                .map(c -> c instanceof HerderCommand.StopTask s
                        ? s.id().task()
                        : ((HerderCommand.StartTask) c).id().task())
                .toList();
    }

    @Test
    void aNewCommitRestartsATransactionalTaskWhoseConfigDidNotChange() {
        runThreeTasks(true);
        long task0 = h.generationOf(TASK0);
        int mark = h.log.size();

        h.timer(h.now + 1_000);
        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a")));
        h.settle();

        List<HerderCommand> after = h.since(mark);
        assertThat(after).contains(new HerderCommand.StopTask(TASK0, task0));
        assertThat(tasksOf(after, HerderCommand.StopTask.class)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(tasksOf(after, HerderCommand.StartTask.class)).containsExactly(0);
        assertThat(after.indexOf(new HerderCommand.StopTask(TASK0, task0)))
                .as("the old instance stops before the new one starts")
                .isLessThan(after.indexOf(after.stream()
                        .filter(HerderCommand.StartTask.class::isInstance)
                        .findFirst()
                        .orElseThrow()));
        assertThat(h.generationOf(TASK0)).isGreaterThan(task0);
        assertThat(h.connector("src").tasks()).hasSize(1);
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);

        // the restarted instance is current: it does not restart again without another commit
        int settled = h.log.size();
        h.send(new HerderEvent.TargetStateRead("src", TargetState.RUNNING));
        h.settle();
        assertThat(h.since(settled)).noneMatch(HerderCommand.StopTask.class::isInstance);
    }

    @Test
    void aNewCommitLeavesANonTransactionalTaskWithTheSameConfigRunning() {
        runThreeTasks(false);
        long task0 = h.generationOf(TASK0);
        int mark = h.log.size();

        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a")));
        h.settle();

        List<HerderCommand> after = h.since(mark);
        assertThat(tasksOf(after, HerderCommand.StopTask.class)).containsExactlyInAnyOrder(1, 2);
        assertThat(after).noneMatch(HerderCommand.StartTask.class::isInstance);
        assertThat(h.generationOf(TASK0)).isEqualTo(task0);
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);
    }

    @Test
    void aCommitReadWhileTheTransactionalTaskStartsRestartsItOnceItRuns() {
        h.worker = command -> command instanceof HerderCommand.StartTask
                ? Optional.empty() // held: the task is still starting
                : h.defaultWorker(command);
        h.send(new HerderEvent.AssignmentChanged(new Assignment(false, Set.of(), Set.of(TASK0))));
        h.send(new HerderEvent.ConnectorConfigRead("src", Optional.of(config("tasks.max", "2"))));
        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a", "b")));
        h.settle();
        HerderCommand.StartTask first = (HerderCommand.StartTask) h.held.get(0);

        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a")));
        h.settle();
        assertThat(h.held).containsExactly(first);

        int mark = h.log.size();
        h.release(first, new HerderEvent.TaskStarted(TASK0, first.generation(), true));

        List<HerderCommand> after = h.since(mark);
        assertThat(after).first().isEqualTo(new HerderCommand.StopTask(TASK0, first.generation()));
        assertThat(tasksOf(after, HerderCommand.StartTask.class)).containsExactly(0);
        assertThat(h.generationOf(TASK0)).isGreaterThan(first.generation());
    }

    @Test
    void aTransactionalTaskStartedBeforeTheCommitRestartsOnlyOnce() {
        runThreeTasks(true);
        int mark = h.log.size();

        h.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a", "b2", "c")));
        h.settle();

        List<HerderCommand> after = h.since(mark);
        assertThat(tasksOf(after, HerderCommand.StopTask.class)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(tasksOf(after, HerderCommand.StartTask.class)).containsExactlyInAnyOrder(0, 1, 2);
    }
}
