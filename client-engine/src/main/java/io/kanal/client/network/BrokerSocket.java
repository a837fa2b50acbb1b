package io.kanal.client.network;

import io.kanal.client.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket of one {@link BrokerConnection} and what runs over it: the non-blocking TCP channel and its selection
 * key, the {@link Transport} once TCP is connected (the socket itself, or a {@link TlsChannel} with its handshake), and
 * the frames read from it. It knows nothing of requests or of the connection's states: the connection decides when to
 * open, write, read and close it, and turns its {@link IOException}s into request failures.
 *
 * <p>Owned by the I/O thread of the connection's {@link IoLoop}, as the connection is; nothing here is synchronized.
 */
final class BrokerSocket {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerSocket.class);

    private final Endpoint endpoint;
    private final NetworkConfig config;
    private final FrameReader frames;

    private SocketChannel channel;
    /** Reads and writes: {@link #channel} itself, or a TLS session over it; null until TCP is connected. */
    private Transport transport;

    private SelectionKey key;

    BrokerSocket(Endpoint endpoint, NetworkConfig config) {
        this.endpoint = endpoint;
        this.config = config;
        this.frames = new FrameReader(config.maxFrameBytes(), endpoint.toString());
    }

    /**
     * Opens a non-blocking socket with the configured options (no delay, keep-alive, buffer sizes).
     *
     * @throws IOException if the socket cannot be opened or configured
     */
    void open() throws IOException {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        if (config.sendBufferBytes() > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferBytes());
        }
        if (config.receiveBufferBytes() > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
        }
    }

    /**
     * Starts connecting the opened socket and registers it with the selector.
     *
     * @param address the broker's address
     * @param selector the I/O thread's selector
     * @param attachment what the selection key carries (the connection)
     * @return whether TCP connected at once
     * @throws IOException if connecting failed
     */
    boolean connect(InetSocketAddress address, Selector selector, Object attachment) throws IOException {
        boolean connected = channel.connect(address);
        key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, attachment);
        return connected;
    }

    /** Whether the selection was for the end of a TCP connect. */
    boolean isConnectable() {
        return key.isConnectable();
    }

    /**
     * Ends a TCP connect the selector reported.
     *
     * @return whether TCP is connected now
     * @throws IOException if connecting failed
     */
    boolean finishConnect() throws IOException {
        if (!channel.finishConnect()) {
            return false;
        }
        key.interestOps(SelectionKey.OP_READ);
        return true;
    }

    /** Puts the transport over the connected socket: the socket itself, or a TLS session when the config has one. */
    void startTransport() {
        TlsConfig tlsConfig = config.security().tls();
        transport = tlsConfig == null
                ? Transport.plain(channel)
                : new TlsChannel(channel, tlsConfig.newEngine(endpoint.host(), endpoint.port()), endpoint.toString());
    }

    /** Whether the transport was started: TCP is connected. */
    boolean hasTransport() {
        return transport != null;
    }

    /**
     * Moves the transport's handshake forward as far as the socket allows, asking the selector for what it waits for.
     *
     * @return true once requests can be written
     * @throws IOException if the socket or the TLS handshake failed
     */
    boolean handshake() throws IOException {
        if (transport.handshake()) {
            key.interestOps(SelectionKey.OP_READ);
            return true;
        }
        key.interestOps(transport.hasPendingWrites() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        return false;
    }

    /** Whether the selection says bytes can be read. */
    boolean isReadable() {
        return key != null && key.isValid() && key.isReadable();
    }

    /** Whether the selection says bytes can be written. */
    boolean isWritable() {
        return key != null && key.isValid() && key.isWritable();
    }

    /**
     * The next complete frame, without its size prefix.
     *
     * @return the frame, or null when none is complete (or the socket was closed)
     * @throws IOException if the socket failed or the frame is too large
     */
    ByteBuffer readFrame() throws IOException {
        return transport == null ? null : frames.read(transport);
    }

    /** Whether the transport holds bytes for the socket (a TLS 1.3 key update answered while reading). */
    boolean hasPendingWrites() {
        return transport != null && transport.hasPendingWrites();
    }

    /**
     * Writes what the queue and the transport hold as far as the socket takes it, and asks the selector for
     * writability while anything is left.
     *
     * @param outgoing the connection's queued requests
     * @throws IOException if the socket failed
     */
    void flush(OutgoingQueue outgoing) throws IOException {
        if (transport == null || (outgoing.isEmpty() && !transport.hasPendingWrites())) {
            return;
        }
        outgoing.writeTo(transport, endpoint);
        boolean pending = !transport.flush() || !outgoing.isEmpty();
        int ops = pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Cancels the key, ends the transport, closes the socket and drops a partly read frame. */
    void close() {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (transport != null) {
            transport.close();
            transport = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("[{}] error closing socket to {}", config.clientId(), endpoint, e);
            }
            channel = null;
        }
        frames.reset();
    }
}
