package io.kanal.client.network;

import io.kanal.client.errors.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Cuts a socket's byte stream into response frames: an int32 size, then that many bytes. A size outside
 * {@code 4..maxFrameBytes} is a protocol error, found before anything is allocated. Each frame gets a buffer of its
 * own because decoded responses keep slices of it. Owned by the connection's I/O thread.
 */
final class FrameReader {
    private final int maxFrameBytes;
    private final String peer;
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private ByteBuffer frame;

    FrameReader(int maxFrameBytes, String peer) {
        this.maxFrameBytes = maxFrameBytes;
        this.peer = peer;
    }

    /**
     * Reads what the channel has, up to the end of the next frame.
     *
     * @return the complete frame, flipped for reading, or null if more bytes are needed
     * @throws IOException if the channel fails or the peer closed it
     * @throws ProtocolException if the size prefix is out of range
     */
    ByteBuffer read(ReadableByteChannel channel) throws IOException {
        if (frame == null) {
            if (channel.read(sizeBuffer) < 0) {
                throw new IOException("connection closed by the broker");
            }
            if (sizeBuffer.hasRemaining()) {
                return null;
            }
            int size = sizeBuffer.flip().getInt();
            sizeBuffer.clear();
            if (size < 4 || size > maxFrameBytes) {
                throw new ProtocolException(
                        "Response frame size " + size + " from " + peer + " is outside 4.." + maxFrameBytes);
            }
            frame = ByteBuffer.allocate(size);
        }
        if (channel.read(frame) < 0) {
            throw new IOException("connection closed by the broker in the middle of a response");
        }
        if (frame.hasRemaining()) {
            return null;
        }
        ByteBuffer complete = frame.flip();
        frame = null;
        return complete;
    }

    /** Forgets a partly read frame, for a new connection. */
    void reset() {
        sizeBuffer.clear();
        frame = null;
    }
}
