package io.kanal.client.network;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.kanal.client.Endpoint;
import io.kanal.client.protocol.ApiKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The network layer's metrics, in the client's registry: request rate and latency per API and per broker, bytes in
 * and out, connection failures. Names: {@code network.request.<Api>}, {@code network.broker.<id>.request},
 * {@code network.bytes-in}, {@code network.bytes-out}, {@code network.connection-failures},
 * {@code network.connections} (open now),
 * {@code network.authentications}, {@code network.reauthentications} (SASL sessions renewed on open connections),
 * {@code network.authentication-failures} (refused SASL logins and failed TLS handshakes, as Kafka counts them).
 * Thread-safe.
 */
public final class NetworkMetrics {
    private final MetricRegistry registry;
    private final Map<ApiKey, Timer> perApi = new EnumMap<>(ApiKey.class);
    private final Map<Integer, Timer> perBroker = new ConcurrentHashMap<>();
    private final Meter bytesIn;
    private final Meter bytesOut;
    private final Counter connectionFailures;
    private final Counter openConnections;
    private final Counter oneWayConnectionLosses;
    private final Counter authentications;
    private final Counter reauthentications;
    private final Counter authenticationFailures;

    /**
     * Registers the metrics.
     *
     * @param registry the client's registry
     */
    public NetworkMetrics(MetricRegistry registry) {
        this.registry = registry;
        for (ApiKey api : ApiKey.values()) {
            perApi.put(api, registry.timer("network.request." + api.apiName()));
        }
        this.bytesIn = registry.meter("network.bytes-in");
        this.bytesOut = registry.meter("network.bytes-out");
        this.connectionFailures = registry.counter("network.connection-failures");
        this.openConnections = registry.counter("network.connections");
        this.oneWayConnectionLosses = registry.counter("network.one-way-connection-losses");
        this.authentications = registry.counter("network.authentications");
        this.reauthentications = registry.counter("network.reauthentications");
        this.authenticationFailures = registry.counter("network.authentication-failures");
    }

    /**
     * The registry the metrics live in.
     *
     * @return the registry
     */
    public MetricRegistry registry() {
        return registry;
    }

    void requestCompleted(ApiKey api, Endpoint endpoint, long nanos) {
        perApi.get(api).update(nanos, TimeUnit.NANOSECONDS);
        perBroker
                .computeIfAbsent(endpoint.nodeId(), id -> registry.timer("network.broker." + id + ".request"))
                .update(nanos, TimeUnit.NANOSECONDS);
    }

    void bytesIn(int n) {
        bytesIn.mark(n);
    }

    void bytesOut(int n) {
        bytesOut.mark(n);
    }

    void connectionFailed(Endpoint endpoint) {
        connectionFailures.inc();
    }

    /** A connection that carried requests without responses (acks=0 produce) failed: some may be lost. */
    void oneWayConnectionLost() {
        oneWayConnectionLosses.inc();
    }

    /**
     * A SASL exchange succeeded.
     *
     * @param renewal whether it renewed the session of an open connection (KIP-368)
     */
    void authenticated(boolean renewal) {
        (renewal ? reauthentications : authentications).inc();
    }

    void authenticationFailed() {
        authenticationFailures.inc();
    }

    void connectionOpened() {
        openConnections.inc();
    }

    void connectionClosed() {
        openConnections.dec();
    }
}
