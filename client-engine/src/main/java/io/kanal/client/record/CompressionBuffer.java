package io.kanal.client.record;

import java.nio.ByteBuffer;

/**
 * Output memory for compressing record batches, reused from batch to batch: a codec reserves its worst-case bound
 * (a little more than the input) before it writes, so compressing straight into a batch buffer sized for
 * {@code batch.size} would make that buffer grow, a new allocation per batch. One per thread that closes batches;
 * not thread-safe.
 */
public final class CompressionBuffer {
    private final GrowableBuffer buffer = new GrowableBuffer(ByteBuffer.allocate(0));

    /** Creates an empty buffer; it grows to the largest batch it compresses. */
    public CompressionBuffer() {}

    GrowableBuffer cleared() {
        buffer.buffer().clear();
        return buffer;
    }
}
