package io.kanal.client.producer;

import io.kanal.client.TopicPartition;
import io.kanal.client.record.CompressionBuffer;
import io.kanal.client.record.Header;
import io.kanal.client.record.RecordBatchWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one partition that travel together, from the first append until every one of them is acknowledged
 * or failed. Appends happen on caller threads under the owning {@link PartitionBuffer}'s lock. Closing (compression,
 * header, CRC) happens once, under this object's monitor, on the sender or on a caller thread that filled the batch
 * (see {@link BatchCloser}); apart from that, once the sender has taken the batch out of the buffer, every field
 * belongs to the sender thread. Mutable by design: it is the per-batch hot-path object, and per-record state lives in
 * parallel arrays rather than an object per record.
 */
final class ProducerBatch {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerBatch.class);
    private static final Object[] NO_COMPLETIONS = new Object[0];

    final PartitionBuffer owner;
    final TopicPartition tp;
    final long createdMs;
    final long deadlineMs;
    final ByteBuffer pooled;
    final int reservedBytes;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Null once closed; volatile because a caller thread may close a full batch while the sender looks at it. */
    volatile RecordBatchWriter writer;

    private Object[] completions;
    private long[] timestamps;
    private long[] sizes;
    private int count;

    /** The closed batch bytes; set before {@link #writer} is cleared. */
    volatile ByteBuffer records;

    int attempts;
    long retryAtMs;
    long producerId = -1;
    short producerEpoch = -1;
    int baseSequence = -1;
    boolean inFlight;
    boolean sentOnce;
    boolean completed;

    /** Whether the pooled memory went back; guarded by this object's monitor. */
    private boolean released;

    /** The batch this one was split from, whose pooled memory it shares; null for a batch made by an append. */
    ProducerBatch splitFrom;
    /** Batches split from this one that still hold its pooled memory; sender thread only. */
    int liveSplits;

    ProducerBatch(
            PartitionBuffer owner,
            RecordBatchWriter writer,
            ByteBuffer pooled,
            int reservedBytes,
            long createdMs,
            long deliveryTimeoutMs,
            int expectedRecords) {
        this.owner = owner;
        this.tp = owner.tp;
        this.writer = writer;
        this.pooled = pooled;
        this.reservedBytes = reservedBytes;
        this.createdMs = createdMs;
        this.deadlineMs = createdMs + deliveryTimeoutMs;
        int capacity = Math.max(1, expectedRecords);
        this.completions = new Object[capacity];
        this.timestamps = new long[capacity];
        this.sizes = new long[capacity];
    }

    /**
     * Appends a record if it fits; an empty batch always has room. Caller holds the owner's lock.
     *
     * @return true if appended
     */
    boolean tryAppend(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers, Object completion) {
        RecordBatchWriter open = writer;
        if (open == null || open.tryAppend(timestamp, key, value, headers) < 0) {
            return false;
        }
        track(timestamp, key, value, completion);
        return true;
    }

    /** Appends a record, whatever the batch size. Caller holds the owner's lock, or owns the batch. */
    void append(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers, Object completion) {
        writer.append(timestamp, key, value, headers);
        track(timestamp, key, value, completion);
    }

    private void track(long timestamp, ByteBuffer key, ByteBuffer value, Object completion) {
        if (count == completions.length) {
            int grown = count * 2;
            completions = Arrays.copyOf(completions, grown);
            timestamps = Arrays.copyOf(timestamps, grown);
            sizes = Arrays.copyOf(sizes, grown);
        }
        completions[count] = completion;
        timestamps[count] = timestamp;
        int keySize = key == null ? -1 : key.remaining();
        int valueSize = value == null ? -1 : value.remaining();
        sizes[count] = ((long) keySize << 32) | (valueSize & 0xffffffffL);
        count++;
    }

    int recordCount() {
        return count;
    }

    /**
     * Moves record {@code index}'s completion to record {@code intoIndex} of {@code into}, for a split: the record now
     * completes with {@code into}, and this batch no longer answers for it.
     */
    void moveCompletion(int index, ProducerBatch into, int intoIndex) {
        into.completions[intoIndex] = completions[index];
        completions[index] = null;
    }

    /**
     * Marks this batch as replaced by the batches split from it: its records complete with them, and {@link #done}
     * follows theirs, so a flush that waits on this batch waits for its records.
     */
    void replacedBy(List<ProducerBatch> splits) {
        completed = true;
        liveSplits = splits.size();
        CompletableFuture.allOf(splits.stream().map(b -> b.done).toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> done.complete(null));
    }

    /** Bytes so far, before compression. Caller holds the owner's lock, or owns the batch. */
    int estimatedSize() {
        ByteBuffer closed = records;
        if (closed != null) {
            return closed.remaining();
        }
        RecordBatchWriter open = writer;
        // Null only if another thread closed the batch since the first read, and then records is set.
        return open != null ? open.estimatedSizeInBytes() : records.remaining();
    }

    /**
     * Marks the batch's memory as given back: a close that has not started will not write into it, and one that is
     * running finishes first (the pool must not hand out a buffer a caller thread is still compressing into).
     */
    synchronized void release() {
        released = true;
    }

    /** What {@link #close} leaves to do outside this batch's monitor. */
    record Closed(RecordBatchWriter writer, int uncompressedBytes) {}

    /**
     * Compresses the records and writes the header and CRC, once; a second caller waits for the first. No record may
     * be appended any more. Use {@link BatchCloser}, which also recycles the writer.
     *
     * @param compressionBuffer the calling thread's compression memory
     * @return the writer and the size before compression, or null if the batch was closed already
     */
    synchronized Closed close(CompressionBuffer compressionBuffer) {
        if (records != null || released) {
            return null;
        }
        RecordBatchWriter open = writer;
        int uncompressed = open.estimatedSizeInBytes();
        records = open.close(compressionBuffer);
        writer = null;
        return new Closed(open, uncompressed);
    }

    boolean hasSequence() {
        return baseSequence >= 0;
    }

    /**
     * Completes every record successfully. Sender loop; the completions (user callbacks) run on {@code callbacks},
     * and {@link #done} completes after them, as Kafka's flush waits for callbacks.
     *
     * @param callbacks the producer's ordered callback executor
     * @param baseOffset the offset of the first record, or -1 when unknown (a duplicate)
     * @param logAppendTime the broker's timestamp, or -1 for CreateTime topics
     */
    void succeed(Executor callbacks, long baseOffset, long logAppendTime) {
        if (completed) {
            return;
        }
        completed = true;
        Object[] records = takeCompletions();
        long[] times = timestamps;
        long[] recordSizes = sizes;
        int n = count;
        callbacks.execute(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    long packed = recordSizes[i];
                    RecordMetadata metadata = new RecordMetadata(
                            tp,
                            baseOffset < 0 ? -1 : baseOffset + i,
                            logAppendTime >= 0 ? logAppendTime : times[i],
                            (int) (packed >> 32),
                            (int) packed);
                    complete(records[i], metadata, null);
                }
            } finally {
                done.complete(null);
            }
        });
    }

    /**
     * Fails every record with the same exception. Sender loop, or the closing thread after the sender stopped; the
     * completions run on {@code callbacks}.
     *
     * @param callbacks the producer's ordered callback executor
     * @param error why
     */
    void fail(Executor callbacks, RuntimeException error) {
        if (completed) {
            return;
        }
        completed = true;
        Object[] records = takeCompletions();
        int n = count;
        callbacks.execute(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    complete(records[i], null, error);
                }
            } finally {
                done.complete(null);
            }
        });
    }

    /** Hands the completions over to the callback task; this batch no longer references them. */
    private Object[] takeCompletions() {
        Object[] records = completions;
        completions = NO_COMPLETIONS;
        return records;
    }

    @SuppressWarnings("unchecked")
    static void complete(Object completion, RecordMetadata metadata, RuntimeException error) {
        try {
            if (completion instanceof Callback callback) {
                callback.onCompletion(metadata, error);
            } else if (error == null) {
                ((CompletableFuture<RecordMetadata>) completion).complete(metadata);
            } else {
                ((CompletableFuture<RecordMetadata>) completion).completeExceptionally(error);
            }
        } catch (RuntimeException | Error e) {
            // A throwing callback (even an AssertionError) must not stop the other records of the batch completing.
            LOG.error("A producer callback threw; the producer goes on", e);
        }
    }

    @Override
    public String toString() {
        return "batch of " + count + " records for " + tp + " (sequence " + baseSequence + ", epoch " + producerEpoch
                + ", attempt " + attempts + ")";
    }
}
