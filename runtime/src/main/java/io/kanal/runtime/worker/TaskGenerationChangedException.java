package io.kanal.runtime.worker;

/**
 * An exactly-once source task took its transactional id after the leader's round of zombie fencing, but belongs no
 * longer to the newest task generation this worker has read, or no longer to this worker: it must not run, because the
 * rounds of newer generations may not fence it. Its producer was closed; the herder starts the newest generation.
 */
public final class TaskGenerationChangedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which task, and what changed
     */
    public TaskGenerationChangedException(String message) {
        super(message);
    }
}
