package io.kanal.client.record;

import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * LZ4 frame format (v1.5.1) as Kafka writes it for magic 2 batches: magic {@code 0x184D2204}, FLG {@code 0x60}
 * (version 1, independent blocks, no checksums, no content size), BD {@code 0x40} (64 KiB blocks), a header checksum
 * over FLG and BD only (the correct one; pre-0.10 clients also hashed the magic), little-endian block sizes with the
 * high bit marking a stored block, and a zero end mark. The reader also accepts block checksums, a content size and a
 * content checksum, and larger blocks; it rejects dependent blocks and dictionaries, which Kafka never writes.
 *
 * <p>Kafka picks LZ4's fast compressor for the default level and LZ4 HC at any other level; so does this codec.
 * Decompression uses the bounds-checked "safe" decompressor only.
 */
final class Lz4Codec implements CompressionCodec {
    private static final int MAGIC = 0x184D2204;
    private static final int FLG = 0x60;
    private static final int BD_64KB = 0x40;
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final int STORED_BLOCK = 0x80000000;

    private final LZ4Factory factory = LZ4Factory.fastestInstance();
    private final LZ4Compressor fast = factory.fastCompressor();
    private final LZ4SafeDecompressor decompressor = factory.safeDecompressor();
    private final XXHash32 xxhash = XXHashFactory.fastestInstance().hash32();

    @Override
    public void compress(byte[] src, int off, int len, GrowableBuffer out, int level) {
        LZ4Compressor compressor = level == Compression.LZ4_DEFAULT_LEVEL ? fast : factory.highCompressor(level);
        out.ensureRemaining(7);
        ByteBuffer b = out.buffer();
        b.putInt(Integer.reverseBytes(MAGIC));
        int descriptor = b.position();
        b.put((byte) FLG).put((byte) BD_64KB);
        b.put((byte) (xxhash.hash(b.array(), b.arrayOffset() + descriptor, 2, 0) >> 8));
        for (int done = 0; done < len; done += BLOCK_SIZE) {
            int chunk = Math.min(BLOCK_SIZE, len - done);
            int bound = compressor.maxCompressedLength(chunk);
            out.ensureRemaining(4 + Math.max(bound, chunk));
            b = out.buffer();
            int at = b.position();
            int n = compressor.compress(src, off + done, chunk, b.array(), b.arrayOffset() + at + 4, bound);
            if (n >= chunk) {
                // Incompressible: store the block as is, flagged by the high bit, as the frame format allows.
                b.putInt(at, Integer.reverseBytes(chunk | STORED_BLOCK));
                System.arraycopy(src, off + done, b.array(), b.arrayOffset() + at + 4, chunk);
                n = chunk;
            } else {
                b.putInt(at, Integer.reverseBytes(n));
            }
            b.position(at + 4 + n);
        }
        out.ensureRemaining(4);
        out.buffer().putInt(0);
    }

    @Override
    public ByteBuffer decompress(ByteBuffer src, DecompressionContext context, long baseOffset) {
        int pos = src.position();
        int end = src.limit();
        if (end - pos < 7 || Integer.reverseBytes(src.getInt(pos)) != MAGIC) {
            throw malformed(baseOffset, "not an LZ4 frame (bad magic)");
        }
        int flg = src.get(pos + 4) & 0xFF;
        int bd = src.get(pos + 5) & 0xFF;
        if ((flg >>> 6) != 1 || (flg & 0x03) != 0) {
            throw malformed(baseOffset, "unsupported LZ4 frame version, reserved bits or dictionary (FLG " + flg + ")");
        }
        if ((flg & 0x20) == 0) {
            throw malformed(baseOffset, "LZ4 frame uses dependent blocks, which Kafka never writes");
        }
        int blockSizeId = (bd >>> 4) & 0x07;
        if ((bd & 0x8F) != 0 || blockSizeId < 4) {
            throw malformed(baseOffset, "invalid LZ4 block descriptor " + bd);
        }
        int maxBlock = 1 << (2 * blockSizeId + 8);
        boolean blockChecksum = (flg & 0x10) != 0;
        boolean contentSize = (flg & 0x08) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        int descriptorLength = contentSize ? 10 : 2;
        if (end - pos < 4 + descriptorLength + 1) {
            throw malformed(baseOffset, "LZ4 frame descriptor is truncated");
        }
        int headerChecksum = (xxhash.hash(src, pos + 4, descriptorLength, 0) >> 8) & 0xFF;
        if (headerChecksum != (src.get(pos + 4 + descriptorLength) & 0xFF)) {
            throw malformed(baseOffset, "LZ4 frame header checksum does not match");
        }
        pos += 4 + descriptorLength + 1;
        byte[] out = context.start(4L * (end - pos));
        ByteBuffer outBuffer = ByteBuffer.wrap(out);
        int used = 0;
        while (true) {
            if (end - pos < 4) {
                throw malformed(baseOffset, "LZ4 frame is truncated (no end mark)");
            }
            int word = Integer.reverseBytes(src.getInt(pos));
            pos += 4;
            if (word == 0) {
                break;
            }
            int length = word & ~STORED_BLOCK;
            if (length > maxBlock || length > end - pos) {
                throw malformed(baseOffset, "LZ4 block of " + length + " bytes exceeds the block maximum or the data");
            }
            if (blockChecksum) {
                if (end - pos - length < 4) {
                    throw malformed(baseOffset, "LZ4 block checksum is truncated");
                }
                if (xxhash.hash(src, pos, length, 0) != Integer.reverseBytes(src.getInt(pos + length))) {
                    throw malformed(baseOffset, "LZ4 block checksum does not match");
                }
            }
            if ((word & STORED_BLOCK) != 0) {
                out = context.grow(out, used, (long) used + length, baseOffset);
                src.get(pos, out, used, length);
                used += length;
            } else {
                long room = Math.min((long) used + maxBlock, context.maxDecompressedBytes());
                if (room <= used) {
                    throw context.tooLarge(baseOffset);
                }
                byte[] grown = context.grow(out, used, room, baseOffset);
                if (grown != out) {
                    out = grown;
                    outBuffer = ByteBuffer.wrap(out);
                }
                try {
                    used += decompressor.decompress(src, pos, length, outBuffer, used, (int) room - used);
                } catch (LZ4Exception e) {
                    throw new ProtocolException(
                            "Record batch at base offset " + baseOffset
                                    + ": corrupt LZ4 block, or it expands past the configured maximum",
                            e);
                }
            }
            pos += length + (blockChecksum ? 4 : 0);
        }
        if (contentChecksum && end - pos < 4) {
            throw malformed(baseOffset, "LZ4 content checksum is truncated");
        }
        return ByteBuffer.wrap(out, 0, used).slice();
    }

    private static ProtocolException malformed(long baseOffset, String what) {
        return new ProtocolException("Record batch at base offset " + baseOffset + ": " + what);
    }
}
