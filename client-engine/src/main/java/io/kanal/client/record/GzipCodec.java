package io.kanal.client.record;

import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Gzip (RFC 1952) over the JDK's zlib. Writes one member with the same minimal header as
 * {@link java.util.zip.GZIPOutputStream}; reads any number of members, skipping optional header fields, and checks
 * each member's CRC-32 and size. Deflater and Inflater are driven directly so the output goes straight into the batch
 * buffer and decompression is bounded.
 */
final class GzipCodec implements CompressionCodec {
    static final GzipCodec INSTANCE = new GzipCodec();

    private static final int HEADER_SIZE = 10;
    private static final int TRAILER_SIZE = 8;
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;

    private GzipCodec() {}

    @Override
    public void compress(byte[] src, int off, int len, GrowableBuffer out, int level) {
        Deflater deflater = new Deflater(level, true);
        try {
            out.ensureRemaining(HEADER_SIZE);
            out.buffer().put(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0});
            deflater.setInput(src, off, len);
            deflater.finish();
            while (!deflater.finished()) {
                out.ensureRemaining(Math.max(1024, len / 2 + 64));
                deflater.deflate(out.buffer());
            }
            CRC32 crc = new CRC32();
            crc.update(src, off, len);
            out.ensureRemaining(TRAILER_SIZE);
            ByteBuffer b = out.buffer();
            b.putInt(Integer.reverseBytes((int) crc.getValue()));
            b.putInt(Integer.reverseBytes(len));
        } finally {
            deflater.end();
        }
    }

    @Override
    public ByteBuffer decompress(ByteBuffer src, DecompressionContext context, long baseOffset) {
        int pos = src.position();
        int end = src.limit();
        byte[] out = context.start(4L * (end - pos));
        int used = 0;
        do {
            pos = skipHeader(src, pos, end, baseOffset);
            Inflater inflater = new Inflater(true);
            int memberStart = used;
            try {
                inflater.setInput(src.slice(pos, end - pos));
                int stalls = 0;
                while (!inflater.finished()) {
                    if (used == out.length) {
                        if (out.length >= context.maxDecompressedBytes()) {
                            throw context.tooLarge(baseOffset);
                        }
                        out = context.grow(out, used, 2L * out.length, baseOffset);
                    }
                    int n = inflater.inflate(out, used, out.length - used);
                    used += n;
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary() || ++stalls > 2)) {
                        throw malformed(baseOffset, "deflate data is truncated");
                    }
                }
                pos += (int) inflater.getBytesRead();
            } catch (DataFormatException e) {
                throw new ProtocolException(
                        "Record batch at base offset " + baseOffset + ": corrupt gzip data: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
            if (end - pos < TRAILER_SIZE) {
                throw malformed(baseOffset, "gzip trailer is truncated");
            }
            CRC32 crc = new CRC32();
            crc.update(out, memberStart, used - memberStart);
            int expectedCrc = Integer.reverseBytes(src.getInt(pos));
            int expectedSize = Integer.reverseBytes(src.getInt(pos + 4));
            if (expectedCrc != (int) crc.getValue() || expectedSize != used - memberStart) {
                throw malformed(baseOffset, "gzip CRC-32 or size does not match the data");
            }
            pos += TRAILER_SIZE;
            // Like GZIPInputStream, read further members and ignore trailing bytes that are not one.
        } while (end - pos >= HEADER_SIZE && src.get(pos) == 0x1f && src.get(pos + 1) == (byte) 0x8b);
        return ByteBuffer.wrap(out, 0, used).slice();
    }

    private static int skipHeader(ByteBuffer src, int pos, int end, long baseOffset) {
        if (end - pos < HEADER_SIZE) {
            throw malformed(baseOffset, "gzip header is truncated");
        }
        if (src.get(pos) != 0x1f || src.get(pos + 1) != (byte) 0x8b || src.get(pos + 2) != 8) {
            throw malformed(baseOffset, "not gzip data (bad magic or method)");
        }
        int flags = src.get(pos + 3) & 0xFF;
        int p = pos + HEADER_SIZE;
        if ((flags & FEXTRA) != 0) {
            if (end - p < 2) {
                throw malformed(baseOffset, "gzip extra field is truncated");
            }
            int extraLength = (src.get(p) & 0xFF) | (src.get(p + 1) & 0xFF) << 8;
            p += 2;
            if (end - p < extraLength) {
                throw malformed(baseOffset, "gzip extra field is truncated");
            }
            p += extraLength;
        }
        if ((flags & FNAME) != 0) {
            p = skipZeroTerminated(src, p, end, baseOffset);
        }
        if ((flags & FCOMMENT) != 0) {
            p = skipZeroTerminated(src, p, end, baseOffset);
        }
        if ((flags & FHCRC) != 0) {
            p += 2;
        }
        if (p > end) {
            throw malformed(baseOffset, "gzip header is truncated");
        }
        return p;
    }

    private static int skipZeroTerminated(ByteBuffer src, int p, int end, long baseOffset) {
        while (p < end) {
            if (src.get(p++) == 0) {
                return p;
            }
        }
        throw malformed(baseOffset, "gzip header string is not terminated");
    }

    private static ProtocolException malformed(long baseOffset, String what) {
        return new ProtocolException("Record batch at base offset " + baseOffset + ": " + what);
    }
}
