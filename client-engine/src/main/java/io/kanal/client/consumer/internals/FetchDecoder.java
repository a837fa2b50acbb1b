package io.kanal.client.consumer.internals;

import io.kanal.client.KafkaException;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.CorruptRecordException;
import io.kanal.client.protocol.message.FetchResponse;
import io.kanal.client.record.ControlRecord;
import io.kanal.client.record.ControlRecordType;
import io.kanal.client.record.DecompressionContext;
import io.kanal.client.record.Header;
import io.kanal.client.record.Record;
import io.kanal.client.record.RecordBatch;
import io.kanal.client.record.RecordBatches;
import io.kanal.client.record.TimestampType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Decodes one partition of a fetch response into a {@link CompletedFetch}: walks the batches in place, verifies CRCs,
 * decompresses, skips records before the fetch offset, and under read_committed drops control batches and batches of
 * aborted transactions (from the response's AbortedTransactions list, ordered by first offset, each producer leaving
 * the aborted set at its ABORT marker).
 *
 * <p>A corrupt or undecodable batch ends the decoding: the records before it are kept and a
 * {@link CorruptRecordException} is attached, so the application gets everything good first and then the error, with
 * the position on the bad batch. Runs on the background thread; stateless apart from its settings.
 */
final class FetchDecoder {
    /** Estimated heap cost of one decoded record beyond its bytes: the Record and its ByteBuffer slices. */
    static final int RECORD_OVERHEAD_BYTES = 120;

    private final boolean readCommitted;
    private final boolean checkCrcs;

    FetchDecoder(boolean readCommitted, boolean checkCrcs) {
        this.readCommitted = readCommitted;
        this.checkCrcs = checkCrcs;
    }

    CompletedFetch decode(TopicPartition tp, int generation, long fetchOffset, FetchResponse.PartitionData data) {
        ByteBuffer buffer = data.records();
        // Sized for small uncompressed records so that a typical response needs no regrowth.
        int capacity = buffer == null ? 0 : Math.min(1 << 16, Math.max(16, buffer.remaining() / 64));
        Record[] records = new Record[capacity];
        int[] epochs = new int[capacity];
        boolean[] appendTime = new boolean[capacity];
        int n = 0;
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
                int before = n;
                try {
                    if (hidden(batch, aborted, abortedProducers)) {
                        next = batch.nextOffset();
                        nextEpoch = batch.partitionLeaderEpoch();
                        continue;
                    }
                    Iterator<Record> it = batch.records(
                            DecompressionContext.allocating(DecompressionContext.DEFAULT_MAX_DECOMPRESSED_BYTES));
                    boolean logAppend = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
                    int epoch = batch.partitionLeaderEpoch();
                    while (it.hasNext()) {
                        Record r = it.next();
                        if (r.offset() < fetchOffset) {
                            continue;
                        }
                        if (n == records.length) {
                            int size = Math.max(16, n * 2);
                            records = Arrays.copyOf(records, size);
                            epochs = Arrays.copyOf(epochs, size);
                            appendTime = Arrays.copyOf(appendTime, size);
                        }
                        records[n] = r;
                        epochs[n] = epoch;
                        appendTime[n] = logAppend;
                        n++;
                        bytes += size(r);
                    }
                } catch (KafkaException e) {
                    n = before; // none of a bad batch's records are delivered
                    error = new CorruptRecordException(
                            tp, Math.max(batch.baseOffset(), fetchOffset), batch.lastOffset(), e);
                    break;
                }
                next = batch.nextOffset();
                nextEpoch = batch.partitionLeaderEpoch();
            }
        }
        return new CompletedFetch(tp, generation, records, n, epochs, appendTime, next, nextEpoch, error, bytes);
    }

    private static int size(Record r) {
        int s = RECORD_OVERHEAD_BYTES + Math.max(0, r.keySize()) + Math.max(0, r.valueSize());
        List<Header> headers = r.headers();
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            s += 48 + h.key().length() + (h.value() == null ? 0 : h.value().remaining());
        }
        return s;
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
