package io.kanal.api.source;

/**
 * How a source task with {@code transaction.boundary=connector} ends transactions; Kafka Connect's {@code
 * TransactionContext}. Requests take effect on the task's thread after the current {@code poll} returns (or after
 * the named record is dispatched), never in the middle of a batch. Thread-safe.
 *
 * <p>A request naming a record is matched by {@link SourceRecord#equals}, as Connect matches them, and is kept until a
 * record equal to it is dispatched: the record may be one of the current batch or one a later {@code poll} returns
 * (named before it is returned, perhaps from a thread of the connector's own). A request naming a record that is never
 * returned is kept for the task's life, so name only records the task returns.
 */
public interface TransactionContext {

    /** Commits the open transaction after the current batch is dispatched. */
    void commitTransaction();

    /**
     * Commits the open transaction right after this record is dispatched; records after it open a new one.
     *
     * @param record a record of the current batch, or one a later {@code poll} returns
     */
    void commitTransaction(SourceRecord record);

    /** Aborts the open transaction after the current batch: its records are discarded and not committed. */
    void abortTransaction();

    /**
     * Aborts the open transaction right after this record, which is discarded with it.
     *
     * @param record a record of the current batch, or one a later {@code poll} returns
     */
    void abortTransaction(SourceRecord record);
}
