package io.kanal.runtime.herder;

/**
 * Where a connector or task instance is in its life, as the herder tracks it. {@code STARTING} and {@code STOPPING}
 * mean a command is outstanding: the herder sends nothing else to that instance until its result arrives, which is
 * why a task never has two {@code StartTask}s outstanding.
 */
enum Phase {
    /** No instance exists. */
    ABSENT,
    /** A start command is outstanding. */
    STARTING,
    /** The instance runs (possibly paused). */
    STARTED,
    /** A stop command is outstanding. */
    STOPPING,
    /** The instance failed and is gone; the status keeps the error. */
    FAILED
}
