package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.Endpoint;
import io.kanal.client.common.Time;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ApiVersionsResponse;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.client.protocol.message.MetadataResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile-peer tests: each fault gives the right error, closes that connection, never hangs, and leaves the client
 * able to use new and other connections.
 */
class NetworkClientFaultTest {
    private final NetworkClient client = new NetworkClient(
            NetworkConfig.defaults("fault-test").withRequestTimeoutMs(1_000).withMaxFrameBytes(1024 * 1024),
            new NetworkMetrics(new MetricRegistry()),
            Time.SYSTEM);

    @AfterEach
    void close() {
        client.close();
    }

    private static ApiRequest metadata() {
        return ApiRequest.of(
                ApiKey.METADATA,
                v -> MetadataRequest.builder().topics(List.of()).build());
    }

    private static MetadataResponse metadataResponse() {
        return MetadataResponse.builder().clusterId("scripted").build();
    }

    private CompletableFuture<ApiResponse> send(ScriptedBroker broker) {
        return client.send(broker.endpoint(), Lane.GENERAL, metadata());
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("request neither completed nor failed in time", e);
        }
        throw new AssertionError("request succeeded but should have failed");
    }

    /** The first Metadata request meets the fault; later ones, on a new connection, are answered properly. */
    private static ScriptedBroker faultyOnFirstConnection(ScriptedBroker.Script fault) throws Exception {
        return new ScriptedBroker((c, header, body) -> {
            if (header.requestApiKey() != ApiKey.METADATA.id()) {
                return false;
            }
            if (c.number == 1) {
                return fault.onRequest(c, header, body);
            }
            c.respond(header, metadataResponse(), header.requestApiVersion());
            return true;
        });
    }

    @Test
    void frameOverTheSizeLimitClosesTheConnection() throws Exception {
        try (ScriptedBroker broker = faultyOnFirstConnection((c, header, body) -> {
            c.writeRaw(ByteBuffer.allocate(4).putInt(512 * 1024 * 1024).array());
            return true;
        })) {
            Throwable error = failure(send(broker));
            assertThat(error).isInstanceOf(NetworkException.class);
            assertThat(((NetworkException) error).outcomeUnknown()).isTrue();
            assertThat(error.getCause()).isInstanceOf(ProtocolException.class).hasMessageContaining("frame size");
            assertThat(send(broker).get(10, TimeUnit.SECONDS).body()).isEqualTo(metadataResponse());
            assertThat(broker.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void truncatedFrameFailsTheRequestAsOutcomeUnknown() throws Exception {
        try (ScriptedBroker broker = faultyOnFirstConnection((c, header, body) -> {
            c.writeRaw(ByteBuffer.allocate(14)
                    .putInt(100)
                    .putInt(header.correlationId())
                    .array());
            c.close();
            return true;
        })) {
            Throwable error = failure(send(broker));
            assertThat(error).isInstanceOf(NetworkException.class).hasMessageContaining("middle of a response");
            assertThat(((NetworkException) error).outcomeUnknown()).isTrue();
            assertThat(send(broker).get(10, TimeUnit.SECONDS).body()).isEqualTo(metadataResponse());
        }
    }

    @Test
    void wrongCorrelationIdIsAProtocolErrorThatFailsEveryInFlightRequest() throws Exception {
        try (ScriptedBroker broker = faultyOnFirstConnection((c, header, body) -> {
            c.respond(header.correlationId() + 1000, metadataResponse(), header.requestApiVersion(), ApiKey.METADATA);
            return true;
        })) {
            Throwable error = failure(send(broker));
            assertThat(error).isInstanceOf(NetworkException.class);
            assertThat(((NetworkException) error).outcomeUnknown()).isTrue();
            assertThat(error.getCause()).isInstanceOf(ProtocolException.class).hasMessageContaining("Correlation id");
            assertThat(send(broker).get(10, TimeUnit.SECONDS).body()).isEqualTo(metadataResponse());
        }
    }

    @Test
    void responseThatNeverComesTimesOutAndClosesTheConnection() throws Exception {
        try (ScriptedBroker broker = faultyOnFirstConnection((c, header, body) -> true)) {
            long start = System.nanoTime();
            Throwable error = failure(send(broker));
            assertThat(error).isInstanceOf(TimeoutException.class).hasMessageContaining("no response within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(send(broker).get(10, TimeUnit.SECONDS).body()).isEqualTo(metadataResponse());
            assertThat(broker.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void garbageBodyFailsThatRequestWithAProtocolException() throws Exception {
        try (ScriptedBroker broker = faultyOnFirstConnection((c, header, body) -> {
            // A valid header (correlation id, no tagged fields) followed by a body cut short.
            byte[] garbage = new byte[] {0, 0, 0, 10, 0, 0, 0, 0, 0, 0x7f, -1, -1, -1, -1};
            ByteBuffer.wrap(garbage).putInt(4, header.correlationId());
            c.writeRaw(garbage);
            return true;
        })) {
            Throwable error = failure(send(broker));
            assertThat(error).isInstanceOf(ProtocolException.class).hasMessageContaining("MetadataResponse");
            assertThat(send(broker).get(10, TimeUnit.SECONDS).body()).isEqualTo(metadataResponse());
        }
    }

    @Test
    void garbageHeaderClosesTheConnectionAsAProtocolError() throws Exception {
        try (ScriptedBroker broker = faultyOnFirstConnection((c, header, body) -> {
            c.writeRaw(new byte[] {0, 0, 0, 6, 1, 2, 3, 4, 5, 6});
            return true;
        })) {
            Throwable error = failure(send(broker));
            assertThat(error).isInstanceOf(NetworkException.class);
            assertThat(error.getCause()).isInstanceOf(ProtocolException.class);
            assertThat(send(broker).get(10, TimeUnit.SECONDS).body()).isEqualTo(metadataResponse());
        }
    }

    @Test
    void aFaultOnOneConnectionLeavesOthersUnharmed() throws Exception {
        try (ScriptedBroker silent = new ScriptedBroker((c, h, b) -> h.requestApiKey() == ApiKey.METADATA.id());
                ScriptedBroker healthy = faultyOnFirstConnection((c, header, body) -> {
                    c.respond(header, metadataResponse(), header.requestApiVersion());
                    return true;
                })) {
            CompletableFuture<ApiResponse> stuck = send(silent);
            for (int i = 0; i < 20; i++) {
                assertThat(send(healthy).get(10, TimeUnit.SECONDS).body()).isEqualTo(metadataResponse());
            }
            assertThat(stuck).isNotDone();
            assertThat(failure(stuck)).isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void brokerThatRejectsOurApiVersionsVersionIsAskedAgainLower() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker((c, header, body) -> {
            if (header.requestApiKey() == ApiKey.API_VERSIONS.id() && header.requestApiVersion() > 2) {
                ApiVersionsResponse rejection = ApiVersionsResponse.builder()
                        .errorCode(Errors.UNSUPPORTED_VERSION.code())
                        .apiKeys(List.of(new ApiVersionsResponse.ApiVersion(
                                ApiKey.API_VERSIONS.id(), (short) 0, (short) 2, List.of())))
                        .build();
                c.respond(header.correlationId(), rejection, (short) 0, ApiKey.API_VERSIONS);
                return true;
            }
            if (header.requestApiKey() == ApiKey.METADATA.id()) {
                c.respond(header, metadataResponse(), header.requestApiVersion());
                return true;
            }
            return false;
        })) {
            assertThat(send(broker).get(10, TimeUnit.SECONDS).body()).isEqualTo(metadataResponse());
            assertThat(broker.apiVersionsVersionsSeen())
                    .containsExactly(ApiKey.API_VERSIONS.highestVersion(), (short) 2);
        }
    }

    @Test
    void brokerThatRejectsApiVersionsWithoutALowerVersionFailsInsteadOfLooping() throws Exception {
        try (ScriptedBroker broker = new ScriptedBroker((c, header, body) -> {
            if (header.requestApiKey() != ApiKey.API_VERSIONS.id()) {
                return false;
            }
            ApiVersionsResponse rejection = ApiVersionsResponse.builder()
                    .errorCode(Errors.UNSUPPORTED_VERSION.code())
                    .apiKeys(List.of(new ApiVersionsResponse.ApiVersion(
                            ApiKey.API_VERSIONS.id(), (short) 0, ApiKey.API_VERSIONS.highestVersion(), List.of())))
                    .build();
            c.respond(header.correlationId(), rejection, (short) 0, ApiKey.API_VERSIONS);
            return true;
        })) {
            Throwable error = failure(send(broker));
            assertThat(error).isInstanceOf(NetworkException.class);
            assertThat(error.getCause())
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("without offering a lower version");
            assertThat(broker.apiVersionsVersionsSeen()).containsExactly(ApiKey.API_VERSIONS.highestVersion());
        }
    }

    @Test
    void unreachableBrokerFailsWaitingRequestsAsNotSent() throws Exception {
        ScriptedBroker gone = new ScriptedBroker((c, h, b) -> false);
        Endpoint endpoint = gone.endpoint();
        gone.close();
        Throwable error = failure(client.send(endpoint, Lane.GENERAL, metadata()));
        assertThat(error).isInstanceOf(NetworkException.class);
        assertThat(((NetworkException) error).outcomeUnknown()).isFalse();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> failure(client.send(endpoint, Lane.GENERAL, metadata())) instanceof NetworkException);
    }
}
