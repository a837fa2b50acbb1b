package io.kanal.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.isolation.PluginPath;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.worker.fixture.SeqSourceConnector;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterServiceFencingTest {

    private final PluginRegistry registry = PluginRegistry.load(
            PluginPath.parse(""),
            new PluginRegistry.Builtins(List.of(SeqSourceConnector.class.getName()), Map.of(), "1.0"));

    @AfterEach
    void close() {
        registry.close();
    }

    /** Whether the worker leads; how often its rounds were asked for. */
    private boolean leader = true;

    private final AtomicInteger rounds = new AtomicInteger();

    /** A clustered worker running source connector c, whose fencing rounds end as {@code round} does. */
    private WorkerApi worker(CompletableFuture<Void> round) {
        HerderView.ConnectorView c = new HerderView.ConnectorView(
                "c",
                Map.of("connector.class", SeqSourceConnector.class.getName()),
                TargetState.RUNNING,
                Status.of(StatusState.RUNNING, "w:8083"),
                List.of());
        HerderView view = new HerderView(1, "w:8083", false, new TreeMap<>(Map.of("c", c)));
        ClusterRouting routing = (ClusterRouting) Proxy.newProxyInstance(
                ClusterRouting.class.getClassLoader(), new Class<?>[] {ClusterRouting.class}, (proxy, m, args) -> {
                    if (m.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, m, args);
                    }
                    return m.getReturnType() == Optional.class
                            ? Optional.empty()
                            : m.getName().equals("isLeader") && leader;
                });
        return (WorkerApi) Proxy.newProxyInstance(
                WorkerApi.class.getClassLoader(), new Class<?>[] {WorkerApi.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "view":
                            return view;
                        case "registry":
                            return registry;
                        case "routing":
                            return routing;
                        case "fenceZombies":
                            rounds.incrementAndGet();
                            return round;
                        default:
                            if (m.isDefault()) {
                                return InvocationHandler.invokeDefault(proxy, m, args);
                            }
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    private ClusterService service(CompletableFuture<Void> round) {
        WorkerApi worker = worker(round);
        return new ClusterService(worker, Duration.ofMillis(50), new ConnectorService(worker, Duration.ofMillis(50)));
    }

    @Test
    void aWorkerThatIsNotTheLeaderFencesNothingAndAnswersConnects409() {
        leader = false; // the forwarding filter saw it lead; a rebalance moved the leadership since

        assertThatThrownBy(
                        () -> service(CompletableFuture.completedFuture(null)).fenceZombies("c"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ApiException.CONFLICT))
                .hasMessage("Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
        assertThat(rounds).hasValue(0);
    }

    @Test
    void aRoundStillRunningAtTheRequestTimeoutIsA503TheFollowerRetries() {
        assertThatThrownBy(() -> service(new CompletableFuture<>()).fenceZombies("c"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ApiException.UNAVAILABLE))
                .hasMessageContaining("Request timed out")
                .hasMessageContaining("'c'");
    }

    @Test
    void theRoundsOwnAnswerIsKeptAndAnyOtherFailureIsA500() {
        assertThatThrownBy(() -> service(CompletableFuture.failedFuture(
                                new ApiException(ApiException.CONFLICT, "not the config topic's leader")))
                        .fenceZombies("c"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ApiException.CONFLICT));
        assertThatThrownBy(() -> service(CompletableFuture.failedFuture(new IllegalStateException("bug")))
                        .fenceZombies("c"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ApiException.INTERNAL));
    }
}
