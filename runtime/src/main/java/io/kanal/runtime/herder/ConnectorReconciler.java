package io.kanal.runtime.herder;

import io.kanal.config.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each connector instance where its config, target state and the assignment say it should be, and turns its
 * {@code taskConfigs} results into task config writes (with KIP-1004's {@code tasks.max} check). Part of {@link
 * HerderStateMachine}; owned by the {@code kanal-herder} thread.
 *
 * <p>The rule is level-triggered: every event only updates facts, and {@link #reconcile(ConnectorEntry)} compares
 * the desired with the actual instance and emits at most one command per instance. An instance with a command
 * outstanding ({@link Phase#STARTING}, {@link Phase#STOPPING}) is left alone until its result arrives.
 */
final class ConnectorReconciler {

    private final MachineState state;
    private final TaskReconciler tasks;
    private final Map<Long, String> internalWrites = new HashMap<>();
    /**
     * Per connector name, the herder's latest task config write while it is in flight. New {@code taskConfigs}
     * results are compared with it, not with the stored configs: writes apply in order, so the last one written is
     * what the store will hold. Kept by name, not on the entry, because a write may outlive a deleted entry and land
     * on its re-creation.
     */
    private final Map<String, InFlightWrite> latestTaskConfigWrites = new HashMap<>();

    /** A task config write in flight, with the connector config its task configs were generated from. */
    private record InFlightWrite(long id, List<Map<String, String>> configs, Map<String, String> connectorConfig) {}

    ConnectorReconciler(MachineState state, TaskReconciler tasks) {
        this.state = state;
        this.tasks = tasks;
    }

    // ---- store facts

    void configRead(String name, Optional<Map<String, String>> config) {
        ConnectorEntry c = state.entry(name);
        if (config.isEmpty()) {
            c.deleted = true;
            c.taskConfigs = List.of();
            c.tasksConnectorConfig = null;
            c.target = TargetState.RUNNING;
            c.restartRequested = false;
        } else {
            c.deleted = false;
            c.config = config.get();
            c.configVersion++;
            if (c.tasksConnectorConfig == null) {
                c.tasksConnectorConfig = c.config;
            }
            c.taskConfigsWanted = true;
            try {
                c.settings = ConnectorSettings.parse(c.config, state.workerConfig);
                c.settingsError = null;
            } catch (ConfigException e) {
                c.settings = null;
                c.settingsError = StatusError.of("config", e.getClass().getName(), e.getMessage());
            }
        }
        reconcile(c);
    }

    void targetStateRead(String name, TargetState target) {
        ConnectorEntry c = state.entry(name);
        TargetState before = c.target;
        c.target = target;
        if (target == TargetState.RUNNING && before != TargetState.RUNNING) {
            c.taskConfigsWanted = true;
        }
        // KIP-875: a stopped connector has no task configs; the store's read-back stops the tasks.
        emptyTaskConfigsOfStopped(c);
        reconcile(c);
    }

    void taskConfigsRead(String name, List<Map<String, String>> configs, int generation) {
        ConnectorEntry c = state.entry(name);
        c.taskConfigs = configs;
        c.taskConfigGeneration = generation;
        c.taskConfigCommits++;
        // The connector config record precedes the task configs generated from it, so every worker, owner or not,
        // has read that config by now (Connect keeps the same snapshot per commit since KAFKA-9228). Null until the
        // config is read; configRead fills it then.
        c.tasksConnectorConfig = c.config;
        // Task configs generated before the stop was read may land after it; the stop wins (KIP-875).
        emptyTaskConfigsOfStopped(c);
        reconcile(c);
    }

    // ---- plugin results

    void started(String name, long generation) {
        ConnectorEntry c = current(name, generation);
        if (c == null || c.phase != Phase.STARTING) {
            return;
        }
        c.phase = Phase.STARTED;
        c.restarting = false;
        c.error = null;
        c.note = null;
        // a new instance always regenerates task configs, as soon as it runs (now, or when resumed)
        c.taskConfigsWanted = true;
        reconcile(c);
    }

    void failed(String name, long generation, StatusError error) {
        ConnectorEntry c = current(name, generation);
        if (c == null || c.phase == Phase.ABSENT || c.phase == Phase.FAILED) {
            return;
        }
        // Failing while being stopped counts as stopped: the herder wanted it gone anyway.
        c.phase = c.phase == Phase.STOPPING ? Phase.ABSENT : Phase.FAILED;
        if (c.phase == Phase.FAILED) {
            c.error = error;
            c.restarting = false;
        }
        c.taskConfigsInFlight = false;
        reconcile(c);
    }

    void stopped(String name, long generation) {
        ConnectorEntry c = current(name, generation);
        if (c == null || c.phase == Phase.ABSENT || c.phase == Phase.FAILED) {
            return;
        }
        c.phase = Phase.ABSENT;
        c.taskConfigsInFlight = false;
        reconcile(c);
    }

    void taskConfigsReturned(String name, long generation, List<Map<String, String>> configs) {
        ConnectorEntry c = current(name, generation);
        if (c == null || !c.taskConfigsInFlight) {
            return;
        }
        c.taskConfigsInFlight = false;
        c.note = null;
        if (c.phase == Phase.STARTED && c.visible() && c.settings != null && c.target != TargetState.STOPPED) {
            int max = c.settings.tasksMax();
            if (configs.size() > max && c.settings.enforceTasksMax()) {
                c.error = StatusError.of(
                        "taskConfigs",
                        "",
                        "The connector " + name + " has generated " + configs.size()
                                + " tasks, which is greater than " + max
                                + ", the maximum number of tasks it is configured to create (tasks.max)");
            } else {
                if (configs.size() > max) {
                    c.note = "generated " + configs.size() + " task configs, more than tasks.max=" + max
                            + " (allowed because tasks.max.enforce=false)";
                }
                InFlightWrite inFlight = latestTaskConfigWrites.get(name);
                List<Map<String, String>> latest = inFlight != null ? inFlight.configs() : c.taskConfigs;
                Map<String, String> latestConnectorConfig =
                        inFlight != null ? inFlight.connectorConfig() : c.tasksConnectorConfig;
                // Equal task configs are written again when the connector config changed: the commit is what
                // tells every worker (not only this one) to restart its tasks with the new connector config.
                if (!configs.equals(latest) || !c.config.equals(latestConnectorConfig)) {
                    writeTaskConfigs(name, configs, c.config);
                }
            }
        }
        reconcile(c);
    }

    void taskConfigsFailed(String name, long generation, StatusError error) {
        ConnectorEntry c = current(name, generation);
        if (c == null || !c.taskConfigsInFlight) {
            return;
        }
        c.taskConfigsInFlight = false;
        c.note = null;
        c.error = error;
        reconcile(c);
    }

    void stuck(String name, long generation, String stage, String detail) {
        ConnectorEntry c = current(name, generation);
        if (c != null && c.phase != Phase.ABSENT) {
            c.note = "stuck in " + stage + ": " + detail;
        }
    }

    /**
     * A task config write of the herder's own completed. On failure the connector's status says so; nothing retries
     * by itself (a broken store would make that a busy loop): the next reconfiguration or restart writes again.
     */
    void internalWriteCompleted(long writeId, Optional<String> failure) {
        String name = internalWrites.remove(writeId);
        if (name == null) {
            return;
        }
        InFlightWrite latest = latestTaskConfigWrites.get(name);
        if (latest != null && latest.id() == writeId) {
            latestTaskConfigWrites.remove(name);
        }
        ConnectorEntry c = state.connectors.get(name);
        if (c != null && failure.isPresent()) {
            c.note = "failed to store task configs: " + failure.get();
        }
    }

    private void writeTaskConfigs(String name, List<Map<String, String>> configs, Map<String, String> connectorConfig) {
        long id = state.nextInternalWriteId();
        internalWrites.put(id, name);
        latestTaskConfigWrites.put(name, new InFlightWrite(id, configs, connectorConfig));
        state.emit(new HerderCommand.WriteTaskConfigs(id, name, configs));
    }

    void reconfigurationRequested(String name) {
        ConnectorEntry c = state.connectors.get(name);
        if (c != null && c.visible()) {
            c.taskConfigsWanted = true;
            reconcile(c);
        }
    }

    /** Marks the connector for a REST restart; the caller reconciles. */
    void requestRestart(ConnectorEntry c) {
        if (wantsInstance(c) || c.phase != Phase.ABSENT) {
            c.restartRequested = true;
            c.restarting = true;
        }
    }

    static boolean isFailed(ConnectorEntry c) {
        return c.phase == Phase.FAILED || (c.error != null) || c.settingsError != null;
    }

    // ---- the reconciliation

    void reconcileAll() {
        for (ConnectorEntry c : List.copyOf(state.connectors.values())) {
            emptyTaskConfigsOfStopped(c);
            reconcile(c);
        }
    }

    /**
     * Writes empty task configs for a stopped connector that still has some, once: by the worker that owns the
     * connector, so that a cluster writes them once rather than once per worker (a new owner writes them when the
     * connector is assigned to it).
     */
    private void emptyTaskConfigsOfStopped(ConnectorEntry c) {
        InFlightWrite latest = latestTaskConfigWrites.get(c.name);
        boolean emptyOnItsWay = latest != null && latest.configs().isEmpty();
        if (c.target == TargetState.STOPPED
                && !c.taskConfigs.isEmpty()
                && c.visible()
                && state.assignment.owns(c.name)
                && !emptyOnItsWay) {
            writeTaskConfigs(c.name, List.of(), c.config);
        }
    }

    void reconcile(ConnectorEntry c) {
        reconcileInstance(c);
        reconcileTaskConfigsCall(c);
        tasks.reconcile(c);
        if (c.deleted && c.phase == Phase.ABSENT && c.tasks.isEmpty()) {
            state.connectors.remove(c.name);
        } else if (c.config == null
                && c.phase == Phase.ABSENT
                && c.tasks.isEmpty()
                && c.target == TargetState.RUNNING) {
            state.connectors.remove(c.name);
        }
    }

    private boolean wantsInstance(ConnectorEntry c) {
        return c.visible() && c.settings != null && c.target != TargetState.STOPPED && state.assignment.owns(c.name);
    }

    private void reconcileInstance(ConnectorEntry c) {
        boolean wanted = wantsInstance(c);
        switch (c.phase) {
            case STARTING, STOPPING -> {
                // a command is outstanding: wait for its result
            }
            case STARTED -> {
                if (!wanted || c.restartRequested || c.startedConfigVersion != c.configVersion) {
                    state.emit(new HerderCommand.StopConnector(c.name, c.generation));
                    c.phase = Phase.STOPPING;
                } else if (c.appliedTarget != c.target) {
                    state.emit(new HerderCommand.SetConnectorTargetState(c.name, c.generation, c.target));
                    c.appliedTarget = c.target;
                }
            }
            case FAILED -> {
                if (!wanted) {
                    c.phase = Phase.ABSENT;
                    c.error = null;
                } else if (c.restartRequested || c.startedConfigVersion != c.configVersion) {
                    start(c);
                }
            }
            case ABSENT -> {
                if (wanted) {
                    start(c);
                } else {
                    c.restarting = false;
                    c.restartRequested = false;
                }
            }
        }
    }

    private void start(ConnectorEntry c) {
        c.generation = state.nextGeneration();
        c.phase = Phase.STARTING;
        c.startedConfigVersion = c.configVersion;
        c.appliedTarget = c.target;
        c.restartRequested = false;
        c.error = null;
        c.note = null;
        c.taskConfigsInFlight = false;
        state.emit(new HerderCommand.StartConnector(c.name, c.generation, c.config, c.target));
    }

    private void reconcileTaskConfigsCall(ConnectorEntry c) {
        if (c.phase == Phase.STARTED
                && c.appliedTarget == TargetState.RUNNING
                && c.taskConfigsWanted
                && !c.taskConfigsInFlight
                && c.error == null
                && wantsInstance(c)) {
            c.taskConfigsWanted = false;
            c.taskConfigsInFlight = true;
            state.emit(new HerderCommand.CallTaskConfigs(c.name, c.generation, c.settings.tasksMax()));
        }
    }

    private ConnectorEntry current(String name, long generation) {
        ConnectorEntry c = state.connectors.get(name);
        return c != null && c.generation == generation ? c : null;
    }
}
