package io.kanal.client.protocol.wire;

import java.nio.ByteBuffer;

/**
 * A protocol message that can encode itself at any of its versions. Implemented by every generated top-level message
 * type (requests, responses, headers and data messages). Implementations are immutable and thread-safe.
 */
public interface Message {
    /**
     * The number of bytes {@link #write} produces at a version.
     *
     * @param version the protocol version
     * @return the encoded size
     */
    int size(short version);

    /**
     * Encodes the message.
     *
     * @param writer where the bytes go
     * @param version the protocol version
     * @throws io.kanal.client.errors.UnsupportedVersionException if a value cannot be expressed at that version
     */
    void write(WireWriter writer, short version);

    /**
     * The lowest version of this message.
     *
     * @return the version
     */
    short lowestSupportedVersion();

    /**
     * The highest version of this message.
     *
     * @return the version
     */
    short highestSupportedVersion();

    /**
     * Encodes the message into a new heap buffer, flipped for reading.
     *
     * @param version the protocol version
     * @return the encoded bytes
     */
    default ByteBuffer toByteBuffer(short version) {
        ByteBuffer buffer = ByteBuffer.allocate(size(version));
        write(new WireWriter(buffer), version);
        return buffer.flip();
    }
}
