package io.kanal.client.network;

import io.kanal.client.errors.SslAuthenticationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS over a non-blocking socket with an {@link SSLEngine}: the byte channel a {@link BrokerConnection} reads frames
 * from and gather-writes requests to when its protocol uses TLS (a plaintext connection uses its socket directly, so
 * its path is unchanged). Nothing here blocks; a call does what the socket allows and says so.
 *
 * <p>Reads decrypt into a buffer of one TLS record, or straight into the caller's buffer when it has room for a whole
 * record (a large response frame), so most fetched bytes are copied once, by the cipher. A read returns short only
 * when everything decryptable was delivered: what is left is part of a record, and the socket will be readable again
 * when the rest arrives, so a selector never waits on bytes already here.
 *
 * <p>Writes encrypt as many records as fit in the outgoing buffer from the caller's buffers at once (the engine packs a
 * record from several buffers: the gather write of a Produce request's parts and record batches becomes records
 * without an intermediate copy), then write it. A write reports the plaintext bytes consumed; encrypted bytes the
 * socket did not take yet wait here ({@link #hasPendingWrites()}) and go first on the next call or {@link #flush()}.
 *
 * <p>Delegated tasks (certificate checks, key agreement) run inline on the I/O thread: they take a few milliseconds,
 * once per connection, and a client has a handful of long-lived connections; handing them to an executor would add a
 * thread hop and a wakeup for no gain. (Revocation checking, which could block on the network, is off by default.)
 *
 * <p>Renegotiation is refused: after the handshake, a TLS 1.2 peer asking for another one fails the connection. TLS
 * 1.3 post-handshake messages (session tickets, key updates) are handled. Closing sends close_notify if the socket
 * takes it.
 *
 * <p>Owned by the connection's I/O thread.
 */
final class TlsChannel implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(TlsChannel.class);
    /** How many TLS records the outgoing buffer holds: one socket write per this many. */
    private static final int RECORDS_PER_WRITE = 4;

    /** No application data, for a wrap that only produces handshake or close records; this channel's own. */
    private final ByteBuffer[] nothing = {ByteBuffer.allocate(0)};

    private final ByteChannel socket;
    private final SSLEngine engine;
    private final String peer;
    /** Encrypted bytes read and not yet decrypted; write mode. */
    private ByteBuffer netIn;
    /** Decrypted bytes not yet delivered; write mode. */
    private ByteBuffer appIn;
    /** Encrypted bytes not yet written; read mode. */
    private final ByteBuffer netOut;

    private boolean handshakeDone;
    private boolean applicationDataSeen;
    private boolean inboundClosed;
    private boolean open = true;

    /**
     * Wraps a connected socket; the handshake starts with the first {@link #handshake()}.
     *
     * @param socket the connected, non-blocking socket
     * @param engine a client-mode engine ({@link TlsConfig#newEngine})
     * @param peer the broker, for messages
     */
    TlsChannel(ByteChannel socket, SSLEngine engine, String peer) {
        this.socket = socket;
        this.engine = engine;
        this.peer = peer;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocateDirect(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocateDirect(packet * RECORDS_PER_WRITE).flip();
    }

    /**
     * Moves the handshake forward as far as the socket allows.
     *
     * @return true once the handshake is complete and its last bytes are written
     * @throws SslAuthenticationException if the handshake failed (untrusted or mismatched certificate, an alert, bytes
     *     that are not TLS)
     * @throws IOException if the socket failed or the peer closed it
     */
    @Override
    public boolean handshake() throws IOException {
        try {
            if (!handshakeDone && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                engine.beginHandshake();
            }
            while (!handshakeDone) {
                if (!flush()) {
                    return false; // the peer may be waiting for these bytes before it sends anything
                }
                HandshakeStatus status = engine.getHandshakeStatus();
                switch (status) {
                    case NEED_TASK -> runDelegatedTasks();
                    case NEED_WRAP -> {
                        wrap(nothing, 0, 1);
                        if (!flush()) {
                            return false;
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrapHandshake()) {
                            return false;
                        }
                    }
                    case FINISHED, NOT_HANDSHAKING -> handshakeDone = true;
                }
            }
            return flush();
        } catch (SSLException e) {
            throw TlsFailures.handshakeFailed(peer, e);
        }
    }

    /** Unwraps one handshake record; false if the socket has no more bytes for now. */
    private boolean unwrapHandshake() throws IOException {
        SSLEngineResult result = unwrap(appIn);
        switch (result.getStatus()) {
            case OK -> {
                return true;
            }
            case BUFFER_OVERFLOW -> {
                appIn = grow(
                        appIn,
                        Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize()));
                return true;
            }
            case BUFFER_UNDERFLOW -> {
                netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                int n = readSocket();
                if (n < 0) {
                    throw new IOException("connection closed by " + peer + " during the TLS handshake");
                }
                return n > 0;
            }
            default -> throw new SSLException("the peer closed the TLS session during the handshake");
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int total = 0;
        try {
            while (true) {
                total += drainApplicationData(dst);
                if (!dst.hasRemaining()) {
                    return total;
                }
                if (inboundClosed) {
                    return total > 0 ? total : -1;
                }
                if (netIn.position() > 0) {
                    // Straight into the caller's buffer when a whole record fits: no copy out of appIn.
                    boolean direct = dst.remaining() >= engine.getSession().getApplicationBufferSize();
                    SSLEngineResult result = unwrap(direct ? dst : appIn);
                    if (direct) {
                        total += result.bytesProduced();
                    }
                    if (result.bytesProduced() > 0) {
                        applicationDataSeen = true;
                    }
                    afterHandshake(result);
                    if (unwrapped(result)) {
                        continue;
                    }
                }
                int n = readSocket();
                if (n < 0) {
                    return total > 0 ? total : -1;
                }
                if (n == 0) {
                    return total;
                }
            }
        } catch (SSLException e) {
            if (!applicationDataSeen) {
                // With TLS 1.3 the client finishes its side of the handshake before the broker checks the client's
                // certificate: a refusal arrives as an alert on the first read.
                throw TlsFailures.handshakeFailed(peer, e);
            }
            throw e;
        }
    }

    /** Whether an unwrap made progress; grows the buffer that stopped it. */
    private boolean unwrapped(SSLEngineResult result) {
        switch (result.getStatus()) {
            case OK -> {
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            }
            case CLOSED -> {
                inboundClosed = true;
                return true;
            }
            case BUFFER_OVERFLOW -> {
                // appIn is drained before every unwrap, so it is too small for a record: never for the caller's
                // buffer, which is only used when a record fits.
                appIn = grow(
                        appIn,
                        Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize()));
                return true;
            }
            default -> {
                netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                return false;
            }
        }
    }

    /** Post-handshake messages: TLS 1.3 key updates are answered, anything that would start a handshake is refused. */
    private void afterHandshake(SSLEngineResult result) throws IOException {
        HandshakeStatus status = result.getHandshakeStatus();
        if (status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED) {
            return;
        }
        if (status == HandshakeStatus.NEED_TASK) {
            runDelegatedTasks();
            status = engine.getHandshakeStatus();
        }
        if (status == HandshakeStatus.NEED_WRAP
                && "TLSv1.3".equals(engine.getSession().getProtocol())) {
            wrap(nothing, 0, 1); // a KeyUpdate answer
            flush();
            return;
        }
        if (status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED) {
            // Not an SSLException: the session was fine, the peer asked for something Kanal does not do.
            throw new IOException(peer + " asked for TLS renegotiation, which Kanal refuses");
        }
    }

    private int drainApplicationData(ByteBuffer dst) {
        if (appIn.position() == 0) {
            return 0;
        }
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        appIn.compact();
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long consumed = 0;
        while (flush() && remaining(srcs, offset, length)) {
            long n = wrap(srcs, offset, length);
            if (n == 0 && !netOut.hasRemaining()) {
                throw new IOException("the TLS session with " + peer + " is closed");
            }
            consumed += n;
        }
        return consumed;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    /** Encrypts as many records as the outgoing buffer holds; returns the plaintext bytes consumed. */
    private long wrap(ByteBuffer[] srcs, int offset, int length) throws SSLException {
        long consumed = 0;
        int packet = engine.getSession().getPacketBufferSize();
        netOut.compact();
        try {
            do {
                SSLEngineResult result = engine.wrap(srcs, offset, length, netOut);
                if (result.getStatus() == Status.CLOSED && !handshakeDone) {
                    throw new SSLException("the TLS session with " + peer + " closed during the handshake");
                }
                if (result.getStatus() != Status.OK) {
                    break;
                }
                consumed += result.bytesConsumed();
                if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                }
            } while (handshakeDone && netOut.remaining() >= packet && remaining(srcs, offset, length));
        } finally {
            netOut.flip();
        }
        return consumed;
    }

    /**
     * Writes encrypted bytes waiting from earlier calls.
     *
     * @return true if none are left
     * @throws IOException if the socket failed
     */
    @Override
    public boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (socket.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether encrypted bytes wait for the socket: the connection keeps asking for writability until they are gone.
     *
     * @return true if {@link #flush()} has work
     */
    @Override
    public boolean hasPendingWrites() {
        return netOut.hasRemaining();
    }

    private int readSocket() throws IOException {
        if (!netIn.hasRemaining()) {
            // Full of one partial record: only a peer whose records outgrew the session's announced size does that.
            netIn = grow(netIn, netIn.capacity() * 2);
        }
        return socket.read(netIn);
    }

    private SSLEngineResult unwrap(ByteBuffer dst) throws SSLException {
        netIn.flip();
        try {
            return engine.unwrap(netIn, dst);
        } finally {
            netIn.compact();
        }
    }

    private void runDelegatedTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    private static boolean remaining(ByteBuffer[] buffers, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (buffers[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /** The buffer, or a copy of its content in a new one of {@code capacity} bytes if it is smaller. */
    private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
        if (buffer.capacity() >= capacity) {
            return buffer;
        }
        ByteBuffer bigger = buffer.isDirect() ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        return bigger.put(buffer.flip());
    }

    /**
     * Ends the session: sends close_notify if the socket takes it now, without waiting for the peer's. The socket is
     * the caller's to close.
     */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        engine.closeOutbound();
        try {
            if (flush()) {
                wrap(nothing, 0, 1);
                flush();
            }
        } catch (IOException e) {
            // The socket is closed next anyway; close_notify is a courtesy the peer may not get.
            LOG.debug("close_notify to {} not sent: {}", peer, e.toString());
        }
    }

    @Override
    public boolean isOpen() {
        return open && socket.isOpen();
    }
}
