package io.kanal.runtime.worker;

import io.kanal.api.source.OffsetReader;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.TopicDescription;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaOffsetStore;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.task.ExactlyOnceMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets stores of a worker's source connectors: the worker's own store, and one {@link KafkaOffsetStore} per
 * connector-specific offsets topic (KIP-618), keyed by cluster, topic and client settings and shared by every connector
 * and task of this worker that uses it (records are keyed by connector, so connectors may share a topic).
 *
 * <p><b>Lifecycle.</b> A connector-specific store is opened by a {@link Lease}: a task holds one from its build to the
 * closing of its clients, a connector instance's {@link #reader reader} from its first read to the instance's stop, a
 * REST request for the request. The first lease starts the store on {@code kanal-offsets-store-start-<n>}: the topic is
 * created when missing, with the worker's {@code offset.storage.partitions} and {@code
 * offset.storage.replication.factor} (compacted, as Connect creates it), then read to its end, {@code read_committed}.
 * When the last lease of a store is closed, the store is closed (its consumer, producer and tail thread end): as
 * Connect stops a task's {@code ConnectorOffsetBackingStore} with the task, and a request's with the request, a deleted
 * or moved connector leaves no clients behind. A read ({@link #forRequest} without {@code createTopic}) never creates
 * a topic: a connector whose topic does not exist has only the offsets of the worker's store.
 *
 * <p><b>Threading.</b> Thread-safe: task build threads, connector threads, operations threads and REST threads open and
 * close leases. The map and the lease counts are guarded by this object's monitor, which is never held while a store
 * starts or closes: a store starts once (the first lease), on a start thread, while every lease of it waits for the
 * start outside the monitor (a REST request at most its timeout); lookups of other stores are never blocked by it.
 */
public final class ConnectorOffsetStores implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorOffsetStores.class);

    private final OffsetStore worker;
    private final WorkerResources clients;
    private final Map<String, String> workerConfig;
    private final boolean exactlyOnce;
    private final boolean permitted;
    private final ExecutorService starts;
    /** Guarded by this object's monitor, as {@link Entry#leases} and {@link #closed}. */
    private final Map<StoreKey, Entry> stores = new HashMap<>();

    private boolean closed;

    /** One connector-specific store: started once, closed when its last lease is. */
    private static final class Entry {
        final CompletableFuture<KafkaOffsetStore> started = new CompletableFuture<>();
        int leases;
    }

    /**
     * A hold on a connector's offsets: while it is open, the stores it reads are open. Close it once; closing again
     * does nothing.
     */
    public static final class Lease implements AutoCloseable {
        private final ConnectorOffsets offsets;
        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(ConnectorOffsets offsets, Runnable release) {
            this.offsets = offsets;
            this.release = release;
        }

        /**
         * The connector's offsets.
         *
         * @return the offsets, usable until this lease is closed
         */
        public ConnectorOffsets offsets() {
            return offsets;
        }

        /** Gives the hold up: the last one of a connector-specific store closes it. */
        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        }
    }

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
        AtomicInteger threads = new AtomicInteger();
        this.starts = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kanal-offsets-store-start-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
     * A task's hold on its connector's offsets, its own topic's store started (and the topic created) when it has one.
     * Blocks while the store starts: call it off the herder thread.
     *
     * @param connector the connector's name
     * @param connectorConfig its resolved config
     * @return the lease; the task closes it when it ends
     * @throws StoreException when its own topic cannot be created or read
     */
    public Lease forTask(String connector, Map<String, String> connectorConfig) {
        return open(connector, connectorConfig, null, true);
    }

    /**
     * A request's hold on a connector's offsets, waiting at most {@code wait} for its own topic's store to start.
     *
     * @param connector the connector's name
     * @param connectorConfig its resolved config
     * @param wait how long the caller may wait for the store (the request's timeout)
     * @param createTopic whether a missing topic is created (a change of offsets); a read never creates one and then
     *     sees the worker's store only
     * @return the lease; the caller closes it when the request ends
     * @throws OffsetsStoreNotReadyException when the store did not start within {@code wait}
     * @throws StoreException when its own topic cannot be created or read
     */
    public Lease forRequest(String connector, Map<String, String> connectorConfig, Duration wait, boolean createTopic) {
        return open(connector, connectorConfig, Objects.requireNonNull(wait, "wait"), createTopic);
    }

    /**
     * A connector's offset reader for the connector's own context, which takes its lease on first use: the herder
     * thread creates it and must not wait for a topic. Close it when the connector instance stops.
     *
     * @param connector the connector's name
     * @param connectorConfig resolves its config, on first use
     * @return the reader
     */
    public Reader reader(String connector, Supplier<Map<String, String>> connectorConfig) {
        return new Reader(connector, connectorConfig);
    }

    /**
     * How many connector-specific stores are open or starting. Any thread.
     *
     * @return the count
     */
    synchronized int openStores() {
        return stores.size();
    }

    private Lease open(String connector, Map<String, String> connectorConfig, Duration wait, boolean create) {
        OffsetStoreLayout layout = layout(connector, connectorConfig);
        if (layout.connectorTopic().isEmpty()) {
            return new Lease(new ConnectorOffsets(worker, connector), () -> {});
        }
        OffsetStoreLayout.ConnectorTopic topic = layout.connectorTopic().get();
        Map<String, Object> producer = clients.producerSettings(Owner.connector(connector), connectorConfig);
        KafkaStoreSettings settings =
                KafkaStoreSettings.from(workerConfig).forConnectorOffsets(topic.topic(), producer);
        StoreKey key = StoreKey.of(topic, settings);
        Entry entry;
        boolean starter = false;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the worker's offset stores are closed");
            }
            entry = stores.get(key);
            if (entry == null && create) {
                entry = new Entry();
                stores.put(key, entry);
                starter = true;
            }
            if (entry != null) {
                entry.leases++;
            }
        }
        if (entry == null) {
            // a read of a store nobody holds: the topic is looked up, never created
            if (!topicExists(topic, settings, wait)) {
                LOG.debug("Connector {}: its offsets topic '{}' does not exist; reading the worker's", connector, key);
                return new Lease(new ConnectorOffsets(worker, connector), () -> {});
            }
            return open(connector, connectorConfig, wait, true);
        }
        if (starter) {
            Entry started = entry;
            try {
                starts.execute(() -> start(key, started, topic, settings));
            } catch (RejectedExecutionException e) {
                started.started.completeExceptionally(
                        new IllegalStateException("the worker's offset stores are closed"));
            }
        }
        Entry held = entry;
        KafkaOffsetStore store;
        try {
            store = await(held, wait, connector, key);
        } catch (RuntimeException e) {
            release(key, held);
            throw e;
        }
        return new Lease(new ConnectorOffsets(store, topic.topic(), worker, connector), () -> release(key, held));
    }

    /** On a start thread, never under the monitor. */
    private void start(StoreKey key, Entry entry, OffsetStoreLayout.ConnectorTopic topic, KafkaStoreSettings settings) {
        KafkaOffsetStore store = new KafkaOffsetStore(settings, clients.resourcesFor(topic.bootstrapServers()));
        try {
            store.start();
        } catch (RuntimeException e) {
            store.close();
            synchronized (this) {
                stores.remove(key, entry); // the next lease tries again
            }
            entry.started.completeExceptionally(e);
            return;
        }
        LOG.info("Connector-specific offsets topic '{}' on {} started", topic.topic(), topic.bootstrapServers());
        entry.started.complete(store);
    }

    private static KafkaOffsetStore await(Entry entry, Duration wait, String connector, StoreKey key) {
        try {
            return wait == null
                    ? entry.started.get()
                    : entry.started.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(
                    "Interrupted while waiting for the offsets topic '" + key + "' of connector " + connector
                            + " to be read",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreException("Could not start the offsets store of topic '" + key + "'", cause);
        } catch (TimeoutException e) {
            throw new OffsetsStoreNotReadyException(
                    "Timed out after " + wait.toMillis() + " ms waiting for the"
                            + " offsets topic '" + key + "' of connector " + connector
                            + " to be read to its end; it is still"
                            + " being read, retry the request later",
                    e);
        }
    }

    private void release(StoreKey key, Entry entry) {
        boolean last;
        synchronized (this) {
            entry.leases--;
            last = entry.leases == 0 && stores.remove(key, entry);
        }
        if (last) {
            // closed once started (a start still running closes it when it ends), outside the monitor
            entry.started.thenAccept(store -> {
                store.close();
                LOG.info("Connector-specific offsets topic '{}' closed: no task or request uses it", key);
            });
        }
    }

    /** Whether the topic exists, asked with the store's admin settings; a read never creates it. */
    private boolean topicExists(OffsetStoreLayout.ConnectorTopic topic, KafkaStoreSettings settings, Duration wait) {
        Map<String, Object> admin = new HashMap<>(settings.clientProperties());
        admin.put("client.id", settings.groupId() + "-offsets-lookup");
        Duration bound = wait == null ? settings.timeout() : wait;
        try (AdminClient client = AdminClient.create(admin, clients.resourcesFor(topic.bootstrapServers()))) {
            BatchResult<String, TopicDescription> described =
                    client.describeTopics(List.of(topic.topic())).get(bound.toMillis(), TimeUnit.MILLISECONDS);
            Optional<KafkaException> error = described.error(topic.topic());
            if (error.isEmpty()) {
                return true;
            }
            if (error.get().error().orElse(null) == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                return false;
            }
            throw new StoreException(
                    "Could not look up the offsets topic '" + topic.topic() + "': "
                            + error.get().getMessage(),
                    error.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while looking up the offsets topic '" + topic.topic() + "'", e);
        } catch (ExecutionException e) {
            throw new StoreException(
                    "Could not look up the offsets topic '" + topic.topic() + "': "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new OffsetsStoreNotReadyException(
                    "Timed out after " + bound.toMillis() + " ms looking up the offsets topic '" + topic.topic() + "'",
                    e);
        }
    }

    /**
     * Closes the connector-specific stores (a start still running closes its store when it ends); the worker's store
     * is its owner's. Idempotent.
     */
    @Override
    public void close() {
        List<Entry> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(stores.values());
            stores.clear();
        }
        starts.shutdown();
        for (Entry entry : open) {
            entry.started.thenAccept(KafkaOffsetStore::close);
        }
    }

    /**
     * A connector instance's offset reader: takes its lease on first use (on the connector's thread), gives it up on
     * {@link #close()}. Thread-safe.
     */
    public final class Reader implements OffsetReader, AutoCloseable {
        private final String connector;
        private final Supplier<Map<String, String>> config;
        private Lease lease; // guarded by this
        private boolean closedReader; // guarded by this

        private Reader(String connector, Supplier<Map<String, String>> config) {
            this.connector = connector;
            this.config = config;
        }

        private synchronized ConnectorOffsets offsets() {
            if (closedReader) {
                throw new StoreException("The offset reader of connector " + connector + " is closed: it stopped");
            }
            if (lease == null) {
                lease = forTask(connector, config.get());
            }
            return lease.offsets();
        }

        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return offsets().offset(partition);
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            return offsets().offsets(partitions);
        }

        /** Gives the lease up, if one was taken. Idempotent. */
        @Override
        public void close() {
            Lease held;
            synchronized (this) {
                closedReader = true;
                held = lease;
                lease = null;
            }
            if (held != null) {
                held.close();
            }
        }
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
