package io.kanal.client.record;

import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Zig-zag variable-length integers as used inside records (protobuf style): small magnitudes of either sign take few
 * bytes. An int takes at most 5 bytes and a long at most 10.
 */
public final class Varints {
    private Varints() {}

    /**
     * Returns the encoded size of an int.
     *
     * @param value the value
     * @return 1 to 5
     */
    public static int sizeOfVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        // Each byte holds 7 bits: count the significant bits, then round up to 7-bit groups.
        int bits = 32 - Integer.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    /**
     * Returns the encoded size of a long.
     *
     * @param value the value
     * @return 1 to 10
     */
    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    /**
     * Writes an int at the buffer's position and advances it.
     *
     * @param value the value
     * @param out the target, with at least {@link #sizeOfVarint(int)} bytes remaining
     */
    public static void writeVarint(int value, ByteBuffer out) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xFFFFFF80) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    /**
     * Writes a long at the buffer's position and advances it.
     *
     * @param value the value
     * @param out the target, with at least {@link #sizeOfVarlong(long)} bytes remaining
     */
    public static void writeVarlong(long value, ByteBuffer out) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    /**
     * Reads an int at the buffer's position and advances it.
     *
     * @param in the source
     * @return the value
     * @throws ProtocolException if the buffer ends inside the varint or it is longer than 5 bytes
     */
    public static int readVarint(ByteBuffer in) {
        int raw = 0;
        int shift = 0;
        while (true) {
            if (!in.hasRemaining()) {
                throw new ProtocolException("Varint is truncated");
            }
            byte b = in.get();
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
            shift += 7;
            if (shift > 28) {
                throw new ProtocolException("Varint is longer than 5 bytes");
            }
        }
    }

    /**
     * Reads a long at the buffer's position and advances it.
     *
     * @param in the source
     * @return the value
     * @throws ProtocolException if the buffer ends inside the varlong or it is longer than 10 bytes
     */
    public static long readVarlong(ByteBuffer in) {
        long raw = 0;
        int shift = 0;
        while (true) {
            if (!in.hasRemaining()) {
                throw new ProtocolException("Varlong is truncated");
            }
            byte b = in.get();
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
            shift += 7;
            if (shift > 63) {
                throw new ProtocolException("Varlong is longer than 10 bytes");
            }
        }
    }
}
