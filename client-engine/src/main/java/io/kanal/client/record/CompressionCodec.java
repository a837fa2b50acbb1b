package io.kanal.client.record;

import java.nio.ByteBuffer;

/** One compression algorithm in the framing Kafka uses for it. Implementations are stateless and thread-safe. */
interface CompressionCodec {
    /**
     * Compresses {@code src[off, off+len)} at the position of {@code out}, which is heap-backed, advancing it.
     *
     * @param level the codec level, already validated by {@link Compression}
     */
    void compress(byte[] src, int off, int len, GrowableBuffer out, int level);

    /**
     * Decompresses the bytes between the position and the limit of {@code src}.
     *
     * @return a heap buffer, position 0, limit the decompressed size
     * @throws io.kanal.client.errors.ProtocolException if the input is malformed or expands past the context's cap
     */
    ByteBuffer decompress(ByteBuffer src, DecompressionContext context, long baseOffset);
}
