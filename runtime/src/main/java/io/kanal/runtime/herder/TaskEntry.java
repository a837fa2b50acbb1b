package io.kanal.runtime.herder;

import java.util.Map;

/**
 * The herder's mutable record of one task on this worker. Owned by the {@code kanal-herder} thread; never shared.
 */
final class TaskEntry {

    static final long NO_RESTART = Long.MAX_VALUE;

    final ConnectorTaskId id;
    Phase phase = Phase.ABSENT;
    long generation;
    /** The task config the current instance started with. */
    Map<String, String> startedConfig = Map.of();
    /** The connector config the current instance started with: a change restarts the task too. */
    Map<String, String> startedConnectorConfig = Map.of();

    /** {@link ConnectorEntry#taskConfigCommits} when the current instance started. */
    long startedCommit;
    /** The current instance writes in transactions (an exactly-once source task), as its worker reported. */
    boolean transactional;

    TargetState appliedTarget = TargetState.RUNNING;
    /** A REST restart is pending: the instance stops (when running) and starts again. */
    boolean restartRequested;
    /** Show {@code RESTARTING} until the restarted instance reports. */
    boolean restarting;

    StatusError error;
    String note;
    long startedAtMs;
    int restartAttempts;
    long restartDueMs = NO_RESTART;

    TaskEntry(ConnectorTaskId id) {
        this.id = id;
    }

    boolean restartScheduled() {
        return restartDueMs != NO_RESTART;
    }
}
