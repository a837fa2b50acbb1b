package io.kanal.runtime.herder;

import static io.kanal.runtime.herder.HerderHarness.config;
import static io.kanal.runtime.herder.HerderHarness.taskConfigs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HerderStateMachineTest {

    private final HerderHarness h = new HerderHarness();

    @Test
    void createStartsTheConnectorThenWritesAndStartsItsTasks() {
        h.generatedTaskConfigs.put("src", taskConfigs("a", "b"));

        HerderReply reply = h.create("src", config("tasks.max", "2"));

        assertThat(reply).isInstanceOfSatisfying(HerderReply.ConnectorWritten.class, written -> {
            assertThat(written.created()).isTrue();
            assertThat(written.info().config()).containsEntry("tasks.max", "2");
        });
        assertThat(h.log)
                .extracting(c -> c.getClass().getSimpleName())
                .containsSubsequence(
                        "WriteConnectorConfig",
                        "StartConnector",
                        "CallTaskConfigs",
                        "WriteTaskConfigs",
                        "StartTask",
                        "StartTask");
        assertThat(h.log).contains(new HerderCommand.CallTaskConfigs("src", h.generationOfConnector("src"), 2));
        HerderView.ConnectorView view = h.connector("src");
        assertThat(view.status().state()).isEqualTo(StatusState.RUNNING);
        assertThat(view.tasks())
                .extracting(t -> t.status().state())
                .containsExactly(StatusState.RUNNING, StatusState.RUNNING);
        assertThat(view.tasks())
                .extracting(HerderView.TaskView::config)
                .containsExactlyElementsOf(taskConfigs("a", "b"));
        assertThat(h.storedTaskConfigs.get("src")).isEqualTo(taskConfigs("a", "b"));
    }

    @Test
    void tasksRunFromStoredTaskConfigsAtStartUp() {
        HerderHarness fresh = new HerderHarness();
        fresh.send(new HerderEvent.ConnectorConfigRead("src", Optional.of(config())));
        fresh.send(new HerderEvent.TaskConfigsRead("src", taskConfigs("a")));
        List<HerderCommand> commands = fresh.since(0);

        assertThat(commands).hasAtLeastOneElementOfType(HerderCommand.StartConnector.class);
        assertThat(commands).anySatisfy(c -> assertThat(c).isInstanceOf(HerderCommand.StartTask.class));
    }

    @Test
    void nothingStartsBeforeTheAssignment() {
        HerderStateMachine machine = new HerderStateMachine("w", Map.of());
        Step step = machine.onEvent(new HerderEvent.ConnectorConfigRead("src", Optional.of(config())), 0);

        assertThat(step.commands()).isEmpty();
        assertThat(machine.view().connector("src").orElseThrow().status().state())
                .isEqualTo(StatusState.UNASSIGNED);

        Step assigned = machine.onEvent(new HerderEvent.AssignmentChanged(Assignment.all()), 1);
        assertThat(assigned.commands())
                .hasOnlyElementsOfType(HerderCommand.StartConnector.class)
                .hasSize(1);
    }

    @Test
    void updateThatChangesTaskConfigsRestartsTheTasks() {
        h.generatedTaskConfigs.put("src", taskConfigs("a", "b"));
        h.create("src", config("tasks.max", "2"));
        long task0 = h.generationOf(new ConnectorTaskId("src", 0));
        int mark = h.log.size();

        h.generatedTaskConfigs.put("src", taskConfigs("a2", "b2"));
        HerderReply reply = h.request(id -> new HerderEvent.PutConnectorConfig(
                id, "src", config("tasks.max", "2", "x", "1"), true, Optional.empty()));

        assertThat(reply).isInstanceOfSatisfying(HerderReply.ConnectorWritten.class, w -> assertThat(w.created())
                .isFalse());
        List<HerderCommand> after = h.since(mark);
        assertThat(after).contains(new HerderCommand.StopTask(new ConnectorTaskId("src", 0), task0));
        assertThat(after)
                .filteredOn(HerderCommand.StopConnector.class::isInstance)
                .hasSize(1);
        assertThat(after).filteredOn(HerderCommand.StartTask.class::isInstance).hasSize(2);
        // a task is stopped before its replacement starts
        assertThat(after.indexOf(new HerderCommand.StopTask(new ConnectorTaskId("src", 0), task0)))
                .isLessThan(indexOfStart(after, 0));
        assertThat(h.connector("src").tasks())
                .extracting(HerderView.TaskView::config)
                .containsExactlyElementsOf(taskConfigs("a2", "b2"));
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);
    }

    @Test
    void reconfigurationRestartsOnlyTheTasksWhoseConfigChanged() {
        h.generatedTaskConfigs.put("src", taskConfigs("a", "b"));
        h.create("src", config("tasks.max", "3"));
        int mark = h.log.size();

        h.generatedTaskConfigs.put("src", taskConfigs("a", "b2", "c"));
        h.send(new HerderEvent.ReconfigurationRequested("src"));
        h.settle();

        List<HerderCommand> after = h.since(mark);
        assertThat(after)
                .filteredOn(HerderCommand.StopTask.class::isInstance)
                .extracting(c -> ((HerderCommand.StopTask) c).id().task())
                .containsExactly(1);
        assertThat(after)
                .filteredOn(HerderCommand.StartTask.class::isInstance)
                .extracting(c -> ((HerderCommand.StartTask) c).id().task())
                .containsExactlyInAnyOrder(1, 2);
        assertThat(after).noneMatch(HerderCommand.StopConnector.class::isInstance);
        assertThat(h.connector("src").tasks()).hasSize(3);
    }

    @Test
    void fewerTaskConfigsStopTheSurplusTasks() {
        h.generatedTaskConfigs.put("src", taskConfigs("a", "b"));
        h.create("src", config("tasks.max", "2"));

        h.generatedTaskConfigs.put("src", taskConfigs("a"));
        h.send(new HerderEvent.ReconfigurationRequested("src"));
        h.settle();

        assertThat(h.connector("src").tasks()).hasSize(1);
        assertThat(h.log)
                .contains(new HerderCommand.StopTask(
                        new ConnectorTaskId("src", 1), h.generationOf(new ConnectorTaskId("src", 1))));
    }

    @Test
    void pauseResumeAndStop() {
        h.generatedTaskConfigs.put("src", taskConfigs("a"));
        h.create("src", config());
        long connectorGen = h.generationOfConnector("src");
        ConnectorTaskId task = new ConnectorTaskId("src", 0);
        long taskGen = h.generationOf(task);

        assertThat(h.request(id -> new HerderEvent.ChangeTargetState(id, "src", TargetState.PAUSED)))
                .isInstanceOf(HerderReply.Done.class);
        assertThat(h.log)
                .contains(
                        new HerderCommand.SetConnectorTargetState("src", connectorGen, TargetState.PAUSED),
                        new HerderCommand.SetTaskTargetState(task, taskGen, TargetState.PAUSED));
        assertThat(h.connector("src").status().state()).isEqualTo(StatusState.PAUSED);
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.PAUSED);

        int mark = h.log.size();
        h.request(id -> new HerderEvent.ChangeTargetState(id, "src", TargetState.RUNNING));
        assertThat(h.since(mark))
                .contains(
                        new HerderCommand.SetConnectorTargetState("src", connectorGen, TargetState.RUNNING),
                        new HerderCommand.SetTaskTargetState(task, taskGen, TargetState.RUNNING),
                        new HerderCommand.CallTaskConfigs("src", connectorGen, 1));
        assertThat(h.connector("src").status().state()).isEqualTo(StatusState.RUNNING);
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);

        mark = h.log.size();
        h.request(id -> new HerderEvent.ChangeTargetState(id, "src", TargetState.STOPPED));
        assertThat(h.since(mark))
                .contains(
                        new HerderCommand.StopConnector("src", connectorGen),
                        new HerderCommand.StopTask(task, taskGen));
        assertThat(h.connector("src").status().state()).isEqualTo(StatusState.STOPPED);
        assertThat(h.connector("src").tasks()).isEmpty();
        assertThat(h.storedTaskConfigs.get("src")).isEmpty();
        assertThat(h.storedTargets.get("src")).isEqualTo(TargetState.STOPPED);

        mark = h.log.size();
        h.request(id -> new HerderEvent.ChangeTargetState(id, "src", TargetState.RUNNING));
        assertThat(h.since(mark)).hasAtLeastOneElementOfType(HerderCommand.StartConnector.class);
        assertThat(h.connector("src").status().state()).isEqualTo(StatusState.RUNNING);
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);
    }

    @Test
    void createWithInitialStateStoppedStartsNothing() {
        h.request(
                id -> new HerderEvent.PutConnectorConfig(id, "src", config(), false, Optional.of(TargetState.STOPPED)));

        assertThat(h.log).noneMatch(HerderCommand.StartConnector.class::isInstance);
        assertThat(h.connector("src").status().state()).isEqualTo(StatusState.STOPPED);
    }

    @Test
    void deleteStopsEverythingAndForgetsTheConnector() {
        h.generatedTaskConfigs.put("src", taskConfigs("a"));
        h.create("src", config());
        int mark = h.log.size();

        assertThat(h.request(id -> new HerderEvent.DeleteConnector(id, "src"))).isInstanceOf(HerderReply.Done.class);

        assertThat(h.since(mark))
                .hasAtLeastOneElementOfType(HerderCommand.StopConnector.class)
                .hasAtLeastOneElementOfType(HerderCommand.StopTask.class);
        assertThat(h.machine.view().connectors()).isEmpty();
        assertThat(h.storedConfigs).isEmpty();
        assertThat(h.request(id -> new HerderEvent.DeleteConnector(id, "src")))
                .isInstanceOfSatisfying(
                        HerderReply.Failed.class,
                        f -> assertThat(f.error().kind()).isEqualTo(HerderError.Kind.NOT_FOUND));
    }

    @Test
    void recreateWhileTheOldInstanceStillStopsStartsTheNewOneAfterwards() {
        h.create("src", config("v", "1"));
        h.worker = c -> c instanceof HerderCommand.StopConnector ? Optional.empty() : h.defaultWorker(c);
        h.request(id -> new HerderEvent.DeleteConnector(id, "src"));
        HerderCommand.StopConnector stop = (HerderCommand.StopConnector) h.held.get(0);

        HerderReply created = h.create("src", config("v", "2"));
        assertThat(created).isInstanceOf(HerderReply.ConnectorWritten.class);
        assertThat(h.log.get(h.log.size() - 1)).isNotInstanceOf(HerderCommand.StartConnector.class);

        h.worker = h::defaultWorker;
        h.release(stop, new HerderEvent.ConnectorStopped("src", stop.generation()));
        assertThat(h.log)
                .filteredOn(HerderCommand.StartConnector.class::isInstance)
                .last()
                .satisfies(c ->
                        assertThat(((HerderCommand.StartConnector) c).config()).containsEntry("v", "2"));
        assertThat(h.connector("src").status().state()).isEqualTo(StatusState.RUNNING);
    }

    @Test
    void staleResultsOfReplacedInstancesAreIgnored() {
        h.create("src", config());
        ConnectorTaskId task = new ConnectorTaskId("src", 0);
        long oldGen = h.generationOf(task);
        h.request(id -> new HerderEvent.RestartTask(id, task));
        assertThat(h.generationOf(task)).isNotEqualTo(oldGen);

        h.send(new HerderEvent.TaskFailed(task, oldGen, StatusError.of("poll", "X", "late")));
        assertThat(h.taskState("src", 0)).isEqualTo(StatusState.RUNNING);
        assertThat(h.pending).isEmpty();
    }

    @Test
    void tasksMaxIsEnforced() {
        h.generatedTaskConfigs.put("src", taskConfigs("a", "b", "c"));
        h.create("src", config("tasks.max", "2"));

        assertThat(h.log).noneMatch(HerderCommand.WriteTaskConfigs.class::isInstance);
        HerderView.ConnectorView view = h.connector("src");
        assertThat(view.status().state()).isEqualTo(StatusState.FAILED);
        assertThat(view.status().error().orElseThrow().message())
                .contains("generated 3 tasks")
                .contains("tasks.max");
    }

    @Test
    void tasksMaxEnforceFalseKeepsTheExtraTasksWithANote() {
        h.generatedTaskConfigs.put("src", taskConfigs("a", "b", "c"));
        h.create("src", config("tasks.max", "2", "tasks.max.enforce", "false"));

        HerderView.ConnectorView view = h.connector("src");
        assertThat(view.tasks()).hasSize(3);
        assertThat(view.status().state()).isEqualTo(StatusState.RUNNING);
        assertThat(view.status().note()).hasValueSatisfying(n -> assertThat(n).contains("tasks.max.enforce=false"));
    }

    @Test
    void anInvalidStoredConfigFailsTheConnectorWithTheKey() {
        h.send(new HerderEvent.ConnectorConfigRead("src", Optional.of(config("tasks.max", "zero"))));

        assertThat(h.log).noneMatch(HerderCommand.StartConnector.class::isInstance);
        Status status = h.connector("src").status();
        assertThat(status.state()).isEqualTo(StatusState.FAILED);
        assertThat(status.error().orElseThrow().message()).contains("tasks.max");
    }

    @Test
    void revokedTasksStop() {
        h.generatedTaskConfigs.put("src", taskConfigs("a", "b"));
        h.create("src", config("tasks.max", "2"));
        int mark = h.log.size();

        h.send(new HerderEvent.RebalanceStarted());
        h.send(new HerderEvent.AssignmentChanged(
                new Assignment(false, java.util.Set.of("src"), java.util.Set.of(new ConnectorTaskId("src", 0)))));
        h.settle();

        assertThat(h.since(mark))
                .filteredOn(HerderCommand.StopTask.class::isInstance)
                .extracting(c -> ((HerderCommand.StopTask) c).id().task())
                .containsExactly(1);
        assertThat(h.taskState("src", 1)).isEqualTo(StatusState.UNASSIGNED);
    }

    private static int indexOfStart(List<HerderCommand> commands, int task) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i) instanceof HerderCommand.StartTask s && s.id().task() == task) {
                return i;
            }
        }
        return -1;
    }
}
