package io.kanal.runtime.store.kafka;

import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusError;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.store.kafka.StatusRecord.StatusValue;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Maps the runtime's {@link Status} to the status topic's value and back. The topic holds Connect's fields only:
 * state, trace, worker id, generation. Lost on the way: the error's stage, its exception class and message as
 * separate fields (they survive inside the trace's first line, from which they are read back), the record location,
 * the note, the restart attempts and the next restart time. Stateless.
 */
final class StatusValues {

    private StatusValues() {}

    /**
     * The value to write.
     *
     * @param status the runtime's status
     * @param generation the group generation of the writer
     * @return the topic's value
     */
    static StatusValue toValue(Status status, int generation) {
        return new StatusValue(
                status.state(),
                status.error().map(StatusValues::trace),
                status.workerId(),
                generation,
                Optional.empty());
    }

    /**
     * The runtime's status of a value read: Connect's fields only.
     *
     * @param value the value read
     * @return the status; a trace becomes an error whose class and message come from the trace's first line
     */
    static Status toStatus(StatusValue value) {
        Optional<StatusError> error = value.trace().map(StatusValues::error);
        return new Status(value.state(), value.workerId(), error, Optional.empty(), 0, OptionalLong.empty());
    }

    /** Connect's trace is the stack trace; an error without one is written as {@code class: message}. */
    private static String trace(StatusError error) {
        if (!error.trace().isBlank()) {
            return error.trace();
        }
        if (error.exceptionClass().isEmpty()) {
            return error.message();
        }
        return error.message().isEmpty() ? error.exceptionClass() : error.exceptionClass() + ": " + error.message();
    }

    /** A stack trace starts with {@code java.lang.IllegalStateException: message}. */
    private static StatusError error(String trace) {
        String first = trace.lines().findFirst().orElse("");
        int colon = first.indexOf(':');
        String head = colon < 0 ? first : first.substring(0, colon);
        boolean isClass = !head.isEmpty() && !head.contains(" ");
        String exceptionClass = isClass ? head : "";
        String message =
                !isClass ? first : colon < 0 ? "" : first.substring(colon + 1).trim();
        return new StatusError("", exceptionClass, message, trace, Optional.empty());
    }

    /**
     * Whether a status is written with Connect's {@code putSafe} (FAILED, UNASSIGNED: written by a worker that may
     * have lost the task in a rebalance it has not seen) or with {@code put} (the rest, written by the owner).
     *
     * @param state the state
     * @return whether the write is checked against the cached status
     */
    static boolean safeWrite(StatusState state) {
        return state == StatusState.FAILED || state == StatusState.UNASSIGNED;
    }
}
