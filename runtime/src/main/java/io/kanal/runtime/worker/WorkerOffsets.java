package io.kanal.runtime.worker;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.BatchResult;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.PluginResolutionException;
import io.kanal.runtime.isolation.PluginType;
import io.kanal.runtime.store.OffsetStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connectors' committed offsets (KIP-875): a source connector's in the worker's offset store, a sink connector's in its
 * consumer group ({@code connect-<name>}, or the allowed {@code consumer.override.group.id}), read and changed through
 * a short-lived admin client with the connector's admin settings. The herder decides when offsets may change (the
 * connector stopped); this class only carries the change out.
 *
 * <p><b>Threading.</b> Stateless apart from its final fields; safe from any thread. The sink methods block the caller
 * up to their timeout.
 */
public final class WorkerOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerOffsets.class);

    /** How long a change of offsets waits for a connector's own offsets store, as Connect's modification timer. */
    static final Duration MODIFY_WAIT = Duration.ofSeconds(90);

    private final OffsetStore store;
    private final WorkerResources clients;
    private final ConnectorConfigs configs;
    private final PluginRegistry registry;
    private final ConnectorOffsetStores connectorStores;

    /**
     * Creates the reader.
     *
     * @param store the worker's source offset store
     * @param clients the worker's clients, for the admin client's settings and shared resources
     * @param configs resolves config provider references in a connector's config
     * @param registry the installed plugins, which tell a sink connector from a source
     * @param connectorStores the source connectors' own offsets topics (KIP-618)
     */
    public WorkerOffsets(
            OffsetStore store,
            WorkerResources clients,
            ConnectorConfigs configs,
            PluginRegistry registry,
            ConnectorOffsetStores connectorStores) {
        this.connectorStores = Objects.requireNonNull(connectorStores, "connectorStores");
        this.store = Objects.requireNonNull(store, "store");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Whether a connector's class is an installed sink connector; an unknown class counts as a source, whose offsets
     * are the worker's own.
     *
     * @param config the connector's config
     * @return true for a sink connector
     */
    public boolean isSink(Map<String, String> config) {
        String className = config.get("connector.class");
        if (className == null) {
            return false;
        }
        try {
            return registry.resolveConnector(className, config.get("connector.plugin.version"))
                            .type()
                    == PluginType.SINK;
        } catch (PluginResolutionException e) {
            return false;
        }
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
     * A source connector's committed offsets, after reading what every worker wrote up to now (in a cluster another
     * worker runs the tasks, or the leader altered them), as Connect reads the offsets topic to its end first.
     *
     * @param connector the connector's name
     * @param timeout how long to wait for the offsets topic
     * @return offsets by source partition
     * @throws io.kanal.runtime.store.StoreException when the offsets cannot be read in time
     */
    public Map<Map<String, Object>, Map<String, Object>> source(String connector, Duration timeout) {
        store.readToEnd(timeout);
        return store.offsets(connector);
    }

    /**
     * A source connector's committed offsets as its tasks would read them (KIP-618): from its own offsets topic when
     * it has one, falling back to the worker's for partitions that topic lacks, each read to its end first.
     *
     * @param connector the connector's name
     * @param rawConfig its config as stored (provider placeholders are resolved here)
     * @param timeout how long to wait for each offsets topic
     * @return offsets by source partition
     * @throws io.kanal.runtime.store.StoreException when the offsets cannot be read in time
     */
    public Map<Map<String, Object>, Map<String, Object>> source(
            String connector, Map<String, String> rawConfig, Duration timeout) {
        if (rawConfig == null || isSink(rawConfig)) {
            return source(connector, timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> resolved =
                configs.resolveForValidation(connector, rawConfig).values();
        // a read: a missing topic is not created, and the wait for its store is the request's
        try (ConnectorOffsetStores.Lease lease = connectorStores.forRequest(connector, resolved, timeout, false)) {
            lease.offsets().readToEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            return lease.offsets().all();
        }
    }

    /**
     * Whether a source connector may have an offsets topic of its own (KIP-618), whose offsets the worker's store alone
     * cannot change. Called on the herder thread, so it looks at the stored config as it is, without calling config
     * providers: a placeholder in {@code producer.override.bootstrap.servers} counts as another cluster, which only
     * sends the change through {@link #alterSource} / {@link #resetSource}, where the resolved config decides.
     *
     * @param connector the connector's name
     * @param rawConfig its config as stored
     * @return true for a source connector that may have its own topic, and when its config cannot tell
     */
    public boolean hasOwnTopic(String connector, Map<String, String> rawConfig) {
        if (rawConfig == null || isSink(rawConfig)) {
            return false;
        }
        try {
            return connectorStores.layout(connector, rawConfig).connectorTopic().isPresent();
        } catch (RuntimeException e) {
            // an override the policy refuses (or any config problem): it may have its own topic, so the change goes
            // through alterSource / resetSource, which resolve the config and report the real error instead of
            // changing the worker's store alone while the connector's topic keeps its offsets
            LOG.debug("Cannot tell whether source connector {} has its own offsets topic", connector, e);
            return true;
        }
    }

    /**
     * Alters a stopped source connector's offsets in its own topic and the worker's (KIP-618): removals to the worker's
     * topic first, then everything to the connector's, then a best-effort copy to the worker's.
     *
     * @param connector the connector's name
     * @param rawConfig its config as stored
     * @param offsets source partition to offset, {@code null} to remove
     * @return why it failed, when it did
     */
    public Optional<String> alterSource(
            String connector, Map<String, String> rawConfig, Map<Map<String, Object>, Map<String, Object>> offsets) {
        return modifySource(connector, rawConfig, "alter", o -> o.alter(offsets));
    }

    /**
     * Resets a stopped source connector's offsets in the worker's topic and then its own (KIP-618).
     *
     * @param connector the connector's name
     * @param rawConfig its config as stored
     * @return why it failed, when it did
     */
    public Optional<String> resetSource(String connector, Map<String, String> rawConfig) {
        return modifySource(connector, rawConfig, "reset", ConnectorOffsets::reset);
    }

    private Optional<String> modifySource(
            String connector,
            Map<String, String> rawConfig,
            String verb,
            java.util.function.Consumer<ConnectorOffsets> change) {
        try {
            Map<String, String> resolved =
                    configs.resolveForValidation(connector, rawConfig).values();
            try (ConnectorOffsetStores.Lease lease =
                    connectorStores.forRequest(connector, resolved, MODIFY_WAIT, true)) {
                change.accept(lease.offsets());
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("Failed to {} offsets for source connector {}", verb, connector, e);
            // the store's message names the topic and the wait, never an offset or a config value
            return Optional.of("Failed to " + verb + " offsets: " + e.getMessage());
        }
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
        String group = group(connector, resolved);
        try (AdminClient admin = admin(connector, resolved)) {
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

    /**
     * Alters a stopped sink connector's consumer group offsets: a {@code null} offset deletes the partition's.
     *
     * @param connector the connector's name
     * @param rawConfig its config as stored
     * @param offsets {@code {"kafka_topic","kafka_partition"}} to {@code {"kafka_offset"}} or {@code null}, already
     *     validated by the API
     * @param timeout how long to wait for the broker
     * @return why it failed, when it did; Connect's message
     */
    public Optional<String> alterSink(
            String connector,
            Map<String, String> rawConfig,
            Map<Map<String, Object>, Map<String, Object>> offsets,
            Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> alter = new LinkedHashMap<>();
        Set<TopicPartition> delete = new HashSet<>();
        offsets.forEach((partition, offset) -> {
            TopicPartition tp = new TopicPartition(
                    String.valueOf(partition.get("kafka_topic")),
                    Integer.parseInt(String.valueOf(partition.get("kafka_partition"))));
            if (offset == null) {
                delete.add(tp);
            } else {
                alter.put(tp, OffsetAndMetadata.of(Long.parseLong(String.valueOf(offset.get("kafka_offset")))));
            }
        });
        return modifySink(connector, rawConfig, "alter", timeout, (admin, group) -> {
            if (!alter.isEmpty()) {
                admin.alterConsumerGroupOffsets(group, alter)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .orThrow();
            }
            if (!delete.isEmpty()) {
                admin.deleteConsumerGroupOffsets(group, delete)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .orThrow();
            }
        });
    }

    /**
     * Resets a stopped sink connector's offsets by deleting its consumer group, as Connect does; a group that does
     * not exist is already reset.
     *
     * @param connector the connector's name
     * @param rawConfig its config as stored
     * @param timeout how long to wait for the broker
     * @return why it failed, when it did; Connect's message
     */
    public Optional<String> resetSink(String connector, Map<String, String> rawConfig, Duration timeout) {
        return modifySink(connector, rawConfig, "reset", timeout, (admin, group) -> {
            BatchResult<String, Boolean> deleted =
                    admin.deleteGroups(List.of(group)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Optional<KafkaException> error = deleted.error(group);
            if (error.isPresent() && error.get().error().orElse(null) != Errors.GROUP_ID_NOT_FOUND) {
                throw error.get();
            }
        });
    }

    /** One change of a sink connector's consumer group through the admin client. */
    @FunctionalInterface
    private interface GroupChange {
        void apply(AdminClient admin, String group) throws ExecutionException, TimeoutException, InterruptedException;
    }

    private Optional<String> modifySink(
            String connector, Map<String, String> rawConfig, String verb, Duration timeout, GroupChange change) {
        try {
            Map<String, String> resolved =
                    configs.resolveForValidation(connector, rawConfig).values();
            try (AdminClient admin = admin(connector, resolved)) {
                change.apply(admin, group(connector, resolved));
            }
            return Optional.empty();
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warn("Failed to {} consumer group offsets for sink connector {}", verb, connector, cause);
            // Connect's message: the usual cause is a member of the group still alive (the tasks not gone yet). Like
            // Connect, the cause stays in the log: its text comes from the client or a config provider.
            return Optional.of("Failed to " + verb + " consumer group offsets for connector " + connector
                    + " either because its tasks haven't stopped completely yet or the connector was resumed before"
                    + " the request to " + verb + " its offsets could be successfully completed. If the connector is"
                    + " in a stopped state, this operation can be safely retried. If it doesn't eventually succeed,"
                    + " the Connect cluster may need to be restarted to get rid of the zombie sink tasks.");
        } catch (TimeoutException e) {
            return Optional.of("Timed out while attempting to " + verb + " consumer group offsets for sink connector "
                    + connector);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("Interrupted while attempting to " + verb + " offsets for sink connector " + connector);
        }
    }

    private String group(String connector, Map<String, String> resolved) {
        return String.valueOf(
                clients.consumerSettings(Owner.connector(connector), resolved).get("group.id"));
    }

    /** A short-lived admin client with the connector's admin settings, on the cluster's shared resources. */
    private AdminClient admin(String connector, Map<String, String> resolved) {
        Map<String, Object> settings = new LinkedHashMap<>(clients.adminSettings(Owner.connector(connector), resolved));
        settings.put("client.id", "connector-offsets-adminclient-" + connector);
        return AdminClient.create(settings, clients.resourcesFor(String.valueOf(settings.get("bootstrap.servers"))));
    }
}
