package io.kanal.client.record;

import io.kanal.client.errors.CompressionUnavailableException;
import io.kanal.client.errors.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Snappy in xerial's stream framing, which is what Kafka writes (through {@code SnappyOutputStream}): a 16-byte header
 * (magic {@code -126 'S' 'N' 'A' 'P' 'P' 'Y' 0}, version 1, compatible version 1) then blocks of an int32 big-endian
 * compressed length and raw snappy data, each block holding up to 32 KiB of input. A header repeated between blocks
 * (concatenated streams) is skipped, as xerial's reader does.
 */
final class SnappyCodec implements CompressionCodec {
    private static final byte[] MAGIC = {-126, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_SIZE = 16;
    private static final int VERSION = 1;
    private static final int BLOCK_SIZE = 32 * 1024;

    @Override
    public void compress(byte[] src, int off, int len, GrowableBuffer out, int level) {
        try {
            out.ensureRemaining(HEADER_SIZE);
            out.buffer().put(MAGIC).putInt(VERSION).putInt(VERSION);
            for (int done = 0; done < len; done += BLOCK_SIZE) {
                int chunk = Math.min(BLOCK_SIZE, len - done);
                out.ensureRemaining(4 + Snappy.maxCompressedLength(chunk));
                ByteBuffer b = out.buffer();
                int at = b.position();
                int n = Snappy.compress(src, off + done, chunk, b.array(), b.arrayOffset() + at + 4);
                b.putInt(at, n);
                b.position(at + 4 + n);
            }
        } catch (IOException | SnappyError e) {
            throw new CompressionUnavailableException(
                    CompressionType.SNAPPY.configName(), CompressionType.SNAPPY.mavenCoordinates(), e);
        }
    }

    @Override
    public ByteBuffer decompress(ByteBuffer src, DecompressionContext context, long baseOffset) {
        int pos = src.position();
        int end = src.limit();
        if (!isHeader(src, pos, end)) {
            throw malformed(baseOffset, "snappy data does not start with the xerial stream header");
        }
        pos += HEADER_SIZE;
        byte[] in = src.hasArray() ? src.array() : null;
        int inBase = src.hasArray() ? src.arrayOffset() : 0;
        byte[] out = context.start(3L * (end - pos));
        int used = 0;
        try {
            while (pos < end) {
                if (isHeader(src, pos, end)) {
                    pos += HEADER_SIZE;
                    continue;
                }
                if (end - pos < 4) {
                    throw malformed(baseOffset, "snappy block length is truncated");
                }
                int length = src.getInt(pos);
                pos += 4;
                if (length < 0 || length > end - pos) {
                    throw malformed(
                            baseOffset,
                            "snappy block length " + length + " exceeds the " + (end - pos) + " bytes left");
                }
                byte[] block = in;
                int blockOff = inBase + pos;
                if (block == null) {
                    block = new byte[length];
                    src.get(pos, block);
                    blockOff = 0;
                }
                int size = Snappy.uncompressedLength(block, blockOff, length);
                if (size < 0) {
                    throw malformed(baseOffset, "snappy block declares a negative size");
                }
                out = context.grow(out, used, (long) used + size, baseOffset);
                used += Snappy.uncompress(block, blockOff, length, out, used);
                pos += length;
            }
        } catch (IOException e) {
            throw new ProtocolException(
                    "Record batch at base offset " + baseOffset + ": corrupt snappy data: " + e.getMessage(), e);
        } catch (SnappyError e) {
            throw new CompressionUnavailableException(
                    CompressionType.SNAPPY.configName(), CompressionType.SNAPPY.mavenCoordinates(), e);
        }
        return ByteBuffer.wrap(out, 0, used).slice();
    }

    private static boolean isHeader(ByteBuffer src, int pos, int end) {
        if (end - pos < HEADER_SIZE) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (src.get(pos + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static ProtocolException malformed(long baseOffset, String what) {
        return new ProtocolException("Record batch at base offset " + baseOffset + ": " + what);
    }
}
