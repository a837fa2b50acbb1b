package io.kanal.runtime.worker;

import io.kanal.api.source.OffsetReader;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaOffsetStore;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.task.ExactlyOnceMode;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets stores of a worker's source connectors: the worker's own store, and one {@link KafkaOffsetStore} per
 * connector-specific offsets topic (KIP-618), keyed by cluster and topic and shared by every connector and task of this
 * worker that uses it (records are keyed by connector, so connectors may share a topic). A connector-specific store is
 * started on first use: the topic is created when missing, with the worker's {@code offset.storage.partitions} and
 * {@code offset.storage.replication.factor} (compacted, as Connect creates it), then read to its end, {@code
 * read_committed}. It stays open until the worker closes.
 *
 * <p>Thread-safe: task build threads and REST threads ask for stores; the map is guarded by this object's monitor, and
 * a store is started under it (a first start blocks other first uses, never the herder thread, which only gets
 * {@link #reader lazy readers}).
 */
public final class ConnectorOffsetStores implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorOffsetStores.class);

    private final OffsetStore worker;
    private final WorkerResources clients;
    private final Map<String, String> workerConfig;
    private final boolean exactlyOnce;
    private final boolean permitted;
    private final Map<StoreKey, KafkaOffsetStore> stores = new HashMap<>();
    private boolean closed;

    /**
     * Creates the registry.
     *
     * @param worker the worker's offset store (the secondary of connector-specific stores)
     * @param clients the worker's clients: producer settings and shared cluster resources
     * @param workerConfig the worker's config
     * @param connectorTopicsPermitted whether connectors may have their own offsets topics (distributed mode; Connect
     *     does not permit them in standalone mode)
     */
    public ConnectorOffsetStores(
            OffsetStore worker,
            WorkerResources clients,
            Map<String, String> workerConfig,
            boolean connectorTopicsPermitted) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.workerConfig = Map.copyOf(workerConfig);
        this.exactlyOnce = ExactlyOnceMode.fromWorkerConfig(workerConfig).transactionalTasks();
        this.permitted = connectorTopicsPermitted;
    }

    /**
     * Where a connector's offsets are.
     *
     * @param connector the connector's name
     * @param connectorConfig its resolved config
     * @return the layout
     */
    OffsetStoreLayout layout(String connector, Map<String, String> connectorConfig) {
        if (!permitted) {
            return OffsetStoreLayout.WORKER_ONLY;
        }
        Object bootstrap = clients.producerSettings(Owner.connector(connector), connectorConfig)
                .get("bootstrap.servers");
        return OffsetStoreLayout.of(workerConfig, connectorConfig, String.valueOf(bootstrap), exactlyOnce, true);
    }

    /**
     * A connector's offsets, its own topic's store started (and the topic created) when it has one. Blocks while a
     * store starts: call it off the herder thread.
     *
     * @param connector the connector's name
     * @param connectorConfig its resolved config
     * @return the connector's offsets
     * @throws StoreException when its own topic cannot be created or read
     */
    public ConnectorOffsets forConnector(String connector, Map<String, String> connectorConfig) {
        OffsetStoreLayout layout = layout(connector, connectorConfig);
        if (layout.connectorTopic().isEmpty()) {
            return new ConnectorOffsets(worker, connector);
        }
        OffsetStoreLayout.ConnectorTopic topic = layout.connectorTopic().get();
        Map<String, Object> producer = clients.producerSettings(Owner.connector(connector), connectorConfig);
        return new ConnectorOffsets(store(topic, producer), topic.topic(), worker, connector);
    }

    /**
     * A connector's offset reader that finds its stores on first use, for the connector's own context: the herder
     * thread creates it and must not wait for a topic.
     *
     * @param connector the connector's name
     * @param connectorConfig resolves its config, on first use
     * @return the reader
     */
    public OffsetReader reader(String connector, Supplier<Map<String, String>> connectorConfig) {
        AtomicReference<ConnectorOffsets> bound = new AtomicReference<>();
        return new OffsetReader() {
            private ConnectorOffsets offsets() {
                return bound.updateAndGet(b -> b != null ? b : forConnector(connector, connectorConfig.get()));
            }

            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return offsets().offset(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                return offsets().offsets(partitions);
            }
        };
    }

    private synchronized KafkaOffsetStore store(OffsetStoreLayout.ConnectorTopic topic, Map<String, Object> producer) {
        if (closed) {
            throw new IllegalStateException("the worker's offset stores are closed");
        }
        KafkaStoreSettings settings =
                KafkaStoreSettings.from(workerConfig).forConnectorOffsets(topic.topic(), producer);
        StoreKey key = StoreKey.of(topic, settings);
        KafkaOffsetStore store = stores.get(key);
        if (store != null) {
            return store;
        }
        store = new KafkaOffsetStore(settings, clients.resourcesFor(topic.bootstrapServers()));
        try {
            store.start();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info("Connector-specific offsets topic '{}' on {} started", topic.topic(), topic.bootstrapServers());
        stores.put(key, store);
        return store;
    }

    /** Closes the connector-specific stores; the worker's store is its owner's. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (KafkaOffsetStore store : stores.values()) {
            store.close();
        }
        stores.clear();
    }

    /**
     * What tells one connector-specific store from another: the cluster, the topic and the client settings the store's
     * clients use on that cluster (security settings included: connectors that reach the same topic with other
     * credentials get stores of their own, never the first caller's). Its {@link #toString} names the cluster and the
     * topic only, never a setting.
     *
     * @param cluster the cluster's key
     * @param topic the offsets topic
     * @param client the store's client settings
     */
    record StoreKey(String cluster, String topic, Map<String, Object> client) {

        /**
         * The key of a store.
         *
         * @param topic the connector's topic
         * @param settings the store's settings
         * @return the key
         */
        static StoreKey of(OffsetStoreLayout.ConnectorTopic topic, KafkaStoreSettings settings) {
            return new StoreKey(
                    WorkerResources.clusterKey(topic.bootstrapServers()),
                    topic.topic(),
                    java.util.Collections.unmodifiableMap(new java.util.HashMap<>(settings.clientProperties())));
        }

        @Override
        public String toString() {
            return cluster + "/" + topic;
        }
    }
}
