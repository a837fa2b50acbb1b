package io.kanal.client.errors;

/**
 * A record was not written because its transaction was aborted before the record was sent: by the application's
 * {@code abortTransaction()}, or because the transaction had already failed. Category {@link ErrorCategory#ABORTABLE}.
 */
public final class TransactionAbortedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which transaction and why
     */
    public TransactionAbortedException(String message) {
        super(message, null, ErrorCategory.ABORTABLE, null);
    }
}
