package io.kanal.client.errors;

/**
 * A commit was rejected because this consumer is no longer the group member that owns the partitions (its member
 * epoch is stale or it was fenced). The records since the last successful commit may be delivered again, to this or
 * another member.
 */
public final class CommitFailedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param cause the broker error, or null
     */
    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
