package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.ConfigStore;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The leader's own task-config write when it finds itself fenced out of the config topic (KIP-618): it is retried
 * until the group has settled who leads, rather than failing the connector's reconfiguration; any other store failure
 * still fails at once.
 */
class TaskConfigsThroughFencedLeaderTest {

    /** A store whose task-config writes fail with the given exceptions, then succeed. */
    private static final class Store implements ConfigStore {
        final List<RuntimeException> failures;
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> written = new ArrayList<>();

        Store(List<RuntimeException> failures) {
            this.failures = new ArrayList<>(failures);
        }

        @Override
        public void start(Listener listener) {}

        @Override
        public void putConnectorConfig(String name, Map<String, String> config, Optional<TargetState> initialState) {}

        @Override
        public void removeConnector(String name) {}

        @Override
        public void putTaskConfigs(String name, List<Map<String, String>> configs) {
            attempts.incrementAndGet();
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            written.add(name);
        }

        @Override
        public void putTargetState(String name, TargetState state) {}

        @Override
        public Snapshot snapshot() {
            return new Snapshot(Map.of(), Map.of(), Map.of());
        }

        @Override
        public void close() {}
    }

    private static TaskConfigsThroughLeader onTheLeader(Store store) {
        return new TaskConfigsThroughLeader(
                store, () -> ClusterRouting.Standalone.INSTANCE, () -> {}, "HmacSHA256", Duration.ofSeconds(20));
    }

    @Test
    void aFencedLeaderTriesAgainUntilTheGroupSaysWhoLeads() {
        Store store = new Store(List.of(
                new NotConfigLeaderException("fenced out of config topic 'c'"),
                new NotConfigLeaderException("not the leader of group 'g' (gave leadership up after being fenced)")));
        try (TaskConfigsThroughLeader writes = onTheLeader(store)) {
            writes.putTaskConfigs("c1", List.of(Map.of("k", "v")));
        }
        assertThat(store.attempts).hasValue(3);
        assertThat(store.written).containsExactly("c1");
    }

    @Test
    void anyOtherStoreFailureFailsAtOnce() {
        Store store = new Store(List.of(new StoreException("Timed out writing to topic 'c'")));
        try (TaskConfigsThroughLeader writes = onTheLeader(store)) {
            assertThatThrownBy(() -> writes.putTaskConfigs("c1", List.of()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("Timed out");
        }
        assertThat(store.attempts).hasValue(1);
    }
}
