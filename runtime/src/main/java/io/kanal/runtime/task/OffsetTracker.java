package io.kanal.runtime.task;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Which source offsets a source task may commit: per source partition, the offset of the last record such that it and
 * every record of that partition submitted before it were acknowledged by Kafka (or settled otherwise: dropped by a
 * transform, sent to the dead letter queue, tolerated). A record acknowledged ahead of an earlier one of its partition
 * waits for it, so a crash never skips an unwritten record.
 *
 * <p>Memory: {@link #submit} releases the settled prefix of its partition's queue (keeping only the offset of its last
 * record), so what the tracker holds is bounded by the records in flight, not by how many records pass between two
 * offset flushes (at Connect's default flush interval of a minute, that could be millions).
 *
 * <p>Threading: {@link #submit} and {@link #committable()} are called by the task thread only (it owns the queues);
 * {@link Entry#ack()} may be called from any thread (the producer's callback threads): it only writes a volatile flag
 * and a counter, so acknowledgements never take a lock nor touch the queues. Hot-path mutable structure by design:
 * one small object per in-flight record, no map update per acknowledgement.
 */
public final class OffsetTracker {

    /** Per source partition (a {@code null} partition is one partition too). */
    private final Map<Map<String, ?>, Lane> pending = new HashMap<>();

    private final AtomicInteger unacked = new AtomicInteger();

    /** The last future {@link #allSettled()} gave; completed by the acknowledgement that leaves none unsettled. */
    private volatile CompletableFuture<Void> settledSignal;

    /** Creates an empty tracker. */
    public OffsetTracker() {}

    /**
     * Records that a record with this source partition and offset was handed on, before it is sent.
     *
     * @param partition the record's source partition, may be {@code null}
     * @param offset the record's source offset, may be {@code null} (nothing to commit for it, but it still holds back
     *     the offsets of later records of its partition until settled)
     * @return the handle to {@link Entry#ack()} once the record is settled
     */
    public Entry submit(Map<String, ?> partition, Map<String, ?> offset) {
        Entry entry = new Entry(partition, offset, this);
        Lane lane = pending.computeIfAbsent(partition, p -> new Lane());
        lane.release();
        lane.queue.addLast(entry);
        unacked.incrementAndGet();
        return entry;
    }

    /**
     * Removes the settled prefix of every partition and returns, per partition, the offset of the last record of that
     * prefix that has one. Partitions with nothing new to commit are absent.
     *
     * @return source partition to source offset, in no particular order
     */
    public Map<Map<String, ?>, Map<String, ?>> committable() {
        Map<Map<String, ?>, Map<String, ?>> offsets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<Map<String, ?>, Lane>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Map<String, ?>, Lane> partition = it.next();
            Lane lane = partition.getValue();
            lane.release();
            if (lane.settled != null) {
                offsets.put(partition.getKey(), lane.settled);
                lane.settled = null;
            }
            if (lane.queue.isEmpty()) {
                it.remove();
            }
        }
        return offsets;
    }

    /**
     * How many submitted records are not settled yet. Any thread.
     *
     * @return the count
     */
    public int unacknowledged() {
        return unacked.get();
    }

    /**
     * A signal that completes once no submitted record is unsettled (at once when none is): a caller waits on it
     * instead of polling {@link #unacknowledged()}. Records submitted after the call are not waited for. Task thread
     * (one waiter at a time); the future completes on the thread of the acknowledgement that settles the last record.
     *
     * @return the signal; it never completes exceptionally
     */
    public CompletableFuture<Void> allSettled() {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        settledSignal = signal;
        // after publishing the signal: an acknowledgement that reached zero before it could not see it
        if (unacked.get() == 0) {
            signal.complete(null);
        }
        return signal;
    }

    private void settledOne() {
        if (unacked.decrementAndGet() == 0) {
            CompletableFuture<Void> signal = settledSignal; // one volatile read, only when nothing is left in flight
            if (signal != null) {
                signal.complete(null);
            }
        }
    }

    /**
     * How many records are held in the queues: from the first unsettled record of each partition on (settled ones
     * behind it included), plus settled ones not released yet. Task thread only.
     *
     * @return the count
     */
    public int tracked() {
        int n = 0;
        for (Lane lane : pending.values()) {
            n += lane.queue.size();
        }
        return n;
    }

    /** One source partition: its records from the first unsettled one on, and the last offset settled before it. */
    private static final class Lane {
        private final ArrayDeque<Entry> queue = new ArrayDeque<>();
        /** The offset of the last settled record released since the last {@link #committable()}, or null. */
        private Map<String, ?> settled;

        /** Drops the settled prefix of the queue, keeping the offset of its last record that has one. */
        void release() {
            while (!queue.isEmpty() && queue.peekFirst().acked != 0) {
                Entry head = queue.pollFirst();
                if (head.offset != null) {
                    settled = head.offset;
                }
            }
        }
    }

    /** One submitted record. {@link #ack()} is thread-safe and idempotent. */
    public static final class Entry {
        private static final AtomicIntegerFieldUpdater<Entry> ACKED =
                AtomicIntegerFieldUpdater.newUpdater(Entry.class, "acked");

        private final Map<String, ?> partition;
        private final Map<String, ?> offset;
        private final OffsetTracker tracker;
        private volatile int acked;

        private Entry(Map<String, ?> partition, Map<String, ?> offset, OffsetTracker tracker) {
            this.partition = partition;
            this.offset = offset;
            this.tracker = tracker;
        }

        /** Marks the record settled; its offset may be committed once every earlier record of its partition is. */
        public void ack() {
            if (acked == 0 && ACKED.compareAndSet(this, 0, 1)) {
                tracker.settledOne();
            }
        }

        /**
         * Whether {@link #ack()} was called.
         *
         * @return the flag
         */
        public boolean isAcked() {
            return acked != 0;
        }

        /**
         * The record's source partition.
         *
         * @return the partition, may be {@code null}
         */
        public Map<String, ?> partition() {
            return partition;
        }

        /**
         * The record's source offset.
         *
         * @return the offset, may be {@code null}
         */
        public Map<String, ?> offset() {
            return offset;
        }
    }
}
