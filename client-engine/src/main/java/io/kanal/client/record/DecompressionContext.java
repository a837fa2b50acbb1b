package io.kanal.client.record;

import io.kanal.client.errors.ProtocolException;

/**
 * Limits and scratch space for decompressing record batches. Every codec writes into an array obtained here and grows
 * it through {@link #grow}, which refuses to go past {@link #maxDecompressedBytes()}: a hostile batch cannot make the
 * reader allocate without bound.
 *
 * <p>A context made by {@link #reusing(int)} hands out the same array again for the next batch, so the records of a
 * batch are valid only until the next batch is decompressed with it; one made by {@link #allocating(int)} gives each
 * batch fresh memory. Not thread-safe: one context per decoding thread.
 */
public final class DecompressionContext {
    /** Default cap on the decompressed size of one batch: 64 MiB, far above Kafka's default max message size. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    private final int maxDecompressedBytes;
    private final boolean reuse;
    private byte[] scratch;

    private DecompressionContext(int maxDecompressedBytes, boolean reuse) {
        if (maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("maxDecompressedBytes must be positive, got " + maxDecompressedBytes);
        }
        this.maxDecompressedBytes = maxDecompressedBytes;
        this.reuse = reuse;
    }

    /**
     * Creates a context that allocates fresh memory for each batch.
     *
     * @param maxDecompressedBytes the largest decompressed size accepted for one batch
     * @return the context
     */
    public static DecompressionContext allocating(int maxDecompressedBytes) {
        return new DecompressionContext(maxDecompressedBytes, false);
    }

    /**
     * Creates a context that reuses one buffer: each decompression invalidates the records of the previous one.
     *
     * @param maxDecompressedBytes the largest decompressed size accepted for one batch
     * @return the context
     */
    public static DecompressionContext reusing(int maxDecompressedBytes) {
        return new DecompressionContext(maxDecompressedBytes, true);
    }

    /**
     * Returns the cap on one batch's decompressed size.
     *
     * @return bytes
     */
    public int maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    /** Returns an array of at least {@code min(estimate, max)} bytes to decompress into. */
    byte[] start(long estimate) {
        int size = (int) Math.max(256, Math.min(estimate, maxDecompressedBytes));
        if (reuse && scratch != null && scratch.length >= size) {
            return scratch;
        }
        byte[] fresh = new byte[size];
        if (reuse) {
            scratch = fresh;
        }
        return fresh;
    }

    /**
     * Returns an array holding {@code used} bytes of {@code current} with room for at least {@code needed} bytes in
     * all, or fails when that would pass the cap.
     */
    byte[] grow(byte[] current, int used, long needed, long baseOffset) {
        if (needed > maxDecompressedBytes) {
            throw tooLarge(baseOffset);
        }
        if (needed <= current.length) {
            return current;
        }
        long size = Math.min(Math.max(needed, 2L * current.length), maxDecompressedBytes);
        byte[] grown = new byte[(int) size];
        System.arraycopy(current, 0, grown, 0, used);
        if (reuse) {
            scratch = grown;
        }
        return grown;
    }

    ProtocolException tooLarge(long baseOffset) {
        return new ProtocolException("Record batch at base offset " + baseOffset + " decompresses to more than "
                + maxDecompressedBytes + " bytes (the configured maximum)");
    }
}
