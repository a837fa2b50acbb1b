package io.kanal.plugins.http;

import io.kanal.api.errors.PluginException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The records between {@code put} and the endpoint: the open batch the task thread fills, the closed batches waiting
 * for the sender, and the offsets delivered so far. A batch closes when the next record would pass {@code
 * batch.max.records} or {@code batch.max.bytes}, when it has lingered {@code batch.linger.ms} (the sender closes it),
 * or when the task asks ({@code preCommit}, {@code flush}). A closed batch keeps its records' JSON apart until the
 * sender takes it (its body is built then), so that the records of a revoked partition can still be taken out of it.
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
    /** The JSON of each record of the open batch, null for one that is not sent; parallel to openRecords. */
    private final List<byte[]> openEncoded = new ArrayList<>();

    private int openSent;
    private long openBytes;
    private long openedAtNanos;

    private final ArrayDeque<Closed> closed = new ArrayDeque<>();
    /** The batch the sender took and has not finished: its body is built, its records can no longer be dropped. */
    private Batch inFlight;
    /** The sender waits out a back-off: nothing will be delivered before it ends, so commits need not wait. */
    private boolean backingOff;
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
            int sent = openSent;
            if (sent + 1 > maxRecords || format.bodySize(sent + 1, openBytes + encoded.length) > maxBytes) {
                closeOpenLocked();
            }
        }
        if (openRecords.isEmpty()) {
            openedAtNanos = nanoTime.getAsLong();
        }
        openRecords.add(record);
        openEncoded.add(encoded);
        if (encoded != null) {
            openSent++;
            openBytes += encoded.length;
        }
        pending++;
        if (openSent >= maxRecords) {
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
            if (inFlight != null) {
                return Optional.of(inFlight);
            }
            if (!closed.isEmpty()) {
                inFlight = closed.pollFirst().toBatch(format);
                return Optional.of(inFlight);
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
        if (inFlight != batch) {
            throw new IllegalStateException("delivered a batch that is not the one in flight");
        }
        inFlight = null;
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
        backingOff = left > 0;
        notifyAll();
        try {
            while (!stopping && left > 0) {
                wait(Math.max(1, left / 1_000_000));
                left = deadline - nanoTime.getAsLong();
            }
        } finally {
            backingOff = false;
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
     * Closes the open batch and waits, at most {@code millis}, until every record added so far is delivered; returns
     * early when the sender backs off (an outage: waiting would only stall the caller), gave up, or the task stops.
     * What {@code preCommit} uses, so that the offsets it returns cover the records buffered when the endpoint is
     * healthy — above all on a revocation, where what is not committed is sent again by the partition's next owner.
     *
     * @param millis the longest wait
     * @throws InterruptedException when the task thread is interrupted
     */
    synchronized void awaitDelivered(long millis) throws InterruptedException {
        closeOpenLocked();
        notifyAll();
        long deadline = nanoTime.getAsLong() + millis * 1_000_000;
        long left = millis * 1_000_000;
        while (pending > 0 && failure == null && !stopping && !backingOff && left > 0) {
            wait(Math.max(1, left / 1_000_000));
            left = deadline - nanoTime.getAsLong();
        }
    }

    /**
     * Takes the records of revoked partitions out of the open and the queued batches: they are not committed (offsets
     * only pass delivered records), so the partitions' next owner reads and sends them again; sending them here too
     * would duplicate them. Then waits, at most {@code millis} and not through a back-off, for a batch in flight that
     * holds records of these partitions, so that they reach the endpoint before the next owner's copies do.
     *
     * @param partitions the revoked partitions
     * @param millis the longest wait for the batch in flight
     * @return how many records were taken out
     * @throws InterruptedException when the task thread is interrupted
     */
    synchronized int drop(Collection<TopicPartition> partitions, long millis) throws InterruptedException {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        int dropped = 0;
        for (int i = openRecords.size() - 1; i >= 0; i--) {
            if (gone.contains(partitionOf(openRecords.get(i)))) {
                byte[] encoded = openEncoded.remove(i);
                openRecords.remove(i);
                if (encoded != null) {
                    openSent--;
                    openBytes -= encoded.length;
                }
                dropped++;
            }
        }
        for (Iterator<Closed> it = closed.iterator(); it.hasNext(); ) {
            Closed batch = it.next();
            dropped += batch.drop(gone);
            if (batch.records().isEmpty()) {
                it.remove();
            }
        }
        pending -= dropped;
        notifyAll();
        Batch holding = inFlight;
        if (holding != null && holding.records().stream().anyMatch(r -> gone.contains(partitionOf(r)))) {
            long deadline = nanoTime.getAsLong() + millis * 1_000_000;
            long left = millis * 1_000_000;
            while (inFlight == holding && failure == null && !stopping && !backingOff && left > 0) {
                wait(Math.max(1, left / 1_000_000));
                left = deadline - nanoTime.getAsLong();
            }
        }
        return dropped;
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
    synchronized void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(delivered::remove);
    }

    /** Wakes every wait; {@link #next} returns empty from now on. */
    synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    private void closeOpenLocked() {
        if (openRecords.isEmpty()) {
            return;
        }
        closed.addLast(new Closed(new ArrayList<>(openRecords), new ArrayList<>(openEncoded)));
        openRecords.clear();
        openEncoded.clear();
        openSent = 0;
        openBytes = 0;
    }

    private static TopicPartition partitionOf(SinkRecord record) {
        return new TopicPartition(record.topic(), record.kafkaPartition());
    }

    /**
     * A closed batch the sender has not taken yet.
     *
     * @param records its records, in put order
     * @param encoded their JSON, null for a record that is not sent; parallel to records
     */
    private record Closed(List<SinkRecord> records, List<byte[]> encoded) {

        /** Removes the records of the given partitions; returns how many. */
        int drop(Set<TopicPartition> gone) {
            int dropped = 0;
            for (int i = records.size() - 1; i >= 0; i--) {
                if (gone.contains(partitionOf(records.get(i)))) {
                    records.remove(i);
                    encoded.remove(i);
                    dropped++;
                }
            }
            return dropped;
        }

        /** The batch to send: the body of the records that are sent, built once. */
        Batch toBatch(BatchFormat format) {
            List<byte[]> sent = encoded.stream().filter(e -> e != null).toList();
            return new Batch(records, sent.isEmpty() ? new byte[0] : format.body(sent), sent.size());
        }
    }
}
