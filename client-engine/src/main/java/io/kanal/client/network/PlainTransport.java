package io.kanal.client.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The plaintext {@link Transport}: every call goes straight to the socket, which the connection closes itself.
 *
 * <p>Owned by the connection's I/O thread.
 */
final class PlainTransport implements Transport {
    private final SocketChannel socket;

    PlainTransport(SocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public boolean handshake() {
        return true;
    }

    @Override
    public boolean flush() {
        return true;
    }

    @Override
    public boolean hasPendingWrites() {
        return false;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return socket.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return socket.write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return socket.write(srcs);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return socket.write(src);
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    /** Nothing of its own to close: the connection closes the socket. */
    @Override
    public void close() {}
}
