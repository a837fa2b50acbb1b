package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.common.Time;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.client.protocol.message.MetadataResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Throttling (KIP-219), idle connections and the connection-setup timeout, against a scripted broker. */
class NetworkClientTimingTest {
    private static final ApiRequest METADATA = ApiRequest.of(
            ApiKey.METADATA, v -> MetadataRequest.builder().topics(List.of()).build());

    private static NetworkConfig config(int setupTimeoutMs, long idleMs) {
        NetworkConfig d = NetworkConfig.defaults("timing-test");
        return new NetworkConfig(
                d.clientId(),
                5_000,
                setupTimeoutMs,
                d.reconnectBackoffMs(),
                d.reconnectBackoffMaxMs(),
                idleMs,
                d.maxInFlightPerConnection(),
                d.maxFrameBytes(),
                d.sendBufferBytes(),
                d.receiveBufferBytes(),
                d.submissionQueueCapacity());
    }

    @Test
    void throttledConnectionSendsNothingUntilTheThrottleTimeHasPassed() throws Exception {
        List<Long> receivedAt = new CopyOnWriteArrayList<>();
        try (ScriptedBroker broker = new ScriptedBroker((c, header, body) -> {
                    if (header.requestApiKey() != ApiKey.METADATA.id()) {
                        return false;
                    }
                    receivedAt.add(System.nanoTime());
                    int throttle = receivedAt.size() == 1 ? 600 : 0;
                    c.respond(
                            header,
                            MetadataResponse.builder().throttleTimeMs(throttle).build(),
                            header.requestApiVersion());
                    return true;
                });
                NetworkClient client = new NetworkClient(
                        config(5_000, 60_000), new NetworkMetrics(new MetricRegistry()), Time.SYSTEM)) {
            client.send(broker.endpoint(), Lane.GENERAL, METADATA).get(10, TimeUnit.SECONDS);
            client.send(broker.endpoint(), Lane.GENERAL, METADATA).get(10, TimeUnit.SECONDS);
            assertThat(receivedAt).hasSize(2);
            assertThat(Duration.ofNanos(receivedAt.get(1) - receivedAt.get(0)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(550));
        }
    }

    @Test
    void oneWayRequestCompletesOnceWrittenWithoutAResponse() throws Exception {
        List<Short> received = new CopyOnWriteArrayList<>();
        try (ScriptedBroker broker = new ScriptedBroker((c, header, body) -> {
                    if (header.requestApiKey() == ApiKey.METADATA.id()) {
                        received.add(header.requestApiKey());
                        return true;
                    }
                    return false;
                });
                NetworkClient client = new NetworkClient(
                        config(5_000, 60_000), new NetworkMetrics(new MetricRegistry()), Time.SYSTEM)) {
            ApiResponse response = client.send(broker.endpoint(), Lane.GENERAL, METADATA.withoutResponse())
                    .get(10, TimeUnit.SECONDS);
            assertThat(response.body()).isNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
            // Nothing waits for an answer: a request after it is not held back by the missing response.
            ApiResponse second = client.send(broker.endpoint(), Lane.GENERAL, METADATA.withoutResponse())
                    .get(10, TimeUnit.SECONDS);
            assertThat(second.correlationId()).isGreaterThan(response.correlationId());
        }
    }

    @Test
    void aConnectionClosedAfterOneWayRequestsIsCountedAsAPossibleLoss() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        List<Integer> connections = new CopyOnWriteArrayList<>();
        try (ScriptedBroker broker = new ScriptedBroker((c, header, body) -> {
                    if (header.requestApiKey() != ApiKey.METADATA.id()) {
                        return false;
                    }
                    connections.add(c.number);
                    c.close(); // what a broker does with an acks=0 request it rejects
                    return true;
                });
                NetworkClient client =
                        new NetworkClient(config(5_000, 60_000), new NetworkMetrics(registry), Time.SYSTEM)) {
            client.send(broker.endpoint(), Lane.GENERAL, METADATA.withoutResponse())
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.counter("network.one-way-connection-losses")
                                    .getCount()
                            == 1);
            // A request that expects an answer learns of the loss itself, and is not counted.
            CompletableFuture<ApiResponse> answered = client.send(broker.endpoint(), Lane.GENERAL, METADATA);
            assertThatThrownBy(() -> answered.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NetworkException.class);
            assertThat(registry.counter("network.one-way-connection-losses").getCount())
                    .isEqualTo(1);
            assertThat(connections).hasSize(2);
        }
    }

    @Test
    void idleConnectionIsClosedAndReopenedOnDemand() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        try (ScriptedBroker broker = new ScriptedBroker((c, header, body) -> {
                    if (header.requestApiKey() != ApiKey.METADATA.id()) {
                        return false;
                    }
                    c.respond(header, MetadataResponse.builder().build(), header.requestApiVersion());
                    return true;
                });
                NetworkClient client =
                        new NetworkClient(config(5_000, 300), new NetworkMetrics(registry), Time.SYSTEM)) {
            client.send(broker.endpoint(), Lane.GENERAL, METADATA).get(10, TimeUnit.SECONDS);
            assertThat(registry.counter("network.connections").getCount()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.closedConnectionCount() == 1);
            assertThat(registry.counter("network.connections").getCount()).isZero();
            client.send(broker.endpoint(), Lane.GENERAL, METADATA).get(10, TimeUnit.SECONDS);
            assertThat(broker.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void handshakeThatNeverCompletesHitsTheSetupTimeout() throws Exception {
        // The broker accepts the connection but never answers ApiVersions.
        try (ScriptedBroker broker = new ScriptedBroker((c, header, body) -> true);
                NetworkClient client =
                        new NetworkClient(config(400, 60_000), new NetworkMetrics(new MetricRegistry()), Time.SYSTEM)) {
            try {
                client.send(broker.endpoint(), Lane.GENERAL, METADATA).get(10, TimeUnit.SECONDS);
                throw new AssertionError("the request succeeded without a handshake");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(io.kanal.client.errors.NetworkException.class);
                assertThat(e.getCause().getCause())
                        .isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("not set up within 400 ms");
            }
        }
    }
}
