package io.kanal.client.network;

import io.kanal.client.Endpoint;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.errors.AuthenticationException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.errors.UnsupportedVersionException;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.ThrottledResponse;
import io.kanal.client.protocol.message.ApiMessages;
import io.kanal.client.protocol.message.RequestHeader;
import io.kanal.client.protocol.message.ResponseHeader;
import io.kanal.client.protocol.wire.WireReader;
import io.kanal.client.protocol.wire.WireWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket to one broker for one {@link Lane}, and the requests queued for it. Owned by the I/O thread of its client's {@link IoLoop}:
 * every method is called on that thread only, which is why nothing here is synchronized.
 *
 * <p>Life cycle: IDLE (no socket; waits out the reconnect back-off) → CONNECTING (TCP, then the {@link Transport}'s
 * handshake: TLS's when the protocol uses it, {@link TlsChannel}) → HANDSHAKE (ApiVersions) → [AUTHENTICATING (SASL)]
 * → READY; HANDSHAKE and AUTHENTICATING are {@link ConnectionSetup}'s, which this class asks for the next state. A
 * SASL session with a lifetime is renewed before it expires (KIP-368): once the renewal is due no new request is
 * written, and when the in-flight ones are answered the connection goes back to AUTHENTICATING, then READY; nothing
 * queued is failed by it. An {@link AuthenticationException} (a failed TLS handshake or a refused SASL login) fails the
 * waiting requests with itself, not as retriable, and so does every request for this broker until the next attempt,
 * which waits far longer than a reconnect ({@link AuthenticationRefusals}).
 * Requests wait in {@link ConnectionRequests} until the connection is READY, not throttled and below its in-flight
 * limit; they are then encoded, written with a gathering write and kept there, in flight, until their response. Any
 * socket or framing failure closes the socket and fails every in-flight request as retriable with the outcome unknown;
 * requests not yet written fail as retriable with the outcome known (not sent). The socket, its transport and the
 * frames read from it are {@link BrokerSocket}'s.
 */
final class BrokerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

    enum State {
        IDLE,
        CONNECTING,
        HANDSHAKE,
        AUTHENTICATING,
        READY
    }

    private final Endpoint endpoint;
    private final Lane lane;
    private final NetworkConfig config;
    private final NetworkMetrics metrics;
    private final ExponentialBackoff backoff;
    private final ConnectionRequests requests;
    private final OutgoingQueue outgoing = new OutgoingQueue();
    /** The TCP socket, its transport (TLS or not) and the frames read from it. */
    private final BrokerSocket socket;
    /** ApiVersions, SASL and its renewal: HANDSHAKE and AUTHENTICATING. */
    private final ConnectionSetup setup;

    private State state = State.IDLE;
    private int nextCorrelationId;
    private int failures;
    private int addressIndex;
    private long nextAttemptMs;
    /** A connection was asked for ahead of any request (see {@link NetworkClient#connect}). */
    private boolean connectRequested;
    /** Something happened since the last poll (a request, a selection), so the next pass must poll. */
    private boolean touched = true;
    /** When the last poll said this connection needs attention again. */
    private long nextPollMs;

    /** When CONNECTING must be done; the later set-up's deadline is {@link ConnectionSetup#deadlineMs()}. */
    private long connectDeadlineMs;

    private long throttledUntilMs;
    private long lastActiveMs;
    /** Failed TLS handshakes and refused logins since the connection was last READY. */
    private final AuthenticationRefusals refusals = new AuthenticationRefusals();

    BrokerConnection(
            Endpoint endpoint,
            Lane lane,
            NetworkConfig config,
            NetworkMetrics metrics,
            Consumer<BrokerApiVersions> onHandshake) {
        this.endpoint = endpoint;
        this.lane = lane;
        this.config = config;
        this.metrics = metrics;
        this.backoff = new ExponentialBackoff(config.reconnectBackoffMs(), config.reconnectBackoffMaxMs());
        this.requests = new ConnectionRequests(endpoint);
        this.socket = new BrokerSocket(endpoint, config);
        this.setup = new ConnectionSetup(config, endpoint, lane, metrics, onHandshake, this::write);
    }

    State state() {
        return state;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    BrokerApiVersions versions() {
        return setup.versions();
    }

    boolean isIdle() {
        return requests.isEmpty();
    }

    void enqueue(InFlightRequest request) {
        requests.enqueue(request);
        touched = true;
    }

    /** Connects at the next poll even with nothing to send. */
    void requestConnect() {
        connectRequested = state == State.IDLE;
        touched = true;
    }

    /**
     * Polls if something happened since the last poll or its deadline came; an idle connection costs nothing more.
     *
     * @return the earliest time at which this connection needs attention again, in monotonic ms
     */
    long pollIfDue(Selector selector, long nowMs) {
        if (touched || nowMs >= nextPollMs) {
            touched = false;
            nextPollMs = poll(selector, nowMs);
        }
        return nextPollMs;
    }

    /**
     * Moves the connection forward: connects when due, writes queued requests, expires timed-out work.
     *
     * @return the earliest time at which this connection needs attention again, in monotonic ms
     */
    long poll(Selector selector, long nowMs) {
        requests.expireWaiting(nowMs, state);
        if (state == State.IDLE && refusals.last() != null && nowMs < nextAttemptMs) {
            // Certificates and credentials do not fix themselves: until the next attempt, requests for this broker
            // fail at once with the last failure (which nothing above retries) instead of waiting for their timeout.
            requests.refuseWaiting(refusals.last());
            connectRequested = false;
        }
        if (requests.hasInFlight() && expireInFlight(nowMs)) {
            return nowMs;
        }
        if (state == State.IDLE && (requests.hasWaiting() || connectRequested) && nowMs >= nextAttemptMs) {
            connectRequested = false;
            connect(selector, nowMs);
        }
        if ((state == State.CONNECTING || state == State.HANDSHAKE || state == State.AUTHENTICATING)
                && nowMs >= setupDeadlineMs()) {
            fail(
                    new TimeoutException("Connection to " + endpoint + " not set up (" + state + ") within "
                            + config.connectionSetupTimeoutMs() + " ms"),
                    nowMs);
            return nowMs;
        }
        if (state == State.READY && nowMs >= setup.renewAtMs() && !requests.hasInFlight() && outgoing.isEmpty()) {
            LOG.debug(
                    "[{}] {} ({}) re-authenticating before the SASL session expires",
                    config.clientId(),
                    endpoint,
                    lane);
            state = State.AUTHENTICATING;
            try {
                setup.authenticate(nowMs);
            } catch (AuthenticationException e) {
                fail(e, nowMs);
                return nowMs;
            }
        }
        if (state == State.READY) {
            sendWaiting(nowMs);
            if (isIdle() && outgoing.isEmpty() && nowMs - lastActiveMs >= config.connectionsMaxIdleMs()) {
                LOG.debug("[{}] closing idle connection to {} ({})", config.clientId(), endpoint, lane);
                closeSocket();
                state = State.IDLE;
                return Long.MAX_VALUE;
            }
        }
        return nextWakeup(nowMs);
    }

    private long nextWakeup(long nowMs) {
        long next = requests.earliestDeadlineMs();
        switch (state) {
            case IDLE -> {
                if (requests.hasWaiting() || connectRequested) {
                    next = Math.min(next, nextAttemptMs);
                }
            }
            case CONNECTING, HANDSHAKE, AUTHENTICATING -> next = Math.min(next, setupDeadlineMs());
            case READY -> {
                next = Math.min(next, setup.renewAtMs());
                if (requests.hasWaiting() && throttledUntilMs > nowMs) {
                    next = Math.min(next, throttledUntilMs);
                }
                if (isIdle()) {
                    next = Math.min(next, lastActiveMs + config.connectionsMaxIdleMs());
                }
            }
        }
        return next;
    }

    private long setupDeadlineMs() {
        return state == State.CONNECTING ? connectDeadlineMs : setup.deadlineMs();
    }

    private void connect(Selector selector, long nowMs) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(endpoint.host());
            InetAddress address = addresses[Math.floorMod(addressIndex++, addresses.length)];
            socket.open();
            state = State.CONNECTING;
            connectDeadlineMs = nowMs + config.connectionSetupTimeoutMs();
            if (socket.connect(new InetSocketAddress(address, endpoint.port()), selector, this)) {
                onTcpConnected(nowMs);
            }
        } catch (AuthenticationException e) {
            fail(e, nowMs);
        } catch (IOException | RuntimeException e) {
            fail(new NetworkException("Cannot connect to " + endpoint + ": " + e, false, e), nowMs);
        }
    }

    void onSelected(long nowMs) {
        touched = true;
        try {
            if (socket.isConnectable()) {
                if (!socket.finishConnect()) {
                    return;
                }
                onTcpConnected(nowMs);
            } else if (state == State.CONNECTING && socket.hasTransport()) {
                continueHandshake(nowMs);
            }
            if (state == State.CONNECTING) {
                return;
            }
            if (socket.isReadable()) {
                read(nowMs);
            }
            if (socket.isWritable()) {
                flush();
            }
        } catch (IOException e) {
            fail(new NetworkException("Connection to " + endpoint + " failed: " + e, true, e), nowMs);
        } catch (ProtocolException | AuthenticationException e) {
            fail(e, nowMs);
        } catch (RuntimeException e) {
            // A bug in decoding or completion fails this connection's requests, not the I/O thread's other clients.
            LOG.error("[{}] {} ({}) failed unexpectedly; closing it", config.clientId(), endpoint, lane, e);
            fail(new KafkaException("Connection to " + endpoint + " failed: " + e, e), nowMs);
        }
    }

    private void onTcpConnected(long nowMs) throws IOException {
        socket.startTransport();
        continueHandshake(nowMs);
    }

    private void continueHandshake(long nowMs) throws IOException {
        if (socket.handshake()) {
            onConnected(nowMs);
        }
    }

    private void onConnected(long nowMs) {
        LOG.debug("[{}] connected to {} ({})", config.clientId(), endpoint, lane);
        state = State.HANDSHAKE;
        lastActiveMs = nowMs;
        metrics.connectionOpened();
        setup.start(connectDeadlineMs, nowMs);
    }

    private void ready(long nowMs) {
        state = State.READY;
        failures = 0;
        refusals.succeeded();
        sendWaiting(nowMs);
    }

    private void sendWaiting(long nowMs) {
        while (requests.hasWaiting()
                && requests.inFlightCount() < config.maxInFlightPerConnection()
                && nowMs >= throttledUntilMs
                && nowMs < setup.renewAtMs()) {
            BrokerApiVersions versions = setup.versions();
            InFlightRequest r = requests.nextWaiting();
            short version = versions.select(r.api(), r.request.minVersion(), r.request.maxVersion());
            if (version < 0) {
                r.future.completeExceptionally(new UnsupportedVersionException("Broker " + endpoint + " supports "
                        + r.api().apiName() + " versions " + versions.range(r.api()) + ", none in "
                        + r.request.minVersion() + "-" + r.request.maxVersion() + " that Kanal accepts"));
                continue;
            }
            try {
                write(r, version, nowMs);
            } catch (KafkaException e) {
                // The body could not be encoded at this version: only this request fails.
                requests.unwritten(r);
                r.future.completeExceptionally(e);
            }
        }
    }

    private void write(InFlightRequest r, short version, long nowMs) {
        ApiMessage body = r.request.body().forVersion(version);
        ApiKey api = r.api();
        if (body.apiKey() != api) {
            throw new KafkaException("Request body for " + api.apiName() + " is a "
                    + body.apiKey().apiName());
        }
        int correlationId = nextCorrelationId++;
        RequestHeader header = new RequestHeader(api.id(), version, correlationId, config.clientId(), null);
        short headerVersion = api.requestHeaderVersion(version);
        int size = header.size(headerVersion) + body.size(version);
        // Record batches are not copied: the request goes out as a gather write of its own small parts and the
        // producer's batch buffers, which stay untouched until the response (or the connection's failure) arrives.
        ByteBuffer buffer = ByteBuffer.allocate(4 + size - GatheredBytes.of(body));
        WireWriter writer = GatheredBytes.writer(body, buffer);
        writer.writeInt32(size);
        header.write(writer, headerVersion);
        body.write(writer, version);
        if (buffer.hasRemaining()) {
            throw new KafkaException(api.apiName() + " v" + version + " encoded to fewer bytes than its size");
        }
        ByteBuffer[] segments = writer.segments();
        r.version = version;
        r.correlationId = correlationId;
        r.sentNanos = System.nanoTime();
        if (r.request.expectsResponse()) {
            requests.written(r);
        }
        outgoing.add(r, segments);
        metrics.bytesOut(4 + size);
        lastActiveMs = nowMs;
        if (LOG.isTraceEnabled()) {
            LOG.trace(
                    "[{}] sending {} v{} correlation {} to {}",
                    config.clientId(),
                    api.apiName(),
                    version,
                    correlationId,
                    endpoint);
        }
        flushQuietly(nowMs);
    }

    private void flushQuietly(long nowMs) {
        try {
            flush();
        } catch (IOException e) {
            fail(new NetworkException("Connection to " + endpoint + " failed: " + e, true, e), nowMs);
        }
    }

    private void flush() throws IOException {
        socket.flush(outgoing);
    }

    private void read(long nowMs) throws IOException {
        for (ByteBuffer complete; (complete = socket.readFrame()) != null; ) {
            metrics.bytesIn(complete.remaining() + 4);
            lastActiveMs = nowMs;
            onFrame(complete, nowMs);
        }
        if (socket.hasPendingWrites()) {
            flush(); // a TLS 1.3 key update answered while reading
        }
    }

    private void onFrame(ByteBuffer buffer, long nowMs) {
        InFlightRequest r = requests.oldestInFlight();
        if (r == null) {
            throw new ProtocolException("Unexpected response from " + endpoint + ": no request is in flight");
        }
        WireReader reader = new WireReader(buffer);
        short headerVersion = r.api().responseHeaderVersion(r.version);
        ResponseHeader header = ResponseHeader.read(reader, headerVersion);
        if (header.correlationId() != r.correlationId) {
            throw new ProtocolException("Correlation id mismatch from " + endpoint + ": expected " + r.correlationId
                    + " for " + r.api().apiName() + ", got " + header.correlationId());
        }
        requests.answered();
        if (setup.owns(r)) {
            State next = setup.onResponse(r, reader, buffer, nowMs);
            if (state == State.IDLE) {
                return; // writing the next set-up request failed the connection
            }
            if (next == State.READY) {
                ready(nowMs);
            } else {
                state = next;
            }
            return;
        }
        ApiMessage body;
        try {
            body = ApiMessages.readResponse(r.api(), reader, r.version);
        } catch (ProtocolException e) {
            r.future.completeExceptionally(e);
            throw e;
        }
        metrics.requestCompleted(r.api(), endpoint, System.nanoTime() - r.sentNanos);
        if (body instanceof ThrottledResponse t && t.throttleTimeMs() > 0) {
            throttledUntilMs = Math.max(throttledUntilMs, nowMs + t.throttleTimeMs());
        }
        r.future.complete(new ApiResponse(body, r.version, endpoint, r.correlationId));
    }

    private boolean expireInFlight(long nowMs) {
        InFlightRequest r = requests.firstExpiredInFlight(nowMs);
        if (r == null) {
            return false;
        }
        if (setup.owns(r)) {
            fail(
                    new TimeoutException(
                            "Connection to " + endpoint + " not set up within " + config.connectionSetupTimeoutMs()
                                    + " ms (no " + r.api().apiName() + " response)"),
                    nowMs);
        } else {
            // Responses come in order, so a late one would arrive after later requests' responses are due:
            // the only safe recovery is a new connection, as Kafka's own client does.
            fail(
                    new TimeoutException(r.api().apiName() + " request (correlation " + r.correlationId + ") to "
                            + endpoint + " got no response within " + config.requestTimeoutMs() + " ms"),
                    nowMs);
        }
        return true;
    }

    /** Closes the socket and fails every request: written ones with the outcome unknown, waiting ones as unsent. */
    void fail(KafkaException cause, long nowMs) {
        long unansweredOneWay = outgoing.unansweredOneWay();
        if (unansweredOneWay > 0 && !(cause instanceof TimeoutException)) {
            // A broker answers a request it rejects without a response (Produce with acks=0) by closing the
            // connection; the requests written before the close were completed at write time, so this is the only
            // trace their loss leaves.
            LOG.warn(
                    "[{}] {} ({}) lost after {} requests sent without a response (acks=0): the broker closes the"
                            + " connection when it rejects one, so records of the latest may be lost: {}",
                    config.clientId(),
                    endpoint,
                    lane,
                    unansweredOneWay,
                    cause.getMessage());
            metrics.oneWayConnectionLost();
        } else if (cause instanceof AuthenticationException) {
            LOG.warn("[{}] {} ({}): {}", config.clientId(), endpoint, lane, cause.getMessage());
        } else {
            LOG.info("[{}] {} ({}): {}", config.clientId(), endpoint, lane, cause.getMessage());
        }
        boolean connected = state == State.HANDSHAKE || state == State.AUTHENTICATING || state == State.READY;
        requests.failPartlyWritten(outgoing.clear(), cause);
        closeSocket();
        state = State.IDLE;
        failures = connected ? 1 : failures + 1;
        if (cause instanceof AuthenticationException auth) {
            // The one place for a failed TLS handshake or a refused login: no retry storm, and the callers learn why
            // at once (see poll) until the next attempt.
            metrics.authenticationFailed();
            nextAttemptMs = refusals.failed(auth, nowMs, config.reconnectBackoffMaxMs());
        } else {
            refusals.otherFailure();
            nextAttemptMs = nowMs + backoff.delayMs(failures);
        }
        requests.failAll(cause, setup::owns);
        metrics.connectionFailed(endpoint);
    }

    /** Fails everything with the given exception and closes the socket, for client shutdown. */
    void abort(KafkaException cause) {
        requests.failPartlyWritten(outgoing.clear(), cause);
        closeSocket();
        state = State.IDLE;
        requests.abortAll(cause);
    }

    private void closeSocket() {
        setup.socketClosed();
        if (state == State.HANDSHAKE || state == State.AUTHENTICATING || state == State.READY) {
            metrics.connectionClosed();
        }
        socket.close();
        outgoing.clear();
        throttledUntilMs = 0;
    }
}
