package io.kanal.runtime.task;

import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.TransactionBoundary;
import io.kanal.api.source.TransactionContext;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where an exactly-once source task's transactions end, without I/O: the source pipeline asks after each record it
 * dispatched ({@link #afterRecord}) and after each batch, empty ones included ({@link #afterBatch}), and tells when a
 * transaction ended ({@link #ended}); the answer is to go on, commit or abort. Time is passed in.
 *
 * <ul>
 *   <li>{@code poll}: commit after every batch that opened or continued a transaction.
 *   <li>{@code interval}: commit once {@code transaction.boundary.interval.ms} has passed since the last transaction
 *       ended (or the task started), checked after every batch.
 *   <li>{@code connector}: the task asks through {@link #context()}: after a named record, or after the current batch.
 * </ul>
 *
 * <p>Threading: {@link #afterRecord}, {@link #afterBatch} and {@link #ended} are called on the task thread; {@link
 * #context()}'s methods may be called from any thread (a connector may end a transaction from a thread of its own):
 * the requests are guarded by this object's monitor.
 */
public final class TransactionBoundaries {

    /** What the pipeline does next. */
    public enum Decision {
        /** Go on: the transaction stays open. */
        NONE,
        /** Commit the open transaction. */
        COMMIT,
        /** Abort the open transaction. */
        ABORT
    }

    private final TransactionBoundary boundary;
    private final long intervalMs;
    private long deadlineMs;

    /** Requests of the connector for the current batch (guarded by {@code this}). */
    private Decision batchRequest = Decision.NONE;
    /** Requests of the connector naming a record, by identity (guarded by {@code this}). */
    private final Map<SourceRecord, Decision> recordRequests = new IdentityHashMap<>();

    private final TransactionContext context = new TransactionContext() {
        @Override
        public void commitTransaction() {
            requestBatch(Decision.COMMIT);
        }

        @Override
        public void commitTransaction(SourceRecord record) {
            requestRecord(record, Decision.COMMIT);
        }

        @Override
        public void abortTransaction() {
            requestBatch(Decision.ABORT);
        }

        @Override
        public void abortTransaction(SourceRecord record) {
            requestRecord(record, Decision.ABORT);
        }
    };

    /**
     * Creates the boundaries of one task.
     *
     * @param boundary where transactions end
     * @param intervalMs the interval of {@link TransactionBoundary#INTERVAL}
     * @param nowMs the task's start, on a monotonic millisecond clock
     */
    public TransactionBoundaries(TransactionBoundary boundary, long intervalMs, long nowMs) {
        this.boundary = Objects.requireNonNull(boundary, "boundary");
        this.intervalMs = intervalMs;
        this.deadlineMs = nowMs + intervalMs;
    }

    /**
     * The boundary kind.
     *
     * @return the boundary
     */
    public TransactionBoundary boundary() {
        return boundary;
    }

    /**
     * The context the task gets through {@code SourceTaskContext.transactionContext()}, for the {@code connector}
     * boundary (Connect gives none for the others).
     *
     * @return the context
     */
    public TransactionContext context() {
        return context;
    }

    /**
     * After a record was dispatched (sent, filtered or settled by the error policy): whether the connector asked to
     * end the transaction right after it.
     *
     * @param original the record as the task returned it from {@code poll}
     * @return the decision (a connector that asks for both a commit and an abort of one record is refused when it
     *     asks, by the {@link #context()}, so this never throws)
     */
    public synchronized Decision afterRecord(SourceRecord original) {
        if (recordRequests.isEmpty()) {
            return Decision.NONE;
        }
        Decision d = recordRequests.remove(original);
        return d == null ? Decision.NONE : d;
    }

    /**
     * After a batch (empty or not) was dispatched: whether to end the open transaction now. Requests naming records
     * that were not in the batch are forgotten, as Connect forgets them.
     *
     * @param nowMs the time, on the clock of the constructor
     * @param open whether a transaction is open
     * @return the decision; {@link Decision#NONE} when no transaction is open (conflicting requests of one batch are
     *     refused when the connector makes them, by the {@link #context()}, so this never throws)
     */
    public synchronized Decision afterBatch(long nowMs, boolean open) {
        Decision requested = batchRequest;
        batchRequest = Decision.NONE;
        recordRequests.clear();
        if (!open) {
            return Decision.NONE;
        }
        return switch (boundary) {
            case POLL -> Decision.COMMIT;
            case INTERVAL -> nowMs >= deadlineMs ? Decision.COMMIT : Decision.NONE;
            case CONNECTOR -> requested;
        };
    }

    /**
     * A transaction ended (committed or aborted): the interval starts again.
     *
     * @param nowMs the time, on the clock of the constructor
     */
    public void ended(long nowMs) {
        deadlineMs = nowMs + intervalMs;
    }

    /**
     * When an {@code interval} transaction falls due, for a pipeline that waits.
     *
     * @return the deadline on the clock of the constructor
     */
    public long deadlineMs() {
        return deadlineMs;
    }

    private synchronized void requestBatch(Decision d) {
        if (batchRequest != Decision.NONE && batchRequest != d) {
            throw new IllegalStateException("Connector requested both commit and abort of the same transaction");
        }
        batchRequest = d;
    }

    private synchronized void requestRecord(SourceRecord record, Decision d) {
        Objects.requireNonNull(record, "record");
        Decision before = recordRequests.putIfAbsent(record, d);
        if (before != null && before != d) {
            throw new IllegalStateException("Connector requested both commit and abort of the same record");
        }
    }
}
