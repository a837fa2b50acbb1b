package io.kanal.runtime.task;

import io.kanal.runtime.invoke.StageError;

/**
 * Ends a task: a failure that the error policy does not tolerate, with the structured error its status carries. The
 * cause is what the stage threw.
 */
public final class TaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Not serialised: failures stay in this JVM. */
    private final transient StageError error;

    /**
     * Creates the exception.
     *
     * @param error the structured error
     * @param cause what the stage threw, may be {@code null}
     */
    public TaskFailedException(StageError error, Throwable cause) {
        super(error.summary(), cause);
        this.error = error;
    }

    /**
     * The structured error; {@code null} after deserialisation.
     *
     * @return the error
     */
    public StageError error() {
        return error;
    }
}
