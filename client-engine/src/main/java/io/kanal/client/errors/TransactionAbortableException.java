package io.kanal.client.errors;

/**
 * The current transaction can no longer commit: a record failed, a partition or the offsets could not be added, or
 * an outcome became unknown. Call {@code abortTransaction()}, then go on with the next transaction; the cause says
 * what went wrong. Category {@link ErrorCategory#ABORTABLE}.
 */
public final class TransactionAbortableException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and that the transaction must be aborted
     * @param cause the failure that made the transaction abortable
     */
    public TransactionAbortableException(String message, Throwable cause) {
        super(message, null, ErrorCategory.ABORTABLE, cause);
    }
}
