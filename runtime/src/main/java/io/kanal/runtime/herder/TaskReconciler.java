package io.kanal.runtime.herder;

import java.util.Map;
import java.util.TreeSet;

/**
 * Keeps each task of a connector where the task configs, target state and assignment say it should be, and restarts
 * failed tasks by the connector's {@link TaskRestartPolicy}. Part of {@link HerderStateMachine}; owned by the {@code
 * kanal-herder} thread.
 *
 * <p>A task restarts (stop, then start) when its task config, or the connector config its task configs were generated
 * from, changed since it started, or when REST asked. Kafka Connect before KAFKA-9228 kept tasks running on a
 * connector config change that left the task configs equal, so a converter change did not apply; comparing the
 * connector config too avoids that. The comparison uses {@link ConnectorEntry#tasksConnectorConfig}, which moves on
 * every worker when it reads a task-config commit, so an update restarts each task once, on the connector's worker
 * and on the others alike.
 *
 * <p>An exactly-once source task (its {@code TaskStarted} says {@code transactional}) also restarts on every new
 * task-config commit of its connector, even when its own config is unchanged: only a starting task asks for the
 * leader's round of zombie fencing, which fences the task ids a lower task count dropped (KIP-618). Connect restarts
 * every task of such a commit; other connectors keep the cheaper rule above.
 */
final class TaskReconciler {

    private final MachineState state;

    TaskReconciler(MachineState state) {
        this.state = state;
    }

    // ---- plugin results

    void started(ConnectorTaskId id, long generation, boolean transactional) {
        TaskEntry t = current(id, generation);
        if (t == null || t.phase != Phase.STARTING) {
            return;
        }
        t.phase = Phase.STARTED;
        t.transactional = transactional;
        t.startedAtMs = state.nowMs;
        t.restarting = false;
        t.error = null;
        t.note = null;
        reconcile(state.connectors.get(id.connector()));
    }

    void failed(ConnectorTaskId id, long generation, StatusError error) {
        TaskEntry t = current(id, generation);
        if (t == null || t.phase == Phase.ABSENT || t.phase == Phase.FAILED) {
            return;
        }
        ConnectorEntry c = state.connectors.get(id.connector());
        if (t.phase == Phase.STOPPING) {
            t.phase = Phase.ABSENT; // failing while being stopped counts as stopped
        } else {
            boolean ranHealthy = t.phase == Phase.STARTED
                    && c.settings != null
                    && state.nowMs - t.startedAtMs >= c.settings.restartPolicy().maxBackoffMs();
            t.phase = Phase.FAILED;
            t.error = error;
            t.note = null;
            t.restarting = false;
            if (ranHealthy) {
                t.restartAttempts = 0;
            }
            scheduleRestart(c, t);
        }
        reconcile(c);
    }

    void stopped(ConnectorTaskId id, long generation) {
        TaskEntry t = current(id, generation);
        if (t == null || t.phase == Phase.ABSENT || t.phase == Phase.FAILED) {
            return;
        }
        t.phase = Phase.ABSENT;
        reconcile(state.connectors.get(id.connector()));
    }

    void stuck(ConnectorTaskId id, long generation, String stage, String detail) {
        TaskEntry t = current(id, generation);
        if (t != null && t.phase != Phase.ABSENT) {
            t.note = "stuck in " + stage + ": " + detail;
        }
    }

    /** Marks the task for a REST restart; the caller reconciles. A manual restart forgets the back-off history. */
    void requestRestart(TaskEntry t) {
        t.restartRequested = true;
        t.restarting = true;
        t.restartAttempts = 0;
        t.restartDueMs = TaskEntry.NO_RESTART;
    }

    /** The earliest automatic restart that is due, or {@link Step#NO_WAKEUP}. */
    long nextWakeupMs() {
        long next = Step.NO_WAKEUP;
        for (ConnectorEntry c : state.connectors.values()) {
            for (TaskEntry t : c.tasks.values()) {
                if (t.phase == Phase.FAILED && t.restartScheduled()) {
                    next = Math.min(next, t.restartDueMs);
                }
            }
        }
        return next;
    }

    // ---- the reconciliation

    void reconcile(ConnectorEntry c) {
        if (c == null) {
            return;
        }
        TreeSet<Integer> numbers = new TreeSet<>(c.tasks.keySet());
        int desiredCount = desiredCount(c);
        for (int i = 0; i < desiredCount; i++) {
            numbers.add(i);
        }
        for (int number : numbers) {
            ConnectorTaskId id = new ConnectorTaskId(c.name, number);
            Map<String, String> desired =
                    number < desiredCount && state.assignment.owns(id) ? c.taskConfigs.get(number) : null;
            TaskEntry t = c.tasks.computeIfAbsent(number, n -> new TaskEntry(id));
            reconcileTask(c, t, desired);
        }
        // reconcileTask starts every desired task, so an ABSENT entry now is an undesired one
        c.tasks.values().removeIf(t -> t.phase == Phase.ABSENT);
    }

    private int desiredCount(ConnectorEntry c) {
        if (!c.visible() || c.settings == null || c.target == TargetState.STOPPED) {
            return 0;
        }
        int count = c.taskConfigs.size();
        // KIP-1004: with enforcement, tasks beyond tasks.max never start (their configs predate a lower tasks.max)
        return c.settings.enforceTasksMax() ? Math.min(count, c.settings.tasksMax()) : count;
    }

    private void reconcileTask(ConnectorEntry c, TaskEntry t, Map<String, String> desired) {
        switch (t.phase) {
            case STARTING, STOPPING -> {
                // a command is outstanding: wait for its result
            }
            case STARTED -> {
                if (desired == null || t.restartRequested || outdated(c, t, desired)) {
                    state.emit(new HerderCommand.StopTask(t.id, t.generation));
                    t.phase = Phase.STOPPING;
                } else if (t.appliedTarget != c.target) {
                    state.emit(new HerderCommand.SetTaskTargetState(t.id, t.generation, c.target));
                    t.appliedTarget = c.target;
                }
            }
            case FAILED -> {
                if (desired == null) {
                    t.phase = Phase.ABSENT;
                } else if (t.restartRequested || outdated(c, t, desired)) {
                    start(c, t, desired);
                } else if (t.restartScheduled() && t.restartDueMs <= state.nowMs) {
                    start(c, t, desired);
                }
            }
            case ABSENT -> {
                if (desired != null) {
                    start(c, t, desired);
                }
            }
        }
    }

    private static boolean outdated(ConnectorEntry c, TaskEntry t, Map<String, String> desired) {
        return !desired.equals(t.startedConfig)
                || !c.tasksConnectorConfig.equals(t.startedConnectorConfig)
                || (t.transactional && t.startedCommit != c.taskConfigCommits);
    }

    private void start(ConnectorEntry c, TaskEntry t, Map<String, String> desired) {
        t.generation = state.nextGeneration();
        t.phase = Phase.STARTING;
        t.startedConfig = desired;
        t.startedConnectorConfig = c.tasksConnectorConfig;
        t.startedCommit = c.taskConfigCommits;
        t.transactional = false; // known once the new instance reports TaskStarted
        t.appliedTarget = c.target;
        t.restartRequested = false;
        t.restartDueMs = TaskEntry.NO_RESTART;
        state.emit(new HerderCommand.StartTask(
                t.id, t.generation, c.tasksConnectorConfig, desired, c.target, c.taskConfigGeneration));
    }

    private void scheduleRestart(ConnectorEntry c, TaskEntry t) {
        if (c.settings == null || c.settings.restartPolicy().kind() == TaskRestartPolicy.Kind.NONE) {
            t.restartDueMs = TaskEntry.NO_RESTART;
            return;
        }
        t.restartAttempts++;
        t.restartDueMs = state.nowMs + c.settings.restartPolicy().backoffMs(t.restartAttempts);
    }

    private TaskEntry current(ConnectorTaskId id, long generation) {
        ConnectorEntry c = state.connectors.get(id.connector());
        TaskEntry t = c == null ? null : c.tasks.get(id.task());
        return t != null && t.generation == generation ? t : null;
    }
}
