package io.kanal.plugins.http;

import io.kanal.api.errors.PluginException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The records between {@code put} and the endpoint: the open batch the task thread fills, the closed batches waiting
 * for the sender, and the offsets delivered so far. A batch closes when the next record would pass {@code
 * batch.max.records} or {@code batch.max.bytes}, when it has lingered {@code batch.linger.ms} (the sender closes it),
 * or when the task asks ({@code preCommit}, {@code flush}).
 *
 * <p>Threading: shared by the task's thread ({@link #add}, {@link #closeOpen}, {@link #awaitDrained}, {@link
 * #deliveredOffsets}) and the task's sender thread ({@link #next}, {@link #delivered}, {@link #fail}, {@link
 * #pauseUntilStopped}); every field is guarded by this object's monitor, and waits are on it, so {@link #stop} wakes
 * both at once.
 */
final class BatchBuffer {

    private final BatchFormat format;
    private final int maxRecords;
    private final int maxBytes;
    private final long lingerNanos;
    private final LongSupplier nanoTime;

    private final List<SinkRecord> openRecords = new ArrayList<>();
    private final List<byte[]> openEncoded = new ArrayList<>();
    private long openBytes;
    private long openedAtNanos;

    private final ArrayDeque<Batch> closed = new ArrayDeque<>();
    /** Records added and not yet delivered: open, closed and in flight. */
    private int pending;

    private final Map<TopicPartition, Long> delivered = new HashMap<>();
    private PluginException failure;
    private boolean stopping;

    BatchBuffer(HttpSinkConfig config, LongSupplier nanoTime) {
        this.format = config.format();
        this.maxRecords = config.maxRecords();
        this.maxBytes = config.maxBytes();
        this.lingerNanos = config.linger().toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Appends a record to the open batch, closing it first when the record would not fit.
     *
     * @param record the record
     * @param encoded its JSON, or null when it is not sent (a skipped tombstone, an unencodable record)
     */
    synchronized void add(SinkRecord record, byte[] encoded) {
        if (encoded != null && !openRecords.isEmpty()) {
            int sent = sentInOpen();
            if (sent + 1 > maxRecords || format.bodySize(sent + 1, openBytes + encoded.length) > maxBytes) {
                closeOpenLocked();
            }
        }
        if (openRecords.isEmpty()) {
            openedAtNanos = nanoTime.getAsLong();
        }
        openRecords.add(record);
        if (encoded != null) {
            openEncoded.add(encoded);
            openBytes += encoded.length;
        }
        pending++;
        if (openEncoded.size() >= maxRecords) {
            closeOpenLocked();
        }
        notifyAll();
    }

    /** Closes the open batch now, so that the sender sends it without waiting for the linger. */
    synchronized void closeOpen() {
        closeOpenLocked();
        notifyAll();
    }

    /**
     * The next batch to send, waiting for one to close (or for the open one to linger).
     *
     * @return the batch, or empty once stopping
     * @throws InterruptedException when the sender thread is interrupted
     */
    synchronized Optional<Batch> next() throws InterruptedException {
        while (!stopping) {
            if (!closed.isEmpty()) {
                return Optional.of(closed.peekFirst());
            }
            if (openRecords.isEmpty()) {
                wait();
                continue;
            }
            long left = openedAtNanos + lingerNanos - nanoTime.getAsLong();
            if (left <= 0) {
                closeOpenLocked();
            } else {
                wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
            }
        }
        return Optional.empty();
    }

    /**
     * The sender is done with the head batch (sent, or its records reported): its offsets count as delivered.
     *
     * @param batch the batch {@link #next} returned
     */
    synchronized void delivered(Batch batch) {
        Batch head = closed.pollFirst();
        if (head != batch) {
            throw new IllegalStateException("delivered a batch that is not the head of the queue");
        }
        for (SinkRecord record : batch.records()) {
            delivered.merge(
                    new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset() + 1, Math::max);
        }
        pending -= batch.records().size();
        notifyAll();
    }

    /**
     * The sender gave up: the task fails on its next call. The batch stays undelivered, so its offsets are never
     * committed.
     *
     * @param error why
     */
    synchronized void fail(PluginException error) {
        if (failure == null) {
            failure = error;
        }
        notifyAll();
    }

    /**
     * The sender's failure, if it gave up.
     *
     * @return the failure
     */
    synchronized Optional<PluginException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Waits for a back-off, returning early when the task stops.
     *
     * @param millis the wait
     * @return true when the task is stopping
     * @throws InterruptedException when the sender thread is interrupted
     */
    synchronized boolean pauseUntilStopped(long millis) throws InterruptedException {
        long deadline = nanoTime.getAsLong() + millis * 1_000_000;
        long left = millis * 1_000_000;
        while (!stopping && left > 0) {
            wait(Math.max(1, left / 1_000_000));
            left = deadline - nanoTime.getAsLong();
        }
        return stopping;
    }

    /**
     * Closes the open batch and waits until every record added so far is delivered.
     *
     * @throws PluginException when the sender gave up, or the task stops first
     * @throws InterruptedException when the task thread is interrupted
     */
    synchronized void awaitDrained() throws InterruptedException {
        closeOpenLocked();
        notifyAll();
        while (pending > 0 && failure == null && !stopping) {
            wait();
        }
        if (failure != null) {
            throw failure;
        }
        if (pending > 0) {
            throw new PluginException("stopped before " + pending + " records were delivered");
        }
    }

    /**
     * Records added but not delivered yet.
     *
     * @return the count
     */
    synchronized int pending() {
        return pending;
    }

    /**
     * The next offset after the last delivered record, per partition.
     *
     * @return a copy
     */
    synchronized Map<TopicPartition, Long> deliveredOffsets() {
        return Map.copyOf(delivered);
    }

    /**
     * Forgets the delivered offsets of revoked partitions, so that a later assignment starts from the committed ones.
     *
     * @param partitions the revoked partitions
     */
    synchronized void forget(java.util.Collection<TopicPartition> partitions) {
        partitions.forEach(delivered::remove);
    }

    /** Wakes every wait; {@link #next} returns empty from now on. */
    synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    private int sentInOpen() {
        return openEncoded.size();
    }

    private void closeOpenLocked() {
        if (openRecords.isEmpty()) {
            return;
        }
        byte[] body = openEncoded.isEmpty() ? new byte[0] : format.body(openEncoded);
        closed.addLast(new Batch(openRecords, body, openEncoded.size()));
        openRecords.clear();
        openEncoded.clear();
        openBytes = 0;
    }
}
