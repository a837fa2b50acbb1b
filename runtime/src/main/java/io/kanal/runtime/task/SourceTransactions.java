package io.kanal.runtime.task;

import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.producer.RecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The transactions of an exactly-once source task (KIP-618): the task's transactional producer ({@code
 * transactional.id} {@code <group.id>-<connector>-<task>}), opened lazily before the first record of a transaction,
 * and committed with the task's source offsets written to the offsets topic by the same producer, in the same
 * transaction: a {@code read_committed} reader (the worker's offset store included) sees the records and their
 * offsets together or not at all.
 *
 * <p>{@link #init()} takes the transactional id's producer epoch, which fences any earlier producer with that id (the
 * previous generation of this task, a zombie on a worker that lost its membership) and aborts what it left open.
 *
 * <p>A {@link TimeoutException} ({@code max.block.ms} passed) is waited out again up to the step timeout: calling
 * the producer again keeps waiting for the same step. Not once the task is stopping: then the step's
 * {@link TimeoutException} is thrown after the attempt under way, so that a stop during initialisation or a commit
 * ends within about {@code max.block.ms} and the task does not outlive {@code task.shutdown.graceful.timeout.ms}.
 * Any other failure is thrown; the pipeline fails the task.
 *
 * <p>Threading: owned by the task thread, which calls every method.
 */
public final class SourceTransactions {

    /** Turns source offsets into the records that store them (Connect's offsets topic format), for one connector. */
    @FunctionalInterface
    public interface OffsetRecords {
        /**
         * The records storing these offsets, in every offsets topic the connector's offsets go to.
         *
         * @param offsets source partition to source offset
         * @return the records, keys and values in Connect's format
         */
        List<ProducerRecord<byte[], byte[]>> records(Map<Map<String, ?>, Map<String, ?>> offsets);

        /**
         * Told of the offsets of a transaction that has just committed: a store with a secondary copy (KIP-618's
         * worker-global topic) writes them there, outside the transaction. Must not throw; nothing by default.
         *
         * @param offsets the committed offsets
         */
        default void committed(Map<Map<String, ?>, Map<String, ?>> offsets) {}

        /**
         * Called before the transaction commits: a store with a secondary copy writes the removals (null offsets) of
         * the transaction there first, as Connect does, so that the secondary's old offset cannot show through once
         * the removal is committed to the primary. The transaction waits for the returned future (up to the step
         * timeout) and fails when it fails. Nothing by default.
         *
         * @param offsets the offsets of the transaction about to commit
         * @return completes when the secondary holds the removals
         */
        default CompletableFuture<Void> beforeCommit(Map<Map<String, ?>, Map<String, ?>> offsets) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final TransactionBoundaries boundaries;
    private final OffsetRecords offsetRecords;
    private final Duration timeout;
    private final LongSupplier clockMs;
    private final Runnable beforeInit;
    private final Runnable afterInit;
    private final StopSignal stop;
    private boolean open;

    /**
     * Describes the transactions; nothing happens until {@link #init()}.
     *
     * @param producer the task's transactional producer (the pipeline's producer)
     * @param boundaries where transactions end
     * @param offsetRecords how offsets are written
     * @param timeout how long one commit, abort or initialisation may take in all
     * @param clockMs a monotonic millisecond clock
     */
    public SourceTransactions(
            Producer<byte[], byte[]> producer,
            TransactionBoundaries boundaries,
            OffsetRecords offsetRecords,
            Duration timeout,
            LongSupplier clockMs) {
        this(producer, boundaries, offsetRecords, timeout, clockMs, () -> {}, new StopSignal());
    }

    /**
     * Describes the transactions, with a step that must succeed before the task takes its transactional id.
     *
     * @param producer the task's transactional producer (the pipeline's producer)
     * @param boundaries where transactions end
     * @param offsetRecords how offsets are written
     * @param timeout how long one commit, abort or initialisation may take in all
     * @param clockMs a monotonic millisecond clock
     * @param beforeInit run by {@link #init()} first, on the task thread: in a cluster, the leader's round of zombie
     *     fencing for the connector (KIP-618); an exception from it fails the task's start
     * @param stop the task's stop signal: a stopping task retries no step that timed out
     */
    public SourceTransactions(
            Producer<byte[], byte[]> producer,
            TransactionBoundaries boundaries,
            OffsetRecords offsetRecords,
            Duration timeout,
            LongSupplier clockMs,
            Runnable beforeInit,
            StopSignal stop) {
        this(producer, boundaries, offsetRecords, timeout, clockMs, beforeInit, () -> {}, stop);
    }

    /**
     * Describes the transactions, with steps that must succeed before and after the task takes its transactional id.
     *
     * @param producer the task's transactional producer (the pipeline's producer)
     * @param boundaries where transactions end
     * @param offsetRecords how offsets are written
     * @param timeout how long one commit, abort or initialisation may take in all
     * @param clockMs a monotonic millisecond clock
     * @param beforeInit run by {@link #init()} first, on the task thread: in a cluster, the leader's round of zombie
     *     fencing for the connector (KIP-618); an exception from it fails the task's start
     * @param afterInit run by {@link #init()} once the id is taken: in a cluster, the check that the task's generation
     *     is still the newest and the task still this worker's; an exception from it closes the producer and fails the
     *     task's start
     * @param stop the task's stop signal: a stopping task retries no step that timed out
     */
    public SourceTransactions(
            Producer<byte[], byte[]> producer,
            TransactionBoundaries boundaries,
            OffsetRecords offsetRecords,
            Duration timeout,
            LongSupplier clockMs,
            Runnable beforeInit,
            Runnable afterInit,
            StopSignal stop) {
        this.beforeInit = Objects.requireNonNull(beforeInit, "beforeInit");
        this.afterInit = Objects.requireNonNull(afterInit, "afterInit");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.boundaries = Objects.requireNonNull(boundaries, "boundaries");
        this.offsetRecords = Objects.requireNonNull(offsetRecords, "offsetRecords");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    }

    /**
     * The boundaries.
     *
     * @return the boundaries
     */
    public TransactionBoundaries boundaries() {
        return boundaries;
    }

    /**
     * Takes the transactional id (fencing its earlier holders), before the task starts; first runs the step given
     * at construction (the leader's round of zombie fencing, which fences the other ids of the previous generation).
     *
     * @throws AuthorizationException when the producer's principal may not use the transactional id: the message
     *     names the id, the permissions and where the principal is configured
     * @throws KafkaException when refused otherwise (fenced) or not done in time
     * @throws RuntimeException the check's after the id is taken (the producer is closed then)
     */
    public void init() {
        beforeInit.run();
        try {
            retryingTimeouts(producer::initTransactions);
        } catch (AuthorizationException e) {
            if (e.error().orElse(null) != Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED) {
                throw e;
            }
            // The client names the id and the permissions; the task adds whose principal it is and what to do next.
            throw new AuthorizationException(
                    "Exactly-once source task cannot take its transactional id: " + e.getMessage() + ". Grant them"
                            + " to the principal of the task's producer (the worker's producer.* settings, or the"
                            + " connector's producer.override.*), then restart the task",
                    Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                    e);
        }
        try {
            afterInit.run();
        } catch (RuntimeException e) {
            // The id is taken, by a task that must not run: nothing of it may be written, not even by mistake.
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Opens a transaction unless one is open. */
    public void beginIfIdle() {
        if (!open) {
            producer.beginTransaction();
            open = true;
        }
    }

    /**
     * Whether a transaction is open.
     *
     * @return whether it is
     */
    public boolean isOpen() {
        return open;
    }

    /**
     * Writes the offsets in the open transaction and commits it. The caller has flushed the producer and settled
     * every record of the transaction.
     *
     * @param offsets the offsets of the transaction's records
     * @throws KafkaException when an offset record or the commit fails; the transaction is then to be aborted
     */
    public void commit(Map<Map<String, ?>, Map<String, ?>> offsets) {
        if (!open) {
            return;
        }
        CompletableFuture<Void> removed;
        try {
            removed = offsetRecords.beforeCommit(offsets);
        } catch (RuntimeException e) {
            removed = CompletableFuture.failedFuture(e);
        }
        // a removal must reach the secondary store before the primary commits it (the caller aborts on a failure)
        awaitDone(removed);
        List<ProducerRecord<byte[], byte[]>> records = offsetRecords.records(offsets);
        List<CompletableFuture<RecordMetadata>> sent = sendOffsets(records);
        if (sent.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
            // Refused before it was queued (the buffer full, the topic's metadata late): that does not make the
            // transaction fail, so committing now would commit the records without their offsets. Once the flush has
            // made room, once more; then the transaction is aborted.
            producer.flush();
            sent = sendOffsets(records);
            for (CompletableFuture<RecordMetadata> f : sent) {
                if (f.isCompletedExceptionally()) {
                    awaitDone(f);
                }
            }
        }
        // commitTransaction sends and waits for every record itself; a record failing on the broker fails it
        retryingTimeouts(producer::commitTransaction);
        open = false;
        boundaries.ended(clockMs.getAsLong());
        for (CompletableFuture<RecordMetadata> f : sent) {
            awaitDone(f);
        }
        offsetRecords.committed(offsets);
    }

    /**
     * Aborts the open transaction, if one is: its records and offsets never become visible to {@code read_committed}
     * readers.
     *
     * @throws KafkaException when the abort fails (fenced)
     */
    public void abort() {
        if (!open) {
            return;
        }
        retryingTimeouts(producer::abortTransaction);
        open = false;
        boundaries.ended(clockMs.getAsLong());
    }

    private List<CompletableFuture<RecordMetadata>> sendOffsets(List<ProducerRecord<byte[], byte[]>> records) {
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : records) {
            sent.add(producer.send(r));
        }
        return sent;
    }

    private void awaitDone(CompletableFuture<?> f) {
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing source offsets", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k
                    ? k
                    : new KafkaException("writing source offsets failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new KafkaException("writing source offsets took longer than " + timeout.toMillis() + " ms", e);
        }
    }

    private void retryingTimeouts(Runnable step) {
        long deadline = clockMs.getAsLong() + timeout.toMillis();
        while (true) {
            try {
                step.run();
                return;
            } catch (TimeoutException e) {
                if (stop.isStopped() || clockMs.getAsLong() >= deadline) {
                    throw e;
                }
            }
        }
    }
}
