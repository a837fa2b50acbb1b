package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.CorruptRecordException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.protocol.message.FetchResponse;
import io.kanal.client.record.ControlRecord;
import io.kanal.client.record.ControlRecordType;
import io.kanal.client.record.DecompressionContext;
import io.kanal.client.record.Record;
import io.kanal.client.record.RecordBatch;
import io.kanal.client.record.RecordBatches;
import io.kanal.client.record.RecordCursor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Prepares one partition of a fetch response for the application as a {@link CompletedFetch}: walks the batches in
 * place, verifies CRCs, decompresses, and under read_committed leaves out control batches and batches of aborted
 * transactions (from the response's AbortedTransactions list, ordered by first offset, each producer leaving the
 * aborted set at its ABORT marker). The records themselves are decoded later, on the application thread, as it drains
 * them.
 *
 * <p>A corrupt or undecodable batch ends the walk: the batches before it are kept and a {@link CorruptRecordException}
 * is attached, so the application gets everything good first and then the error, with the position on the bad
 * batch. Runs on the background thread; stateless apart from its settings.
 */
final class FetchDecoder {
    /** Estimated heap cost of one delivered record beyond its bytes: the record object and its key and value views. */
    static final int RECORD_OVERHEAD_BYTES = 120;

    private final boolean readCommitted;
    private final boolean checkCrcs;

    FetchDecoder(boolean readCommitted, boolean checkCrcs) {
        this.readCommitted = readCommitted;
        this.checkCrcs = checkCrcs;
    }

    CompletedFetch decode(TopicPartition tp, int generation, long fetchOffset, FetchResponse.PartitionData data) {
        ByteBuffer buffer = data.records();
        List<RecordCursor> cursors = new ArrayList<>();
        int bytes = 0;
        long next = fetchOffset;
        int nextEpoch = -1;
        RuntimeException error = null;
        PriorityQueue<FetchResponse.AbortedTransaction> aborted = abortedQueue(data);
        Set<Long> abortedProducers = new HashSet<>();
        if (buffer != null) {
            Iterator<RecordBatch> batches = RecordBatches.of(buffer).iterator();
            while (true) {
                RecordBatch batch;
                try {
                    if (!batches.hasNext()) {
                        break;
                    }
                    batch = batches.next();
                } catch (KafkaException e) {
                    error = new CorruptRecordException(tp, next, next, e);
                    break;
                }
                if (batch.lastOffset() < fetchOffset) {
                    continue;
                }
                if (checkCrcs && !batch.isValid()) {
                    error = new CorruptRecordException(
                            tp,
                            batch.baseOffset(),
                            batch.lastOffset(),
                            new KafkaException(
                                    "stored CRC " + batch.checksum() + " but computed " + batch.computeChecksum()));
                    break;
                }
                try {
                    if (!hidden(batch, aborted, abortedProducers)) {
                        RecordCursor cursor = batch.cursor(
                                DecompressionContext.allocating(DecompressionContext.DEFAULT_MAX_DECOMPRESSED_BYTES));
                        cursors.add(cursor);
                        bytes += cursor.recordBytes() + cursor.remaining() * RECORD_OVERHEAD_BYTES;
                    }
                } catch (KafkaException e) {
                    error = new CorruptRecordException(
                            tp, Math.max(batch.baseOffset(), fetchOffset), batch.lastOffset(), e);
                    break;
                }
                next = batch.nextOffset();
                nextEpoch = batch.partitionLeaderEpoch();
            }
        }
        RecordCursor[] ready = cursors.toArray(CompletedFetch.NO_BATCHES);
        return new CompletedFetch(tp, generation, ready, fetchOffset, next, nextEpoch, error, bytes);
    }

    private static PriorityQueue<FetchResponse.AbortedTransaction> abortedQueue(FetchResponse.PartitionData data) {
        PriorityQueue<FetchResponse.AbortedTransaction> q =
                new PriorityQueue<>((a, b) -> Long.compare(a.firstOffset(), b.firstOffset()));
        if (data.abortedTransactions() != null) {
            q.addAll(data.abortedTransactions());
        }
        return q;
    }

    /**
     * Tells whether a batch is never shown: control batches always, and under read_committed the batches of aborted
     * transactions. Tracks which producers are inside an aborted transaction as it goes.
     */
    private boolean hidden(
            RecordBatch batch, PriorityQueue<FetchResponse.AbortedTransaction> aborted, Set<Long> abortedProducers) {
        if (readCommitted) {
            while (!aborted.isEmpty() && aborted.peek().firstOffset() <= batch.lastOffset()) {
                abortedProducers.add(aborted.poll().producerId());
            }
        }
        if (batch.isControlBatch()) {
            if (readCommitted) {
                Iterator<Record> it = batch.records();
                if (it.hasNext() && ControlRecord.parse(it.next()).type() == ControlRecordType.ABORT) {
                    abortedProducers.remove(batch.producerId());
                }
            }
            return true;
        }
        return readCommitted && batch.isTransactional() && abortedProducers.contains(batch.producerId());
    }
}
