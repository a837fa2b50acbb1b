package io.kanal.runtime.herder;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The status of a connector or a task as REST shows it: Connect's state and worker id, plus Kanal's extras: a
 * structured error, a note on a call that is stuck ("stuck in taskConfigs for 40 s"), and the automatic restart
 * schedule of a failed task.
 *
 * @param state Connect's state name
 * @param workerId the worker that reports it
 * @param error why it failed; present when {@code state} is {@code FAILED}
 * @param note what is unusual but not a failure, for example a plugin call past its deadline
 * @param restartAttempts automatic restarts since the task last ran long enough to be called healthy
 * @param nextRestartAtMs when the next automatic restart is due, on the herder's clock
 */
public record Status(
        StatusState state,
        String workerId,
        Optional<StatusError> error,
        Optional<String> note,
        int restartAttempts,
        OptionalLong nextRestartAtMs) {

    /**
     * Checks the status.
     *
     * @param state Connect's state name
     * @param workerId the worker that reports it
     * @param error why it failed
     * @param note what is unusual
     * @param restartAttempts automatic restarts so far
     * @param nextRestartAtMs the next automatic restart
     */
    public Status {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(nextRestartAtMs, "nextRestartAtMs");
    }

    /**
     * A plain status: no error, no note, no restart schedule.
     *
     * @param state the state
     * @param workerId the worker
     * @return the status
     */
    public static Status of(StatusState state, String workerId) {
        return new Status(state, workerId, Optional.empty(), Optional.empty(), 0, OptionalLong.empty());
    }

    /**
     * A {@code FAILED} status.
     *
     * @param workerId the worker
     * @param error why
     * @return the status
     */
    public static Status failed(String workerId, StatusError error) {
        return new Status(StatusState.FAILED, workerId, Optional.of(error), Optional.empty(), 0, OptionalLong.empty());
    }
}
