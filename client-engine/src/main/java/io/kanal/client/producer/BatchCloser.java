package io.kanal.client.producer;

import io.kanal.client.record.CompressionBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes batches: compression, header and CRC. The sender closes a batch when it first sends it; with a codec, a
 * caller thread that fills a batch while another close is running (the sender is busy compressing) closes that batch
 * itself, so that compression spreads over the sending threads instead of queueing behind one (Kafka's producer
 * compresses on the caller thread always). Whichever thread comes first closes a batch; the other finds it closed.
 * Thread-safe.
 */
final class BatchCloser {
    private final ProducerMetrics metrics;
    private final boolean compressing;
    private final AtomicInteger running = new AtomicInteger();
    // Per thread, not per partition: compression memory then scales with the threads that close batches.
    private final ThreadLocal<CompressionBuffer> compressionBuffers = ThreadLocal.withInitial(CompressionBuffer::new);

    BatchCloser(ProducerMetrics metrics, boolean compressing) {
        this.metrics = metrics;
        this.compressing = compressing;
    }

    /**
     * Called by a caller thread that just started {@code started}: with a codec, and while another close is running,
     * closes the batch before it (the one the record found full) if the sender has not taken it yet.
     *
     * @param buffer the partition's buffer
     * @param started the batch the caller just started
     */
    void helpWithFilled(PartitionBuffer buffer, ProducerBatch started) {
        if (!compressing || !busy()) {
            return;
        }
        ProducerBatch filled = buffer.queuedBefore(started);
        if (filled != null) {
            close(filled);
        }
    }

    /**
     * Whether a close is running on some thread right now.
     *
     * @return true if busy
     */
    boolean busy() {
        return running.get() > 0;
    }

    /**
     * Closes the batch unless it is closed already; waits if another thread is closing it.
     *
     * @param batch a batch that takes no more records
     */
    void close(ProducerBatch batch) {
        if (batch.records != null) {
            return;
        }
        running.incrementAndGet();
        ProducerBatch.Closed closed;
        try {
            closed = batch.close(compressionBuffers.get());
        } finally {
            running.decrementAndGet();
        }
        if (closed != null) {
            batch.owner.recycleWriter(closed.writer());
            metrics.batchClosed(closed.uncompressedBytes(), batch.records.remaining(), batch.recordCount());
        }
    }
}
