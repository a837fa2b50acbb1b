package io.kanal.runtime.worker;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.store.OffsetStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads connectors' committed offsets for {@code GET /connectors/{c}/offsets} (KIP-875): a source connector's from the
 * worker's offset store, a sink connector's from its consumer group ({@code connect-<name>}, or the allowed {@code
 * consumer.override.group.id}) through a short-lived admin client with the connector's admin settings.
 *
 * <p><b>Threading.</b> Stateless apart from its final fields; safe from any thread. {@link #sink} blocks the caller up
 * to its timeout.
 */
public final class WorkerOffsets {

    private final OffsetStore store;
    private final WorkerResources clients;
    private final ConnectorConfigs configs;

    /**
     * Creates the reader.
     *
     * @param store the worker's source offset store
     * @param clients the worker's clients, for the admin client's settings and shared resources
     * @param configs resolves config provider references in a connector's config
     */
    public WorkerOffsets(OffsetStore store, WorkerResources clients, ConnectorConfigs configs) {
        this.store = Objects.requireNonNull(store, "store");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.configs = Objects.requireNonNull(configs, "configs");
    }

    /**
     * A source connector's committed offsets.
     *
     * @param connector the connector's name
     * @return offsets by source partition
     */
    public Map<Map<String, Object>, Map<String, Object>> source(String connector) {
        return store.offsets(connector);
    }

    /**
     * A sink connector's committed consumer group offsets.
     *
     * @param connector the connector's name
     * @param rawConfig its config as stored (provider placeholders are resolved here, for the admin client only)
     * @param timeout how long to wait for the broker
     * @return the next offset to consume, by topic partition
     * @throws TimeoutException when the broker did not answer in time
     * @throws ExecutionException when the broker refused
     * @throws InterruptedException when interrupted
     */
    public Map<TopicPartition, Long> sink(String connector, Map<String, String> rawConfig, Duration timeout)
            throws TimeoutException, ExecutionException, InterruptedException {
        Map<String, String> resolved =
                configs.resolveForValidation(connector, rawConfig).values();
        Owner owner = Owner.connector(connector);
        String group = String.valueOf(clients.consumerSettings(owner, resolved).get("group.id"));
        Map<String, Object> settings = new LinkedHashMap<>(clients.adminSettings(owner, resolved));
        settings.put("client.id", "connector-offsets-adminclient-" + connector);
        try (AdminClient admin =
                AdminClient.create(settings, clients.resourcesFor(String.valueOf(settings.get("bootstrap.servers"))))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group, Optional.empty())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    out.put(partition, offset.offset());
                }
            });
            return out;
        }
    }
}
