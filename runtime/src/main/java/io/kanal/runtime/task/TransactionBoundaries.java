package io.kanal.runtime.task;

import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.TransactionBoundary;
import io.kanal.api.source.TransactionContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>A request naming a record is kept until a record equal to it ({@link SourceRecord#equals}, as Connect's {@code
 * WorkerTransactionContext} matches them) is dispatched, whichever batch that is in: a connector may name a record
 * before the {@code poll} that returns it, or from a thread of its own while the pipeline works. A request naming a
 * record that is never dispatched stays; past 1,000 of them a warning is logged (and again at each
 * doubling), and past 100,000 a further request is refused: such a connector leaks.
 *
 * <p>Threading: {@link #afterRecord}, {@link #afterBatch} and {@link #ended} are called on the task thread; {@link
 * #context()}'s methods may be called from any thread (a connector may end a transaction from a thread of its own):
 * the requests are guarded by this object's monitor.
 */
public final class TransactionBoundaries {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionBoundaries.class);

    /** Pending record requests at which a warning is first logged. */
    static final int WARN_PENDING = 1_000;
    /** Pending record requests beyond which a further one is refused. */
    static final int MAX_PENDING = 100_000;

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
    /** Requests of the connector naming a record, by equality, until it is dispatched (guarded by {@code this}). */
    private final Map<SourceRecord, Decision> recordRequests = new HashMap<>();
    /** The number of pending record requests at which the next warning is logged (guarded by {@code this}). */
    private int warnAt = WARN_PENDING;

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
     * end the transaction right after it, or after a record equal to it, in this batch or before. The request is used
     * up: a second equal record ends nothing unless named again.
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
     * that were not in the batch are kept for the batches to come, as Connect keeps them.
     *
     * @param nowMs the time, on the clock of the constructor
     * @param open whether a transaction is open
     * @return the decision; {@link Decision#NONE} when no transaction is open (conflicting requests of one batch are
     *     refused when the connector makes them, by the {@link #context()}, so this never throws)
     */
    public synchronized Decision afterBatch(long nowMs, boolean open) {
        Decision requested = batchRequest;
        batchRequest = Decision.NONE;
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
        Decision before = recordRequests.get(record);
        if (before != null) {
            if (before != d) {
                throw new IllegalStateException("Connector requested both commit and abort of the same record");
            }
            return;
        }
        if (recordRequests.size() >= MAX_PENDING) {
            throw new IllegalStateException("Connector named " + MAX_PENDING + " records to its transaction context"
                    + " that were not dispatched yet; refusing more: does it name records it never returns?");
        }
        recordRequests.put(record, d);
        if (recordRequests.size() >= warnAt) {
            LOG.warn(
                    "Connector named {} records to its transaction context that were not dispatched yet; requests"
                            + " are kept until their record is dispatched (at most {})",
                    recordRequests.size(),
                    MAX_PENDING);
            warnAt *= 2;
        }
    }
}
