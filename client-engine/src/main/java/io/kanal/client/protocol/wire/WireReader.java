package io.kanal.client.protocol.wire;

import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads protocol primitives from a buffer, checking every length against the bytes that remain before anything is
 * allocated. Malformed input raises a {@link ProtocolException} naming the message, version and field being read;
 * nothing else escapes (no index, underflow or allocation errors).
 *
 * <p>Variable-length values ({@code bytes}, {@code records}, unknown tagged fields) are returned as slices of the
 * underlying buffer, not copies: the buffer must stay unchanged while decoded messages are in use.
 *
 * <p>Not thread-safe: one reader decodes one message on one thread.
 */
public final class WireReader {
    private final ByteBuffer buffer;
    private String message = "message";
    private short version = -1;
    private String field = "";

    /**
     * Creates a reader over the remaining bytes of a buffer. The buffer's position advances as values are read.
     *
     * @param buffer the bytes to read
     */
    public WireReader(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * Names the message being decoded, for error messages.
     *
     * @param messageName the message type
     * @param messageVersion its version
     */
    public void enter(String messageName, short messageVersion) {
        this.message = messageName;
        this.version = messageVersion;
    }

    /**
     * Names the field about to be read, for error messages.
     *
     * @param fieldName the field, qualified by its struct
     */
    public void field(String fieldName) {
        this.field = fieldName;
    }

    /**
     * The read position in the buffer.
     *
     * @return the position
     */
    public int position() {
        return buffer.position();
    }

    /**
     * The number of bytes left.
     *
     * @return the remaining bytes
     */
    public int remaining() {
        return buffer.remaining();
    }

    /**
     * Builds the exception for malformed input at the current field.
     *
     * @param detail what is wrong
     * @return the exception, to be thrown by the caller
     */
    public ProtocolException error(String detail) {
        return new ProtocolException("Malformed " + message + " v" + version + " at field " + field + " (byte "
                + buffer.position() + "): " + detail);
    }

    private void require(int n) {
        if (n > buffer.remaining()) {
            throw error("needs " + n + " bytes but only " + buffer.remaining() + " remain");
        }
    }

    /**
     * Reads an int8.
     *
     * @return the value
     */
    public byte readInt8() {
        require(1);
        return buffer.get();
    }

    /**
     * Reads a boolean (an int8, non-zero meaning true).
     *
     * @return the value
     */
    public boolean readBool() {
        return readInt8() != 0;
    }

    /**
     * Reads an int16.
     *
     * @return the value
     */
    public short readInt16() {
        require(2);
        return buffer.getShort();
    }

    /**
     * Reads a uint16.
     *
     * @return the value, 0 to 65535
     */
    public int readUint16() {
        return Short.toUnsignedInt(readInt16());
    }

    /**
     * Reads an int32.
     *
     * @return the value
     */
    public int readInt32() {
        require(4);
        return buffer.getInt();
    }

    /**
     * Reads a uint32.
     *
     * @return the value, 0 to 2^32-1
     */
    public long readUint32() {
        return Integer.toUnsignedLong(readInt32());
    }

    /**
     * Reads an int64.
     *
     * @return the value
     */
    public long readInt64() {
        require(8);
        return buffer.getLong();
    }

    /**
     * Reads a float64.
     *
     * @return the value
     */
    public double readFloat64() {
        require(8);
        return buffer.getDouble();
    }

    /**
     * Reads a UUID (two int64s, most significant first).
     *
     * @return the value
     */
    public UUID readUuid() {
        require(16);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /**
     * Reads an unsigned varint of at most five bytes whose value fits a non-negative int.
     *
     * @return the value
     */
    public int readUnsignedVarint() {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            require(1);
            byte b = buffer.get();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                if (shift == 28 && (b & 0x78) != 0) {
                    break;
                }
                return value;
            }
        }
        throw error("unsigned varint does not fit in 32 bits");
    }

    private int readLength(boolean flexible, boolean wide, boolean nullable, String what) {
        int length;
        if (flexible) {
            length = readUnsignedVarint() - 1;
        } else {
            length = wide ? readInt32() : readInt16();
        }
        if (length < -1) {
            throw error("negative " + what + " length " + length);
        }
        if (length == -1 && !nullable) {
            throw error("null " + what + " in a field that is not nullable at this version");
        }
        return length;
    }

    /**
     * Reads a string.
     *
     * @param flexible whether the compact encoding is used
     * @param nullable whether null is allowed
     * @return the string, or null
     */
    public String readString(boolean flexible, boolean nullable) {
        int length = readLength(flexible, false, nullable, "string");
        if (length < 0) {
            return null;
        }
        require(length);
        String s;
        if (buffer.hasArray()) {
            s = new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
        } else {
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            s = new String(bytes, StandardCharsets.UTF_8);
        }
        return s;
    }

    /**
     * Reads a bytes or records field as a slice of the buffer.
     *
     * @param flexible whether the compact encoding is used
     * @param nullable whether null is allowed
     * @return the bytes, or null
     */
    public ByteBuffer readBytes(boolean flexible, boolean nullable) {
        int length = readLength(flexible, true, nullable, "bytes");
        if (length < 0) {
            return null;
        }
        return readSlice(length);
    }

    private ByteBuffer readSlice(int length) {
        require(length);
        ByteBuffer slice = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        return slice;
    }

    /**
     * Reads an array length and checks that the elements can fit in the remaining bytes.
     *
     * @param flexible whether the compact encoding is used
     * @param nullable whether null is allowed
     * @param minElementSize the fewest bytes one element can take (at least 1 is assumed)
     * @return the element count, or -1 for null
     */
    public int readArrayLength(boolean flexible, boolean nullable, int minElementSize) {
        int length = readLength(flexible, true, nullable, "array");
        checkCount(length, minElementSize);
        return length;
    }

    /**
     * Checks that a count of items can fit in the remaining bytes.
     *
     * @param count the item count
     * @param minItemSize the fewest bytes one item can take (at least 1 is assumed)
     */
    public void checkCount(int count, int minItemSize) {
        if ((long) count * Math.max(1, minItemSize) > buffer.remaining()) {
            throw error(count + " elements cannot fit in the " + buffer.remaining() + " remaining bytes");
        }
    }

    /**
     * Reads the value of an unknown tagged field.
     *
     * @param tag the tag
     * @param size the size read before the value
     * @return the field, its data a slice of the buffer
     */
    public RawTaggedField readRawTaggedField(int tag, int size) {
        return new RawTaggedField(tag, readSlice(size));
    }

    /**
     * Checks that a tagged field's value used exactly the bytes its size announced.
     *
     * @param expectedEnd the position where the value should end
     */
    public void expectPosition(int expectedEnd) {
        if (buffer.position() != expectedEnd) {
            throw error("tagged field value took " + (buffer.position() - expectedEnd) + " bytes more than its size");
        }
    }
}
