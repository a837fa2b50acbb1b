package io.kanal.runtime.worker;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.KafkaConfigStore;
import io.kanal.runtime.store.kafka.NotConfigLeaderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A distributed worker's {@link ZombieFencing.Cluster}: its config topic, and an admin client made per round with the
 * connector's admin settings (the worker's, then the connector's allowed {@code admin.override.*}), as Connect fences
 * with the connector's admin. Rounds are rare (one per new task generation), so the client is not kept.
 *
 * <p><b>Threading.</b> Called by {@link ZombieFencing}, one round at a time; holds no state of its own.
 */
final class FencingCluster implements ZombieFencing.Cluster {

    private final KafkaConfigStore store;
    private final WorkerResources clients;
    private final ConnectorConfigs configs;
    private final Duration timeout;

    /**
     * @param store the config topic
     * @param clients creates the admin client
     * @param configs resolves the connector's config providers
     * @param timeout how long a read to the end or a fencing call may take
     */
    FencingCluster(KafkaConfigStore store, WorkerResources clients, ConnectorConfigs configs, Duration timeout) {
        this.store = Objects.requireNonNull(store, "store");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public ConfigSnapshot readToEnd() {
        store.readToEnd(timeout);
        return store.configSnapshot();
    }

    @Override
    public BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> transactionalIds)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, String> raw = store.configSnapshot().connectorConfigs().getOrDefault(connector, Map.of());
        Map<String, String> config = configs.resolve(connector, raw).values();
        try (AdminClient admin = clients.admin(Owner.connector(connector), config)) {
            return admin.fenceProducers(transactionalIds).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void requireLeader(String connector) {
        if (!store.leadsForWrites()) {
            throw new NotConfigLeaderException("This worker does not lead the config topic (any more), so it does not"
                    + " fence the zombie tasks of connector '" + connector + "'; the leader does, retry there");
        }
    }

    @Override
    public void putTaskCountRecord(String connector, int taskCount) {
        store.putTaskCountRecord(connector, taskCount);
    }
}
