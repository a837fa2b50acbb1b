package io.kanal.client.network;

import io.kanal.client.Endpoint;
import io.kanal.client.errors.AuthenticationException;
import io.kanal.client.network.sasl.SaslSettings;
import io.kanal.client.protocol.ApiMessage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The SASL side of one {@link BrokerConnection}: the exchange in progress and when the session must be renewed
 * (KIP-368). A refused login is the connection's business, like a failed TLS handshake ({@link AuthenticationRefusals}).
 * The connection decides when requests are written; this class decides
 * what the SASL requests are and what the broker's answers mean.
 *
 * <p>Owned by the I/O thread of its connection.
 */
final class SaslSession {
    private final SaslSettings settings;
    private final Endpoint endpoint;
    private final NetworkMetrics metrics;
    private SaslAuthenticator exchange;
    private long startedMs;
    private long renewAtMs = Long.MAX_VALUE;
    /** This socket authenticated once already: the next exchange is a renewal. */
    private boolean authenticatedBefore;

    private boolean lastWasRenewal;

    SaslSession(SaslSettings settings, Endpoint endpoint, NetworkMetrics metrics) {
        this.settings = settings;
        this.endpoint = endpoint;
        this.metrics = metrics;
    }

    SaslSettings settings() {
        return settings;
    }

    /**
     * Starts an exchange, after ApiVersions or to renew the session of an open connection.
     *
     * @param nowMs now, in monotonic ms: the session's lifetime counts from here
     * @return the first request (SaslHandshake)
     */
    ApiRequest start(long nowMs) {
        startedMs = nowMs;
        renewAtMs = Long.MAX_VALUE;
        exchange = new SaslAuthenticator(settings, endpoint);
        return exchange.start();
    }

    /**
     * Takes the broker's answer to the last SASL request.
     *
     * @param body the decoded response
     * @return the next request, or null once authenticated
     * @throws AuthenticationException if the login failed
     */
    ApiRequest onResponse(ApiMessage body) {
        ApiRequest next = exchange.onResponse(body);
        if (next != null) {
            return next;
        }
        lastWasRenewal = authenticatedBefore;
        authenticatedBefore = true;
        metrics.authenticated(lastWasRenewal);
        long lifetime = exchange.sessionLifetimeMs();
        if (lifetime > 0) {
            // Kafka's client renews at a random point between 85 % and 95 % of the lifetime, so that the connections
            // of many clients do not all renew at once and a renewal has time to finish before the broker's deadline.
            double fraction = 0.85 + 0.10 * ThreadLocalRandom.current().nextDouble();
            renewAtMs = startedMs + (long) (lifetime * fraction);
        }
        exchange = null;
        return null;
    }

    /**
     * Whether the exchange that just succeeded renewed a session.
     *
     * @return true for a re-authentication
     */
    boolean lastWasRenewal() {
        return lastWasRenewal;
    }

    /**
     * When the session must be renewed; no request may be written from then until the renewal succeeded.
     *
     * @return monotonic ms, MAX_VALUE when the session does not expire
     */
    long renewAtMs() {
        return renewAtMs;
    }

    /** The socket closed: a new one starts with a first authentication. */
    void socketClosed() {
        exchange = null;
        renewAtMs = Long.MAX_VALUE;
        authenticatedBefore = false;
    }

    @Override
    public String toString() {
        return "SaslSession[" + settings + " to " + endpoint + "]";
    }
}
