package io.kanal.client.protocol.wire;

import io.kanal.client.errors.KafkaException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes protocol primitives into a buffer sized beforehand with {@link Message#size(short)}.
 *
 * <p>A {@linkplain #gathering gathering} writer does not copy large bytes fields (record batches): it cuts its buffer
 * there and references the field's own buffer, so that a Produce request goes to the socket as a gather write of its
 * header parts and the producer's batch buffers.
 *
 * <p>Not thread-safe: one writer encodes one message on one thread.
 */
public final class WireWriter {
    /** Bytes fields at least this long are referenced, not copied, by a gathering writer. */
    public static final int MIN_GATHERED_BYTES = 1024;

    private final ByteBuffer buffer;
    private final List<ByteBuffer> segments;
    private int segmentStart;

    /**
     * Creates a writer that appends at the buffer's position.
     *
     * @param buffer the destination, with enough room for the message
     */
    public WireWriter(ByteBuffer buffer) {
        this(buffer, null);
    }

    private WireWriter(ByteBuffer buffer, List<ByteBuffer> segments) {
        this.buffer = buffer;
        this.segments = segments;
        this.segmentStart = buffer.position();
    }

    /**
     * Creates a writer that references bytes fields for which {@link #gathers} holds instead of copying them.
     *
     * @param buffer the destination, with room for the message minus the gathered fields' bytes
     * @return the writer; take the result from {@link #segments()}
     */
    public static WireWriter gathering(ByteBuffer buffer) {
        return new WireWriter(buffer, new ArrayList<>());
    }

    /**
     * Tells whether a gathering writer references this bytes field rather than copying it.
     *
     * @param b the field's bytes, or null
     * @return true if it is not copied
     */
    public static boolean gathers(ByteBuffer b) {
        return b != null && b.remaining() >= MIN_GATHERED_BYTES;
    }

    /**
     * The message as buffers to write in order, each from position 0 to its limit: the parts of this writer's buffer
     * and, between them, the gathered fields (which share memory with the caller's buffers, so these must not change
     * until the bytes are written). A writer that is not gathering returns its buffer alone.
     *
     * @return the buffers
     */
    public ByteBuffer[] segments() {
        List<ByteBuffer> all = segments == null ? new ArrayList<>(1) : segments;
        if (buffer.position() > segmentStart || all.isEmpty()) {
            all.add(buffer.slice(segmentStart, buffer.position() - segmentStart));
        }
        segmentStart = buffer.position();
        return all.toArray(ByteBuffer[]::new);
    }

    /**
     * The buffer written to.
     *
     * @return the buffer
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Writes an int8.
     *
     * @param v the value
     */
    public void writeInt8(byte v) {
        buffer.put(v);
    }

    /**
     * Writes a boolean as an int8.
     *
     * @param v the value
     */
    public void writeBool(boolean v) {
        buffer.put(v ? (byte) 1 : (byte) 0);
    }

    /**
     * Writes an int16.
     *
     * @param v the value
     */
    public void writeInt16(short v) {
        buffer.putShort(v);
    }

    /**
     * Writes a uint16.
     *
     * @param v the value, 0 to 65535
     */
    public void writeUint16(int v) {
        if (v < 0 || v > 0xffff) {
            throw new KafkaException("uint16 value out of range: " + v);
        }
        buffer.putShort((short) v);
    }

    /**
     * Writes an int32.
     *
     * @param v the value
     */
    public void writeInt32(int v) {
        buffer.putInt(v);
    }

    /**
     * Writes a uint32.
     *
     * @param v the value, 0 to 2^32-1
     */
    public void writeUint32(long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new KafkaException("uint32 value out of range: " + v);
        }
        buffer.putInt((int) v);
    }

    /**
     * Writes an int64.
     *
     * @param v the value
     */
    public void writeInt64(long v) {
        buffer.putLong(v);
    }

    /**
     * Writes a float64.
     *
     * @param v the value
     */
    public void writeFloat64(double v) {
        buffer.putDouble(v);
    }

    /**
     * Writes a UUID as two int64s, most significant first.
     *
     * @param v the value
     */
    public void writeUuid(UUID v) {
        buffer.putLong(v.getMostSignificantBits());
        buffer.putLong(v.getLeastSignificantBits());
    }

    /**
     * Writes an unsigned varint.
     *
     * @param v the value, read as unsigned
     */
    public void writeUnsignedVarint(int v) {
        while ((v & ~0x7f) != 0) {
            buffer.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    /**
     * Writes a string with its length prefix.
     *
     * @param s the string, or null
     * @param flexible whether the compact encoding is used
     */
    public void writeString(String s, boolean flexible) {
        if (s == null) {
            writeLength(-1, flexible, false);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (!flexible && bytes.length > Short.MAX_VALUE) {
            throw new KafkaException(
                    "string of " + bytes.length + " bytes is longer than the 32767 an int16 length allows");
        }
        writeLength(bytes.length, flexible, false);
        buffer.put(bytes);
    }

    /**
     * Writes a bytes or records field with its length prefix. The source buffer's position is not changed.
     *
     * @param b the bytes (their remaining part), or null
     * @param flexible whether the compact encoding is used
     */
    public void writeBytes(ByteBuffer b, boolean flexible) {
        if (b == null) {
            writeLength(-1, flexible, true);
            return;
        }
        writeLength(b.remaining(), flexible, true);
        if (segments != null && gathers(b)) {
            if (buffer.position() > segmentStart) {
                segments.add(buffer.slice(segmentStart, buffer.position() - segmentStart));
            }
            segments.add(b.slice());
            segmentStart = buffer.position();
            return;
        }
        buffer.put(b.duplicate());
    }

    /**
     * Writes an array length prefix.
     *
     * @param count the element count, or -1 for null
     * @param flexible whether the compact encoding is used
     */
    public void writeArrayLength(int count, boolean flexible) {
        writeLength(count, flexible, true);
    }

    private void writeLength(int length, boolean flexible, boolean wide) {
        if (flexible) {
            writeUnsignedVarint(length + 1);
        } else if (wide) {
            buffer.putInt(length);
        } else {
            buffer.putShort((short) length);
        }
    }

    /**
     * Writes the unknown tagged fields whose tags come before a given tag, keeping tags in ascending order.
     *
     * @param fields the unknown fields, in ascending tag order
     * @param from the index of the first field not yet written
     * @param beforeTag write only fields with a smaller tag
     * @return the index of the first field still not written
     */
    public int writeRawTaggedFields(List<RawTaggedField> fields, int from, int beforeTag) {
        int i = from;
        while (i < fields.size() && fields.get(i).tag() < beforeTag) {
            RawTaggedField f = fields.get(i);
            writeUnsignedVarint(f.tag());
            writeUnsignedVarint(f.size());
            buffer.put(f.data().duplicate());
            i++;
        }
        return i;
    }
}
