package io.kanal.runtime.herder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Renders the machine's mutable entries as the immutable {@link HerderView} and its statuses with Connect's state
 * names. Part of {@link HerderStateMachine}; runs on the {@code kanal-herder} thread.
 */
final class ViewBuilder {

    private final MachineState state;

    ViewBuilder(MachineState state) {
        this.state = state;
    }

    HerderView build(long version) {
        TreeMap<String, HerderView.ConnectorView> connectors = new TreeMap<>();
        for (ConnectorEntry c : state.connectors.values()) {
            if (c.visible()) {
                connectors.put(c.name, connector(c));
            }
        }
        return new HerderView(version, state.workerId, state.rebalancing, connectors);
    }

    HerderView.ConnectorView connector(ConnectorEntry c) {
        List<HerderView.TaskView> tasks = new ArrayList<>(c.taskConfigs.size());
        for (int i = 0; i < c.taskConfigs.size(); i++) {
            ConnectorTaskId id = new ConnectorTaskId(c.name, i);
            TaskEntry t = c.tasks.get(i);
            tasks.add(new HerderView.TaskView(id, c.taskConfigs.get(i), taskStatus(c, i, t)));
        }
        return new HerderView.ConnectorView(c.name, c.config, c.target, connectorStatus(c), tasks);
    }

    private Status connectorStatus(ConnectorEntry c) {
        Optional<String> note = Optional.ofNullable(c.note);
        if (c.settingsError != null) {
            return Status.failed(state.workerId, c.settingsError);
        }
        if (c.error != null) {
            return new Status(StatusState.FAILED, state.workerId, Optional.of(c.error), note, 0, OptionalLong.empty());
        }
        StatusState s;
        if (c.restarting) {
            s = StatusState.RESTARTING;
        } else if (c.phase == Phase.STARTED) {
            s = c.appliedTarget == TargetState.PAUSED ? StatusState.PAUSED : StatusState.RUNNING;
        } else if (c.target == TargetState.STOPPED && c.phase == Phase.ABSENT) {
            s = StatusState.STOPPED;
        } else {
            s = StatusState.UNASSIGNED;
        }
        return new Status(s, state.workerId, Optional.empty(), note, 0, OptionalLong.empty());
    }

    private Status taskStatus(ConnectorEntry c, int index, TaskEntry t) {
        if (t == null) {
            if (c.settings != null && c.settings.enforceTasksMax() && index >= c.settings.tasksMax()) {
                // KIP-1004: task configs from before tasks.max was lowered; these tasks do not run
                return Status.failed(
                        state.workerId,
                        StatusError.of(
                                "start",
                                "",
                                "The connector " + c.name + " has " + c.taskConfigs.size()
                                        + " task configs, more than tasks.max=" + c.settings.tasksMax()
                                        + "; this task will not run until the connector generates its task configs"
                                        + " again"));
            }
            return Status.of(StatusState.UNASSIGNED, state.workerId);
        }
        Optional<String> note = Optional.ofNullable(t.note);
        if (t.phase == Phase.FAILED) {
            OptionalLong due = t.restartScheduled() ? OptionalLong.of(t.restartDueMs) : OptionalLong.empty();
            return new Status(
                    StatusState.FAILED, state.workerId, Optional.ofNullable(t.error), note, t.restartAttempts, due);
        }
        StatusState s;
        if (t.restarting) {
            s = StatusState.RESTARTING;
        } else if (t.phase == Phase.STARTED) {
            s = t.appliedTarget == TargetState.PAUSED ? StatusState.PAUSED : StatusState.RUNNING;
        } else {
            s = StatusState.UNASSIGNED;
        }
        return new Status(s, state.workerId, Optional.empty(), note, t.restartAttempts, OptionalLong.empty());
    }
}
