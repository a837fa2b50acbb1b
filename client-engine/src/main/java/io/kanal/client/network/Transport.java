package io.kanal.client.network;

import java.io.IOException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;

/**
 * How a {@link BrokerConnection}'s bytes reach its socket once TCP is connected: the socket itself for plaintext
 * ({@link #plain}), or a {@link TlsChannel} over it. The connection reads frames from it and writes its gathered
 * requests to it without knowing which.
 *
 * <p>Owned by the connection's I/O thread.
 */
interface Transport extends ReadableByteChannel, GatheringByteChannel {
    /**
     * Moves the transport's own handshake forward as far as the socket allows.
     *
     * @return true once requests can be written (at once for plaintext)
     * @throws IOException if the socket failed, or an {@code SslAuthenticationException} if the TLS handshake did
     */
    boolean handshake() throws IOException;

    /**
     * Writes bytes the transport holds from earlier writes (encrypted records the socket did not take).
     *
     * @return true if none are left
     * @throws IOException if the socket failed
     */
    boolean flush() throws IOException;

    /**
     * Whether {@link #flush()} has work: the connection keeps asking for writability until it has none.
     *
     * @return true if bytes wait for the socket
     */
    boolean hasPendingWrites();

    /**
     * Ends the transport's own session (TLS's close_notify, if the socket takes it). The socket stays open: closing it
     * is the connection's.
     */
    @Override
    void close();

    /**
     * The socket itself. Closing it is the connection's: {@link #close()} leaves the socket open.
     *
     * @param socket the connected socket
     * @return a transport that reads and writes the socket directly (the zero-copy path)
     */
    static Transport plain(SocketChannel socket) {
        return new PlainTransport(socket);
    }
}
