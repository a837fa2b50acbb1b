package io.kanal.client.network;

import io.kanal.client.Endpoint;
import io.kanal.client.errors.AuthenticationException;
import io.kanal.client.errors.SaslAuthenticationException;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ApiMessages;
import io.kanal.client.protocol.wire.WireReader;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set-up of one {@link BrokerConnection} once its transport is open: ApiVersions (HANDSHAKE, retried at the
 * version the broker names), then SASL when configured (AUTHENTICATING, see {@link SaslSession}), and the SASL
 * session's renewal on the open connection (KIP-368). It owns the one set-up request in flight, which no caller waits
 * for, and the broker's API versions; the connection writes the requests, matches the responses and owns the state.
 *
 * <p>Owned by the I/O thread of its connection.
 */
final class ConnectionSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSetup.class);

    /** Writes a set-up request on the connection, as it writes any other. */
    @FunctionalInterface
    interface Writer {
        void write(InFlightRequest request, short version, long nowMs);
    }

    private final NetworkConfig config;
    private final Endpoint endpoint;
    private final Lane lane;
    private final Consumer<BrokerApiVersions> onHandshake;
    private final Writer writer;
    /** The SASL side of the connection, or null without SASL. */
    private final SaslSession sasl;

    private InFlightRequest request;
    private long deadlineMs;
    private BrokerApiVersions versions;

    ConnectionSetup(
            NetworkConfig config,
            Endpoint endpoint,
            Lane lane,
            NetworkMetrics metrics,
            Consumer<BrokerApiVersions> onHandshake,
            Writer writer) {
        this.config = config;
        this.endpoint = endpoint;
        this.lane = lane;
        this.onHandshake = onHandshake;
        this.writer = writer;
        this.sasl = config.sasl() == null ? null : new SaslSession(config.sasl(), endpoint, metrics);
    }

    /**
     * The transport is open: sends ApiVersions at the highest version Kanal knows.
     *
     * @param deadlineMs when the whole set-up must be done (the connection's setup timeout), in monotonic ms
     * @param nowMs now, in monotonic ms
     */
    void start(long deadlineMs, long nowMs) {
        this.deadlineMs = deadlineMs;
        sendApiVersions(ApiKey.API_VERSIONS.highestVersion(), nowMs);
    }

    /**
     * Starts a SASL exchange on the open connection to renew the session, or after ApiVersions.
     *
     * @param nowMs now, in monotonic ms
     * @throws AuthenticationException if the broker supports no SASL version Kanal speaks
     */
    void authenticate(long nowMs) {
        deadlineMs = nowMs + Math.max(config.connectionSetupTimeoutMs(), config.requestTimeoutMs());
        sendSasl(sasl.start(nowMs), nowMs);
    }

    /**
     * Whether a request is the set-up's own, which is matched and failed differently from the callers'.
     *
     * @param r a request in flight
     * @return true for the set-up request in flight
     */
    boolean owns(InFlightRequest r) {
        return r != null && r == request;
    }

    /**
     * Takes the response to the set-up request in flight and sends the next one if there is one.
     *
     * @param r the set-up request it answers
     * @param reader the response body
     * @param buffer the whole frame (ApiVersions may need to read it again at version 0)
     * @param nowMs now, in monotonic ms
     * @return the connection's next state: HANDSHAKE or AUTHENTICATING while set-up goes on, READY once it is done
     * @throws AuthenticationException if the login failed
     */
    BrokerConnection.State onResponse(InFlightRequest r, WireReader reader, ByteBuffer buffer, long nowMs) {
        request = null;
        if (r.api() == ApiKey.API_VERSIONS) {
            return onApiVersions(r.version, reader, buffer, nowMs);
        }
        ApiRequest next = sasl.onResponse(ApiMessages.readResponse(r.api(), reader, r.version));
        if (next != null) {
            sendSasl(next, nowMs);
            return BrokerConnection.State.AUTHENTICATING;
        }
        LOG.debug(
                "[{}] {} ({}) {} as {} with SASL {}; renewal due in {} ms",
                config.clientId(),
                endpoint,
                lane,
                sasl.lastWasRenewal() ? "re-authenticated" : "authenticated",
                sasl.settings().principal(),
                sasl.settings().mechanism(),
                renewAtMs() == Long.MAX_VALUE ? "never" : renewAtMs() - nowMs);
        return BrokerConnection.State.READY;
    }

    private BrokerConnection.State onApiVersions(short sent, WireReader reader, ByteBuffer buffer, long nowMs) {
        ApiVersionsHandshake.Outcome outcome = ApiVersionsHandshake.read(reader, buffer, sent, endpoint);
        if (outcome.versions() == null) {
            LOG.debug(
                    "[{}] {} does not support ApiVersions v{}, retrying at v{}",
                    config.clientId(),
                    endpoint,
                    sent,
                    outcome.retryVersion());
            sendApiVersions(outcome.retryVersion(), nowMs);
            return BrokerConnection.State.HANDSHAKE;
        }
        versions = outcome.versions();
        onHandshake.accept(versions);
        if (sasl != null) {
            authenticate(nowMs);
            return BrokerConnection.State.AUTHENTICATING;
        }
        LOG.debug("[{}] {} ({}) ready", config.clientId(), endpoint, lane);
        return BrokerConnection.State.READY;
    }

    /**
     * When the session must be renewed; no request may be written from then until the renewal succeeded.
     *
     * @return monotonic ms, MAX_VALUE without SASL or when the session does not expire
     */
    long renewAtMs() {
        return sasl == null ? Long.MAX_VALUE : sasl.renewAtMs();
    }

    /**
     * When the set-up in progress must be done.
     *
     * @return monotonic ms
     */
    long deadlineMs() {
        return deadlineMs;
    }

    /**
     * The broker's API versions.
     *
     * @return the versions, or null before ApiVersions was answered on this socket
     */
    BrokerApiVersions versions() {
        return versions;
    }

    /** The socket closed: a new one starts from ApiVersions and a first authentication. */
    void socketClosed() {
        request = null;
        versions = null;
        if (sasl != null) {
            sasl.socketClosed();
        }
    }

    private void sendApiVersions(short version, long nowMs) {
        send(ApiRequest.of(ApiVersionsHandshake.request()), version, nowMs);
    }

    private void sendSasl(ApiRequest next, long nowMs) {
        short version = versions.select(next.api(), next.minVersion(), next.maxVersion());
        if (version < 0) {
            throw new SaslAuthenticationException(
                    sasl.settings().mechanism(),
                    "broker " + endpoint + " supports " + next.api().apiName() + " versions "
                            + versions.range(next.api()) + ", none in " + next.minVersion() + "-"
                            + next.maxVersion());
        }
        send(next, version, nowMs);
    }

    private void send(ApiRequest next, short version, long nowMs) {
        request = new InFlightRequest(next, new CompletableFuture<>(), deadlineMs, System.nanoTime());
        writer.write(request, version, nowMs);
    }
}
