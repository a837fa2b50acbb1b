package io.kanal.runtime.membership.protocol;

import io.kanal.client.errors.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the primitives of Connect's group protocol with Kafka's classic semantics ({@code Type.STRING}, {@code
 * NULLABLE_BYTES}, {@code ArrayOf}): a negative length of a nullable value means null, of a non-nullable one is an
 * error; every length is checked against the bytes that remain before anything is allocated. All malformed input
 * ends in a {@link ProtocolException} naming the message and field; no underflow or allocation error escapes.
 *
 * <p>Not thread-safe: one reader decodes one message on one thread. Reads a private duplicate of the buffer.
 */
final class ConnectWireReader {
    /** Kafka's {@code ArrayOf} refuses arrays larger than this whatever the buffer holds. */
    static final int MAX_ARRAY_SIZE = 1_000_000;

    private final ByteBuffer buffer;
    private final String message;
    private String field = "";

    ConnectWireReader(ByteBuffer buffer, String message) {
        this.buffer = buffer.duplicate();
        this.message = message;
    }

    /** Names the field about to be read, for error messages. */
    void field(String name) {
        this.field = name;
    }

    boolean hasRemaining() {
        return buffer.hasRemaining();
    }

    ProtocolException error(String detail) {
        return new ProtocolException("Malformed Connect " + message + ", field '" + field + "': " + detail);
    }

    short readInt16() {
        require(2);
        return buffer.getShort();
    }

    int readInt32() {
        require(4);
        return buffer.getInt();
    }

    long readInt64() {
        require(8);
        return buffer.getLong();
    }

    String readString() {
        short length = readInt16();
        if (length < 0) {
            throw error("string length " + length + " cannot be negative");
        }
        require(length);
        byte[] utf8 = new byte[length];
        buffer.get(utf8);
        // Malformed UTF-8 becomes U+FFFD, as in Kafka: the protocol does not validate strings.
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Nullable bytes, copied out (the input may be reused by the caller); any negative length means null. */
    ByteBuffer readNullableBytes() {
        int length = readInt32();
        if (length < 0) {
            return null;
        }
        require(length);
        byte[] copy = new byte[length];
        buffer.get(copy);
        return ByteBuffer.wrap(copy);
    }

    /**
     * An array length: -1 for a null nullable array (any negative length), else a count that fits in the bytes left.
     */
    int readArrayLength(boolean nullable, int minElementSize) {
        int length = readInt32();
        if (length < 0) {
            if (nullable) {
                return -1;
            }
            throw error("array size " + length + " cannot be negative");
        }
        if (length > MAX_ARRAY_SIZE) {
            throw error("array size " + length + " exceeds the maximum allowed size of " + MAX_ARRAY_SIZE);
        }
        if ((long) length * minElementSize > buffer.remaining()) {
            throw error("array of size " + length + " cannot fit in the " + buffer.remaining() + " bytes available");
        }
        return length;
    }

    private void require(int length) {
        if (buffer.remaining() < length) {
            throw error("needs " + length + " bytes, only " + buffer.remaining() + " available");
        }
    }
}
