package io.kanal.runtime.task;

import io.kanal.client.errors.KafkaException;
import io.kanal.client.producer.Producer;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an exactly-once {@link SourcePipeline} ends its transactions (KIP-618), as {@link TransactionBoundaries} decides.
 *
 * <p>A commit does not flush the producer first. An exactly-once task counts a record's offset as settled once the
 * producer has queued the record ({@link SourceSends}), because the offset can only become visible with the record:
 * if any record of the transaction fails, the commit fails and neither its records nor its offsets are visible. So
 * the offsets go into the transaction at once, and the producer's commit sends the last records, waits for every
 * acknowledgement and ends the transaction in one go — one round trip to the brokers fewer than flushing first, as
 * Connect's own exactly-once task does. Records the error policy holds (a dead letter write on another producer) are
 * waited for first: the commit must not outrun them. Then the records' {@code commitRecord} and the task's {@code
 * commit()} are called.
 *
 * <p>An abort (the connector asked for one) flushes, settles, aborts, and drops the transaction's offsets and {@code
 * commitRecord} calls.
 *
 * <p>Threading: owned by the task thread, which calls every method.
 */
final class TransactionEnds {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionEnds.class);

    /** How often a wait for records to settle looks at the stop signal and at async failures. */
    private static final long SETTLE_CHECK_MS = 100;

    private final Owner owner;
    private final Producer<byte[], byte[]> producer;
    private final SourceTransactions transactions;
    private final OffsetTracker tracker;
    private final SettledRecords acked;
    private final TaskMetrics metrics;
    private final Redactor redactor;
    private final StopSignal stop;
    private final LongSupplier clockMs;
    private final long settleTimeoutMs;
    private final Runnable throwAsyncFailure;
    private final Runnable callCommit;

    /**
     * Describes the transaction ends of one task.
     *
     * @param owner the task
     * @param producer the task's transactional producer
     * @param transactions its transactions
     * @param tracker its records' offsets
     * @param acked its records waiting for {@code commitRecord}
     * @param metrics its metrics
     * @param redactor masks secrets in errors
     * @param stop its stop signal
     * @param clockMs a monotonic millisecond clock
     * @param settleTimeoutMs how long records held by the error policy may take to settle ({@code
     *     offset.flush.timeout.ms})
     * @param throwAsyncFailure throws a failure a producer callback saw, if one did
     * @param callCommit the task's {@code commit()}, which never throws
     */
    TransactionEnds(
            Owner owner,
            Producer<byte[], byte[]> producer,
            SourceTransactions transactions,
            OffsetTracker tracker,
            SettledRecords acked,
            TaskMetrics metrics,
            Redactor redactor,
            StopSignal stop,
            LongSupplier clockMs,
            long settleTimeoutMs,
            Runnable throwAsyncFailure,
            Runnable callCommit) {
        this.owner = owner;
        this.producer = producer;
        this.transactions = transactions;
        this.tracker = tracker;
        this.acked = acked;
        this.metrics = metrics;
        this.redactor = redactor;
        this.stop = stop;
        this.clockMs = clockMs;
        this.settleTimeoutMs = settleTimeoutMs;
        this.throwAsyncFailure = throwAsyncFailure;
        this.callCommit = callCommit;
    }

    /**
     * Ends the open transaction as decided. Nothing for {@link TransactionBoundaries.Decision#NONE} or without an open
     * transaction.
     *
     * @param decision what to do
     * @throws TaskFailedException when the transaction could not be ended
     */
    void end(TransactionBoundaries.Decision decision) {
        if (decision == TransactionBoundaries.Decision.NONE || !transactions.isOpen()) {
            return;
        }
        long start = metrics.nanoTime();
        try {
            if (decision == TransactionBoundaries.Decision.ABORT) {
                producer.flush();
                awaitSettled();
                throwAsyncFailure.run();
                Map<Map<String, ?>, Map<String, ?>> dropped = tracker.committable();
                transactions.abort();
                acked.clear();
                LOG.info(
                        "[{}] transaction aborted as the connector asked; offsets of {} partitions dropped",
                        owner,
                        dropped.size());
                return;
            }
            awaitSettled(); // the records a dead letter write holds; sent ones settled when queued
            throwAsyncFailure.run();
            transactions.commit(tracker.committable());
        } catch (KafkaException e) {
            metrics.commit(false, metrics.nanoTime() - start);
            throw new TaskFailedException(StageError.of(Stage.KAFKA_PRODUCE, e, redactor), e);
        }
        metrics.commit(true, metrics.nanoTime() - start);
        acked.drain();
        callCommit.run();
    }

    /**
     * Waits until every record of the transaction is settled, within the flush timeout: on the tracker's signal,
     * which the last acknowledgement completes. The wait is cut in slices of {@value #SETTLE_CHECK_MS} ms only to
     * notice a stop or an asynchronous failure, which do not complete the signal.
     */
    private void awaitSettled() {
        long deadline = clockMs.getAsLong() + settleTimeoutMs;
        CompletableFuture<Void> settled = tracker.allSettled();
        while (!settled.isDone()) {
            throwAsyncFailure.run();
            long left = deadline - clockMs.getAsLong();
            if (left <= 0) {
                throw new KafkaException(tracker.unacknowledged() + " records of the transaction were not settled"
                        + " within " + settleTimeoutMs + " ms");
            }
            if (stop.isStopped()) {
                throw new CancellationException("stopped while the transaction's records were being settled");
            }
            try {
                settled.get(Math.min(left, SETTLE_CHECK_MS), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException sliceEnded) {
                // not settled yet: the loop checks the failure, the deadline and the stop, then waits again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while the transaction's records were being settled");
            } catch (ExecutionException e) {
                throw new IllegalStateException("the settled signal never fails", e);
            }
        }
    }
}
