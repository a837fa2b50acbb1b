package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.common.Time;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.SaslAuthenticationException;
import io.kanal.client.network.sasl.SaslSettings;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.MetadataRequest;
import io.kanal.client.protocol.message.MetadataResponse;
import io.kanal.client.protocol.message.SaslAuthenticateRequest;
import io.kanal.client.protocol.message.SaslAuthenticateResponse;
import io.kanal.client.protocol.message.SaslHandshakeRequest;
import io.kanal.client.protocol.message.SaslHandshakeResponse;
import io.kanal.client.protocol.wire.WireReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection's SASL step against a scripted broker that behaves as Kafka's does (KIP-152, KIP-368): it accepts
 * PLAIN for {@code u}/{@code p}, gives sessions a short lifetime, and closes a connection that sends anything but a
 * SaslHandshake once its session has expired.
 */
class SaslConnectionTest {
    private static final long SESSION_MS = 1_000;

    private final MetricRegistry registry = new MetricRegistry();
    private NetworkClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private NetworkClient client(String password) {
        client = new NetworkClient(
                NetworkConfig.defaults("sasl-test")
                        .withRequestTimeoutMs(5_000)
                        .withSasl(SaslSettings.from("PLAIN", null, "u", password, null)),
                new NetworkMetrics(registry),
                Time.SYSTEM);
        return client;
    }

    /** A broker that records what each connection sent, in order. */
    private static ScriptedBroker saslBroker(List<String> seen) throws Exception {
        long[] sessionEndsNanos = {Long.MAX_VALUE};
        return new ScriptedBroker((c, header, body) -> {
            ApiKey api = ApiKey.forId(header.requestApiKey());
            short version = header.requestApiVersion();
            seen.add(c.number + ":" + api.apiName());
            switch (api) {
                case SASL_HANDSHAKE -> {
                    String mechanism = SaslHandshakeRequest.read(new WireReader(body), version)
                            .mechanism();
                    short error = mechanism.equals("PLAIN") ? 0 : Errors.UNSUPPORTED_SASL_MECHANISM.code();
                    c.respond(header, new SaslHandshakeResponse(error, List.of("PLAIN")), version);
                    return true;
                }
                case SASL_AUTHENTICATE -> {
                    ByteBuffer bytes = SaslAuthenticateRequest.read(new WireReader(body), version)
                            .authBytes();
                    byte[] raw = new byte[bytes.remaining()];
                    bytes.get(raw);
                    boolean ok = new String(raw, StandardCharsets.UTF_8).equals("\0u\0p");
                    sessionEndsNanos[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SESSION_MS);
                    c.respond(
                            header,
                            SaslAuthenticateResponse.builder()
                                    .errorCode(ok ? 0 : Errors.SASL_AUTHENTICATION_FAILED.code())
                                    .errorMessage(ok ? null : "Authentication failed: Invalid username or password")
                                    .authBytes(ByteBuffer.allocate(0))
                                    .sessionLifetimeMs(ok ? SESSION_MS : 0)
                                    .build(),
                            version);
                    return true;
                }
                case METADATA -> {
                    if (System.nanoTime() > sessionEndsNanos[0]) {
                        seen.add(c.number + ":EXPIRED");
                        c.close();
                        return true;
                    }
                    c.respond(
                            header, MetadataResponse.builder().clusterId("sasl").build(), version);
                    return true;
                }
                default -> {
                    return false;
                }
            }
        });
    }

    private static ApiRequest metadata() {
        return ApiRequest.of(
                ApiKey.METADATA,
                v -> MetadataRequest.builder().topics(List.of()).build());
    }

    @Test
    void authenticatesAfterApiVersionsAndRenewsTheSessionBetweenRequests() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ScriptedBroker broker = saslBroker(seen)) {
            NetworkClient network = client("p");
            long start = System.nanoTime();
            int answered = 0;
            // Requests back to back, five at a time, for four session lifetimes: none may fail or meet an expired
            // session, and the one connection must renew its session in between.
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(4 * SESSION_MS)) {
                List<CompletableFuture<ApiResponse>> batch = List.of(
                        network.send(broker.endpoint(), Lane.GENERAL, metadata()),
                        network.send(broker.endpoint(), Lane.GENERAL, metadata()),
                        network.send(broker.endpoint(), Lane.GENERAL, metadata()),
                        network.send(broker.endpoint(), Lane.GENERAL, metadata()),
                        network.send(broker.endpoint(), Lane.GENERAL, metadata()));
                for (CompletableFuture<ApiResponse> f : batch) {
                    assertThat(f.get(10, TimeUnit.SECONDS).body()).isInstanceOf(MetadataResponse.class);
                    answered++;
                }
            }
            assertThat(answered).isPositive();
            assertThat(broker.connectionCount()).isEqualTo(1);
            assertThat(seen).doesNotContain("1:EXPIRED");
            assertThat(seen.subList(0, 3)).containsExactly("1:ApiVersions", "1:SaslHandshake", "1:SaslAuthenticate");
            // Every renewal is a SaslHandshake followed directly by a SaslAuthenticate.
            // (The last one may still be in progress when the loop ends.)
            for (int i = 0; i + 1 < seen.size(); i++) {
                if (seen.get(i).equals("1:SaslHandshake")) {
                    assertThat(seen.get(i + 1)).isEqualTo("1:SaslAuthenticate");
                }
            }
            long renewals = seen.stream().filter("1:SaslAuthenticate"::equals).count() - 1;
            assertThat(renewals).isGreaterThanOrEqualTo(3);
            assertThat(registry.counter("network.reauthentications").getCount()).isBetween(renewals - 1, renewals);
            assertThat(registry.counter("network.authentications").getCount()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedLoginFailsTheRequestsWithTheMechanismAndTheBrokersReasonAndIsNotRetriedAtOnce() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ScriptedBroker broker = saslBroker(seen)) {
            NetworkClient network = client("wrong");
            Throwable first = failure(network.send(broker.endpoint(), Lane.GENERAL, metadata()));
            assertThat(first)
                    .isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("PLAIN")
                    .hasMessageContaining("Invalid username or password")
                    .hasMessageNotContaining("wrong");
            assertThat(((SaslAuthenticationException) first).error()).contains(Errors.SASL_AUTHENTICATION_FAILED);
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThat(failure(network.send(broker.endpoint(), Lane.GENERAL, metadata())))
                        .isSameAs(first);
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
            assertThat(broker.connectionCount()).isEqualTo(1);
            assertThat(seen).doesNotContain("1:Metadata");
            assertThat(registry.counter("network.authentication-failures").getCount())
                    .isEqualTo(1);
        }
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the request should have failed");
    }
}
