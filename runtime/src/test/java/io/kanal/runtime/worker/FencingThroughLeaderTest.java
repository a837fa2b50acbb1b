package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.api.InternalRequestSigning;
import io.kanal.runtime.api.SessionKey;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FencingThroughLeaderTest {

    private static final SessionKey KEY = new SessionKey(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256", Instant.EPOCH);

    @Test
    void putsToTheLeadersFenceEndpointWithTheConnectorPathEncoded() {
        HttpRequest request = FencingThroughLeader.request(
                "http://leader:8083/", "my source/1", Optional.empty(), "HmacSHA256", Duration.ofSeconds(5));

        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.uri()).isEqualTo(URI.create("http://leader:8083/connectors/my%20source%2F1/fence"));
        assertThat(FencingThroughLeader.uri("http://leader:8083", "c"))
                .isEqualTo(URI.create("http://leader:8083/connectors/c/fence"));
    }

    @Test
    void isSignedOverTheEmptyBodyAsConnectSignsIt() throws Exception {
        HttpRequest request = FencingThroughLeader.request(
                "http://leader:8083/", "c", Optional.of(KEY), "HmacSHA256", Duration.ofSeconds(5));

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.key(), KEY.algorithm()));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        assertThat(request.headers().firstValue(InternalRequestSigning.SIGNATURE_HEADER))
                .hasValue(expected);
        assertThat(request.headers().firstValue(InternalRequestSigning.SIGNATURE_ALGORITHM_HEADER))
                .hasValue("HmacSHA256");
    }

    @Test
    void isUnsignedWithoutASessionKey() {
        HttpRequest request = FencingThroughLeader.request(
                "http://leader:8083/", "c", Optional.empty(), "HmacSHA256", Duration.ofSeconds(5));

        assertThat(request.headers().firstValue(InternalRequestSigning.SIGNATURE_HEADER))
                .isEmpty();
    }

    /** A worker that leads, as far as the group says. */
    private static ClusterRouting leading() {
        return (ClusterRouting) Proxy.newProxyInstance(
                ClusterRouting.class.getClassLoader(), new Class<?>[] {ClusterRouting.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getReturnType() == Optional.class) {
                        return Optional.empty();
                    }
                    return method.getName().equals("isLeader");
                });
    }

    @Test
    void aLocalRoundThatFailsBecauseThisWorkerLostTheConfigTopicIsAskedForAgainNotTheTasksFailure() throws Exception {
        FencingTopic topic = new FencingTopic().connector("c").tasks("c", 2);
        AtomicInteger writes = new AtomicInteger();
        ZombieFencing.Cluster cluster = new ZombieFencing.Cluster() {
            @Override
            public synchronized ConfigSnapshot readToEnd() {
                return topic.snapshot();
            }

            @Override
            public BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> ids) {
                return new BatchResult<>(Map.of(), Map.of());
            }

            @Override
            public synchronized void putTaskCountRecord(String connector, int taskCount) {
                if (writes.incrementAndGet() == 1) {
                    throw new NotConfigLeaderException("fenced out of the config topic by a newer leader");
                }
                topic.taskCountRecord(connector, taskCount);
            }
        };
        FencingRetry retry = new FencingRetry(Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(10));
        FencingRounds rounds = new FencingRounds(
                new ZombieFencing(cluster, () -> "g", retry, System::currentTimeMillis),
                1,
                "w1:8083",
                Duration.ofSeconds(10));
        try (FencingThroughLeader fencing = new FencingThroughLeader(
                rounds, FencingThroughLeaderTest::leading, "HmacSHA256", Duration.ofSeconds(10))) {
            fencing.accept("c");
        }

        assertThat(writes).hasValue(2);
        synchronized (cluster) {
            assertThat(topic.snapshot().taskCountRecords()).containsEntry("c", 2);
        }
    }
}
