package io.kanal.client.record;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Zstandard frames. Kanal writes one frame per batch in a single call, so the frame header carries the content size;
 * Kafka streams its frames and leaves the size out. Reading is always one-shot into a plain array: with a declared
 * size the array is sized exactly; without, it starts from the context's estimate (a reusing context already holds an
 * array as large as the last batch) and doubles on "destination too small" up to the context's cap. The one-shot
 * decoder needs no window buffer, which a streaming decoder would allocate per batch (megabytes, sized by a header
 * the peer controls), and it touches the output once; repeated attempts cost at most about twice the final size.
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
        byte[] out = context.start(declared >= 0 ? declared : 4L * length);
        long tooSmall = Zstd.errDstSizeTooSmall();
        while (true) {
            try {
                long n = Zstd.decompressByteArray(out, 0, out.length, in, inOff, length);
                return ByteBuffer.wrap(out, 0, (int) n).slice();
            } catch (ZstdException e) {
                if (e.getErrorCode() != tooSmall) {
                    throw new ProtocolException(
                            "Record batch at base offset " + baseOffset + ": corrupt zstd data: " + e.getMessage(), e);
                }
                if (out.length >= context.maxDecompressedBytes()) {
                    throw context.tooLarge(baseOffset);
                }
                out = context.grow(out, 0, 2L * out.length, baseOffset);
            }
        }
    }
}
