package io.kanal.testkit;

/**
 * A cluster or node failed to start, to become ready or to stop. The message carries the last lines of the logs of
 * the nodes concerned, so that a failing test shows why without anyone digging for files.
 */
public final class KafkaClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, with log excerpts
     * @param cause the underlying failure, or {@code null}
     */
    public KafkaClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
