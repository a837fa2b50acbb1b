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
 * <p>A commit flushes the producer and waits until every record of the transaction is settled (acknowledged, or
 * written to the dead letter queue), writes the settled offsets in the transaction, commits, waits for the records'
 * callbacks, then calls their {@code commitRecord} and the task's {@code commit()}. Writing the offsets of merely
 * queued records without the flush (one round trip fewer, as Connect's task does) was tried: it was about 15% faster,
 * but the rolling-restart IT then found a transaction's records committed twice after a restart in 2 of 2 runs, for
 * a cause not yet found, so the flush stays.
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
    private final SourceSends sends;
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
     * @param sends the task's sends, whose failures and callbacks a transaction's end waits for
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
            SourceSends sends,
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
        this.sends = sends;
        this.throwAsyncFailure = sends::throwIfFailed;
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
                awaitCallbacks();
                acked.clear();
                LOG.info(
                        "[{}] transaction aborted as the connector asked; offsets of {} partitions dropped",
                        owner,
                        dropped.size());
                return;
            }
            producer.flush();
            awaitSettled(); // also the records a dead letter write holds
            throwAsyncFailure.run();
            transactions.commit(tracker.committable());
        } catch (KafkaException e) {
            metrics.commit(false, metrics.nanoTime() - start);
            throw new TaskFailedException(StageError.of(Stage.KAFKA_PRODUCE, e, redactor), e);
        }
        metrics.commit(true, metrics.nanoTime() - start);
        awaitCallbacks();
        acked.drain();
        callCommit.run();
    }

    /**
     * Waits for the callbacks of the transaction's records, which queue their {@code commitRecord} calls: the producer
     * runs them on its own thread, possibly just after the commit completed. Should they not run within the flush
     * timeout, the calls left come with the next transaction's (the records are committed either way).
     */
    private void awaitCallbacks() {
        if (!sends.awaitCallbacks(settleTimeoutMs)) {
            LOG.warn(
                    "[{}] record callbacks did not all run within {} ms of the transaction's end; their commitRecord"
                            + " calls come later",
                    owner,
                    settleTimeoutMs);
        }
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
