package io.kanal.client.record;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.kanal.client.KafkaException;
import io.kanal.client.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Zstandard frames. Kanal writes one frame per batch in a single call, so the frame header carries the content size;
 * Kafka streams its frames and leaves the size out. Reading therefore takes the one-shot path when the size is
 * declared (one exact allocation) and otherwise streams into a buffer that grows up to the context's cap.
 */
final class ZstdCodec implements CompressionCodec {

    @Override
    public void compress(byte[] src, int off, int len, GrowableBuffer out, int level) {
        int bound = (int) Math.min(Integer.MAX_VALUE - 8, Zstd.compressBound(len));
        out.ensureRemaining(bound);
        ByteBuffer b = out.buffer();
        int at = b.arrayOffset() + b.position();
        long n = Zstd.compressByteArray(b.array(), at, bound, src, off, len, level);
        if (Zstd.isError(n)) {
            throw new KafkaException("zstd compression failed: " + Zstd.getErrorName(n));
        }
        b.position(b.position() + (int) n);
    }

    @Override
    public ByteBuffer decompress(ByteBuffer src, DecompressionContext context, long baseOffset) {
        int length = src.remaining();
        byte[] in;
        int inOff;
        if (src.hasArray()) {
            in = src.array();
            inOff = src.arrayOffset() + src.position();
        } else {
            in = new byte[length];
            src.get(src.position(), in);
            inOff = 0;
        }
        long declared = Zstd.getFrameContentSize(in, inOff, length);
        if (declared > context.maxDecompressedBytes()) {
            throw context.tooLarge(baseOffset);
        }
        if (declared >= 0) {
            byte[] out = context.start(Math.max(declared, 1));
            long n = Zstd.decompressByteArray(out, 0, (int) declared, in, inOff, length);
            if (!Zstd.isError(n)) {
                return ByteBuffer.wrap(out, 0, (int) n).slice();
            }
            // Several frames, or a lying header: the streaming path below decides which.
        }
        return stream(in, inOff, length, context, baseOffset);
    }

    private static ByteBuffer stream(byte[] in, int off, int length, DecompressionContext context, long baseOffset) {
        byte[] out = context.start(4L * length);
        int used = 0;
        try (ZstdInputStreamNoFinalizer zin = new ZstdInputStreamNoFinalizer(
                new ByteArrayInputStream(in, off, length), RecyclingBufferPool.INSTANCE)) {
            while (true) {
                if (used == out.length) {
                    if (out.length >= context.maxDecompressedBytes()) {
                        if (zin.read() >= 0) {
                            throw context.tooLarge(baseOffset);
                        }
                        break;
                    }
                    out = context.grow(out, used, 2L * out.length, baseOffset);
                }
                int n = zin.read(out, used, out.length - used);
                if (n < 0) {
                    break;
                }
                used += n;
            }
        } catch (IOException e) {
            throw new ProtocolException(
                    "Record batch at base offset " + baseOffset + ": corrupt zstd data: " + e.getMessage(), e);
        }
        return ByteBuffer.wrap(out, 0, used).slice();
    }
}
