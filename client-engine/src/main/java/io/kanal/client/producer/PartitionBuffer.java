package io.kanal.client.producer;

import io.kanal.client.TopicPartition;
import io.kanal.client.record.BatchOptions;
import io.kanal.client.record.Header;
import io.kanal.client.record.RecordBatchWriter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The queue of batches of one partition, and its idempotence state. Caller threads append to the last batch under
 * this object's monitor (one short critical section per record, uncontended unless several threads send to the same
 * partition); the sender takes batches from the front under the same monitor and closes them outside it.
 *
 * <p>The sequence fields ({@link #inFlight}, {@link #nextSequence}, {@link #lastAckedSequence},
 * {@link #sequenceEpoch}) belong to the sender thread alone and are not guarded.
 */
final class PartitionBuffer {
    /** The record batch v2 header size, which the writer counts in its size estimate. */
    static final int BATCH_HEADER_SIZE = 61;

    final TopicPartition tp;
    private final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();
    private volatile int queued;
    private RecordBatchWriter spareWriter;
    private long lastRecordSize;

    /** Batches of this partition in flight; sender thread only. */
    int inFlight;
    /** The sequence the next new batch gets; sender thread only. */
    int nextSequence;
    /** The last sequence the broker acknowledged, -1 before any; sender thread only. */
    int lastAckedSequence = -1;
    /** The producer epoch the sequences above belong to; sender thread only. */
    short sequenceEpoch = -1;
    /** The producer id the sequences above belong to; sender thread only. */
    long sequenceProducerId = -1;

    PartitionBuffer(TopicPartition tp) {
        this.tp = tp;
    }

    /**
     * Batches waiting to be sent, readable without the lock (for partitioning and the sender's scan).
     *
     * @return the count
     */
    int queued() {
        return queued;
    }

    /**
     * Appends to the last batch if the record fits.
     *
     * @return true if appended
     */
    synchronized boolean tryAppend(
            long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers, Object completion) {
        ProducerBatch last = batches.peekLast();
        return last != null && last.records == null && last.tryAppend(timestamp, key, value, headers, completion);
    }

    /**
     * Appends to the last batch if the record fits now (another thread may have made room), else starts a batch in
     * the given buffer.
     *
     * @return the new batch, or null if the record went into an existing batch and the buffer is unused
     */
    synchronized ProducerBatch appendNew(
            ByteBuffer buffer,
            int reserved,
            BatchOptions options,
            long nowMs,
            long deliveryTimeoutMs,
            long timestamp,
            ByteBuffer key,
            ByteBuffer value,
            List<Header> headers,
            Object completion) {
        if (tryAppend(timestamp, key, value, headers, completion)) {
            return null;
        }
        RecordBatchWriter writer = spareWriter;
        spareWriter = null;
        if (writer == null) {
            writer = new RecordBatchWriter(buffer, options);
        } else {
            writer.reset(buffer, options);
        }
        // Sized for a batch of records like the last one, so that the per-record arrays rarely grow.
        int expected = lastRecordSize == 0 ? 32 : (int) Math.min(4096, reserved / lastRecordSize + 1);
        ProducerBatch batch = new ProducerBatch(this, writer, buffer, reserved, nowMs, deliveryTimeoutMs, expected);
        batch.append(timestamp, key, value, headers, completion);
        batches.addLast(batch);
        queued = batches.size();
        lastRecordSize = Math.max(1, batch.estimatedSize() - BATCH_HEADER_SIZE);
        return batch;
    }

    /**
     * Tells whether the first batch is ready to go: full, lingered long enough, or forced; and past its retry
     * back-off.
     *
     * @param nowMs now
     * @param lingerMs {@code linger.ms}
     * @param batchSize {@code batch.size}
     * @param force send even if not full (flush, close)
     * @return the first batch if ready, else null
     */
    synchronized ProducerBatch readyHead(long nowMs, long lingerMs, int batchSize, boolean force) {
        ProducerBatch head = batches.peekFirst();
        if (head == null || head.retryAtMs > nowMs) {
            return null;
        }
        if (force || head.attempts > 0 || batches.size() > 1 || nowMs - head.createdMs >= lingerMs) {
            return head;
        }
        return head.estimatedSize() + lastRecordSize > batchSize ? head : null;
    }

    /**
     * When the first batch will be ready if nothing else happens.
     *
     * @param lingerMs {@code linger.ms}
     * @return the time in monotonic ms, or {@link Long#MAX_VALUE} if empty
     */
    synchronized long headDueMs(long lingerMs) {
        ProducerBatch head = batches.peekFirst();
        if (head == null) {
            return Long.MAX_VALUE;
        }
        return head.attempts > 0 ? head.retryAtMs : head.createdMs + lingerMs;
    }

    /**
     * The batch queued just before the given one, if both are still queued: the one that was full when the given one
     * was started.
     *
     * @param batch a queued batch
     * @return the batch before it, or null
     */
    synchronized ProducerBatch queuedBefore(ProducerBatch batch) {
        Iterator<ProducerBatch> it = batches.descendingIterator();
        while (it.hasNext()) {
            if (it.next() == batch) {
                return it.hasNext() ? it.next() : null;
            }
        }
        return null;
    }

    /** Removes the first batch, which the sender checked with {@link #readyHead}. */
    synchronized ProducerBatch pollFirst() {
        ProducerBatch b = batches.pollFirst();
        queued = batches.size();
        return b;
    }

    /** Gives a closed batch's writer back for the next batch, so its scratch memory is reused. */
    synchronized void recycleWriter(RecordBatchWriter writer) {
        if (spareWriter == null) {
            spareWriter = writer;
        }
    }

    /**
     * Puts a batch back for a retry, before every batch that came after it (sequence order, then creation order).
     *
     * @param batch the batch
     */
    synchronized void reenqueue(ProducerBatch batch) {
        List<ProducerBatch> before = new ArrayList<>();
        while (!batches.isEmpty() && comesBefore(batches.peekFirst(), batch)) {
            before.add(batches.pollFirst());
        }
        batches.addFirst(batch);
        for (int i = before.size() - 1; i >= 0; i--) {
            batches.addFirst(before.get(i));
        }
        queued = batches.size();
    }

    private static boolean comesBefore(ProducerBatch a, ProducerBatch b) {
        if (a.hasSequence() && b.hasSequence() && a.producerEpoch == b.producerEpoch) {
            return a.baseSequence < b.baseSequence;
        }
        if (a.attempts > 0 && b.attempts == 0) {
            return true;
        }
        return a.attempts > 0 && a.createdMs <= b.createdMs;
    }

    /**
     * Removes the batches at the front whose delivery timeout has passed.
     *
     * @param nowMs now
     * @param out where the expired batches go
     */
    synchronized void expire(long nowMs, List<ProducerBatch> out) {
        for (Iterator<ProducerBatch> it = batches.iterator(); it.hasNext(); ) {
            ProducerBatch b = it.next();
            if (b.deadlineMs <= nowMs) {
                it.remove();
                out.add(b);
            }
        }
        queued = batches.size();
    }

    /**
     * Removes every batch, for a forced close.
     *
     * @return the batches
     */
    synchronized List<ProducerBatch> drainAll() {
        List<ProducerBatch> all = new ArrayList<>(batches);
        batches.clear();
        queued = 0;
        return all;
    }
}
