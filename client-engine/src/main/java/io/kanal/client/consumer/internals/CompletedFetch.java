package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.CorruptRecordException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.record.RecordCursor;

/**
 * The data of one partition from one fetch response, waiting in the {@link FetchBuffer} for the application: the
 * batches to deliver, CRC-checked and decompressed on the background thread, with their records still in place.
 * The application thread decodes each record as it drains it, straight into the record it returns, so nothing is
 * built per record in between and nothing is copied: keys and values are slices of the receive buffer (the
 * decompressed buffer for compressed batches).
 *
 * <p>Built on the background thread and only read there; the drain state is touched by the application thread
 * alone after the buffer handed the object over, so it needs no synchronization.
 */
final class CompletedFetch {
    static final RecordCursor[] NO_BATCHES = new RecordCursor[0];

    final TopicPartition partition;
    final int generation;
    /** The position after all of this fetch, skipped control and aborted batches included. */
    final long nextOffset;
    /** Leader epoch of the last batch, -1 if unknown. */
    final int nextOffsetEpoch;
    /** Thrown once the records before it are consumed; null if the data was clean. */
    final RuntimeException error;
    /** Bytes counted against the prefetch budget. */
    final int bytes;

    /** The batches to deliver, in offset order; control batches and aborted transactions are already left out. */
    private final RecordCursor[] batches;
    /** Records below the fetch offset share a batch with wanted ones and are skipped. */
    private final long fetchOffset;
    /** Records the batches declare, an upper bound of what is left to deliver. */
    private int declared;

    private int batch;
    /** The current record was decoded but not delivered: its deserialization failed, so it is offered again. */
    private boolean pending;
    /** A malformed record, raised again on every attempt until the position moves. */
    private CorruptRecordException corrupt;

    private long deliveredOffset = -1;
    private int deliveredEpoch = -1;

    CompletedFetch(
            TopicPartition partition,
            int generation,
            RecordCursor[] batches,
            long fetchOffset,
            long nextOffset,
            int nextOffsetEpoch,
            RuntimeException error,
            int bytes) {
        this.partition = partition;
        this.generation = generation;
        this.batches = batches;
        this.fetchOffset = fetchOffset;
        this.nextOffset = nextOffset;
        this.nextOffsetEpoch = nextOffsetEpoch;
        this.error = error;
        this.bytes = bytes;
        for (RecordCursor b : batches) {
            declared += b.remaining();
        }
        skipFinishedBatches();
    }

    /** An error to surface for a partition, with no records. */
    static CompletedFetch failed(TopicPartition tp, int generation, long offset, RuntimeException error) {
        return new CompletedFetch(tp, generation, NO_BATCHES, offset, offset, -1, error, 0);
    }

    /** Whether any batch may hold records to deliver. */
    boolean hasRecords() {
        return batches.length > 0;
    }

    /** At most how many records are left, for sizing. */
    int remainingHint() {
        return Math.max(1, declared);
    }

    /**
     * Moves to the next record to deliver, or stays on the current one if it was not delivered.
     *
     * @return the cursor positioned on the record, or null when every batch is done
     * @throws CorruptRecordException when the record's bytes are malformed, now and on every later call
     */
    RecordCursor nextRecord() {
        if (corrupt != null) {
            throw corrupt;
        }
        if (pending) {
            return batches[batch];
        }
        while (batch < batches.length) {
            RecordCursor cursor = batches[batch];
            boolean moved;
            try {
                moved = cursor.advance();
            } catch (KafkaException e) {
                long at = Math.max(Math.max(fetchOffset, deliveredOffset + 1), cursor.baseOffset());
                corrupt = new CorruptRecordException(partition, at, cursor.lastOffset(), e);
                throw corrupt;
            }
            if (!moved) {
                batch++;
                continue;
            }
            declared--;
            if (cursor.offset() >= fetchOffset) {
                pending = true;
                return cursor;
            }
        }
        return null;
    }

    /** The record {@link #nextRecord()} returned was handed to the application. */
    void delivered(RecordCursor cursor) {
        pending = false;
        deliveredOffset = cursor.offset();
        deliveredEpoch = cursor.leaderEpoch();
        skipFinishedBatches();
    }

    /** Steps over batches with nothing left, so that {@link #exhausted()} is true as soon as the last record went. */
    private void skipFinishedBatches() {
        while (batch < batches.length && !batches[batch].hasNext()) {
            batch++;
        }
    }

    /** Offset of the last record delivered, -1 if none. */
    long deliveredOffset() {
        return deliveredOffset;
    }

    /** Leader epoch of the last record delivered. */
    int deliveredEpoch() {
        return deliveredEpoch;
    }

    /** Every record was delivered (an attached {@link #error} may still be due). */
    boolean exhausted() {
        return batch >= batches.length && !pending && corrupt == null;
    }
}
