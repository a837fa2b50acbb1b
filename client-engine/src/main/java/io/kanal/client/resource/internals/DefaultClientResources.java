package io.kanal.client.resource.internals;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.cluster.internals.MetadataConfig;
import io.kanal.client.cluster.internals.MetadataSource;
import io.kanal.client.common.Time;
import io.kanal.client.common.internals.EngineThread;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.network.IoLoop;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.network.NetworkConfig;
import io.kanal.client.network.NetworkMetrics;
import io.kanal.client.resource.ClientResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The implementation of {@link ClientResources}: I/O loops, the pool that runs the clients' background loops and
 * timers, the callback executor, and one {@link MetadataSource} per cluster and principal, keyed by the sorted
 * bootstrap servers and the clients' security settings.
 * Private resources (one client alone) run its callbacks on its loop thread and let its metadata share its own
 * connections.
 *
 * <p>Thread-safe; the map of shared clusters is guarded by this object's monitor.
 */
public final class DefaultClientResources implements ClientResources {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultClientResources.class);

    /** One cluster's shared metadata and the network client its requests go through. */
    private record SharedCluster(MetadataSource source, NetworkClient network, String id) {}

    /**
     * What a shared metadata source is for: a cluster (its sorted bootstrap servers) seen as one principal (the
     * clients' security settings). The settings hold secrets: never log or print this key.
     */
    private record ClusterKey(List<String> servers, Map<String, String> security) {
        @Override
        public String toString() {
            // Only what is not secret: the protocol and the SASL mechanism, never the JAAS config or a password.
            return servers + " (" + security.getOrDefault("security.protocol", "PLAINTEXT")
                    + (security.containsKey("sasl.mechanism") ? ", " + security.get("sasl.mechanism") : "") + ")";
        }
    }

    private final String name;
    private final Time time;
    private final boolean isPrivate;
    private final IoLoop[] ioLoops;
    private final ScheduledThreadPoolExecutor loops;
    private final ExecutorService callbacks;
    private final AtomicInteger nextIoLoop = new AtomicInteger();
    private final Map<ClusterKey, SharedCluster> clusters = new HashMap<>();
    /** Numbers the shared sources in their client ids and logs, never reused; guarded by this object's monitor. */
    private int sharedSourcesCreated;
    /** What to do to each open client if the resources close under it; guarded by this object's monitor. */
    private final Set<Runnable> openClients = new HashSet<>();

    private boolean closed;

    /**
     * Starts the threads of resources built by {@link ClientResources.Builder}.
     *
     * @param name the name in thread names
     * @param time the clock
     * @param ioThreads I/O threads
     * @param loopThreads loop and timer threads
     * @param callbackThreads callback threads
     */
    public DefaultClientResources(String name, Time time, int ioThreads, int loopThreads, int callbackThreads) {
        this(name, time, ioThreads, loopThreads, callbackThreads, false, true);
    }

    private DefaultClientResources(
            String name,
            Time time,
            int ioThreads,
            int loopThreads,
            int callbackThreads,
            boolean isPrivate,
            boolean ownCallbackThreads) {
        this.name = name;
        this.time = time;
        this.isPrivate = isPrivate;
        this.ioLoops = new IoLoop[ioThreads];
        for (int i = 0; i < ioLoops.length; i++) {
            ioLoops[i] = new IoLoop(ioLoops.length == 1 ? name : name + "-" + i, time);
        }
        this.loops = new ScheduledThreadPoolExecutor(
                loopThreads, threads(isPrivate ? "kanal-client-" + name : "kanal-loop-" + name + "-"));
        loops.setRemoveOnCancelPolicy(true);
        loops.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        if (ownCallbackThreads) {
            this.callbacks = new ThreadPoolExecutor(
                    callbackThreads,
                    callbackThreads,
                    0,
                    TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(),
                    userThreads(isPrivate ? "kanal-callback-" + name : "kanal-callback-" + name + "-"));
        } else {
            // A producer alone: its callbacks run on its loop thread, as its dedicated sender thread ran them before.
            this.callbacks = loops;
        }
    }

    /**
     * The private resources of one client created on its own: one I/O thread named after it and one loop thread;
     * callbacks run on the loop thread (a producer's, as its sender thread ran them) or on a thread of their own (an
     * admin client's results and a group member's protocol code, which may take long and must not stop heartbeats
     * or the client's own retries).
     *
     * @param clientId the client's id, in thread names
     * @param time the clock
     * @param ownCallbackThread whether callbacks get a thread of their own
     * @return the resources, owned by that client
     */
    static DefaultClientResources privateFor(String clientId, Time time, boolean ownCallbackThread) {
        return new DefaultClientResources(clientId, time, 1, 1, 1, true, ownCallbackThread);
    }

    /** Loop-pool threads are engine threads: code on them never waits for room. */
    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> new EngineThread(r, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
    }

    /** Callback threads run user code, which may block. */
    private static ThreadFactory userThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> new CallbackThread(r, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
    }

    /** A thread of a callback pool, told apart so that closing the resources from a callback does not wait for it. */
    private static final class CallbackThread extends Thread {
        CallbackThread(Runnable task, String name) {
            super(task, name);
            setDaemon(true);
        }
    }

    /**
     * Registers what to do to a client if these resources close while it is open: fail its work rather than leave
     * it waiting for threads that are gone. Unregister with {@link #clientClosed}.
     *
     * @param abort the client's abort action; must not block
     * @throws io.kanal.client.errors.ClientClosedException if the resources are closed
     */
    public synchronized void clientOpened(Runnable abort) {
        if (closed) {
            throw new ClientClosedException("Client resources " + name + " are closed");
        }
        openClients.add(abort);
    }

    /**
     * Forgets a client that closed.
     *
     * @param abort the action it registered
     */
    public synchronized void clientClosed(Runnable abort) {
        openClients.remove(abort);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Time time() {
        return time;
    }

    /**
     * Whether these are the private resources of one client.
     *
     * @return true if private
     */
    public boolean isPrivate() {
        return isPrivate;
    }

    /**
     * An I/O loop for a new client's connections, in turn.
     *
     * @return the loop
     */
    public IoLoop nextIoLoop() {
        return ioLoops[Math.floorMod(nextIoLoop.getAndIncrement(), ioLoops.length)];
    }

    /**
     * The pool that runs the clients' background loops and timers. Tasks must not block.
     *
     * @return the pool
     */
    public ScheduledExecutorService loopPool() {
        return loops;
    }

    /**
     * The executor that runs user callbacks.
     *
     * @return the executor
     */
    public ExecutorService callbacks() {
        return callbacks;
    }

    /**
     * A view of the shared metadata of the cluster these bootstrap servers belong to, as the principal of these
     * security settings sees it, created with its own network client on first use. The caller closes the view; when
     * the last view of a source closes, the source and its network client close too, so that a worker whose
     * connectors come and go with principals of their own (or with credentials re-resolved at each restart) neither
     * keeps their connections and timers nor their secrets.
     *
     * <p>Clients share a source only when their security settings are equal too: the source's requests authenticate
     * as the first client did, and a broker with an authorizer shows each principal only the topics it may describe.
     * A client of another principal (a connector's {@code producer.override.sasl.jaas.config}) sharing the worker's
     * source would see the worker's view, and wait forever for a topic only it may use.
     *
     * @param bootstrapServers the client's {@code bootstrap.servers}, which identify the cluster
     * @param security the client's security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), which
     *     identify its principal
     * @param metadataConfig refresh settings (the first client's win for the cluster)
     * @param networkConfig network settings of the first client, whose timeouts and credentials the metadata requests
     *     use
     * @return a new view
     */
    public synchronized ClusterMetadata sharedMetadata(
            List<String> bootstrapServers,
            Map<String, String> security,
            MetadataConfig metadataConfig,
            NetworkConfig networkConfig) {
        if (closed) {
            throw new ClientClosedException("Client resources " + name + " are closed");
        }
        ClusterKey key = new ClusterKey(bootstrapServers.stream().sorted().toList(), Map.copyOf(security));
        SharedCluster cluster = clusters.computeIfAbsent(key, k -> {
            sharedSourcesCreated++;
            String id = "kanal-metadata-" + name + "-" + sharedSourcesCreated;
            NetworkClient network = new NetworkClient(
                    networkConfig.withClientId(id), new NetworkMetrics(new MetricRegistry()), time, nextIoLoop());
            MetadataSource source = new MetadataSource(
                    network,
                    id,
                    ClientCore.endpoints(bootstrapServers),
                    metadataConfig,
                    loops,
                    time,
                    () -> lastViewClosed(k));
            LOG.info("[{}] shared metadata for cluster {} as {}", name, k, id);
            return new SharedCluster(source, network, id);
        });
        return cluster.source().newView();
    }

    /**
     * Closes a shared source whose last view closed, unless a client opened a new view of it meanwhile: views of
     * shared sources are only opened under this monitor, so a count of zero here stays zero.
     */
    private void lastViewClosed(ClusterKey key) {
        SharedCluster unused;
        synchronized (this) {
            SharedCluster cluster = clusters.get(key);
            if (cluster == null || cluster.source().viewCount() > 0) {
                return;
            }
            clusters.remove(key);
            unused = cluster;
        }
        LOG.info("[{}] closing shared metadata for cluster {} as {}: its last client closed", name, key, unused.id());
        unused.source().close();
        unused.network().close();
    }

    /**
     * How many shared metadata sources the resources hold: one per cluster and principal with an open client. For
     * tests.
     *
     * @return the count
     */
    synchronized int sharedMetadataSources() {
        return clusters.size();
    }

    @Override
    public void close() {
        List<SharedCluster> toClose;
        List<Runnable> aborts;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(clusters.values());
            clusters.clear();
            aborts = new ArrayList<>(openClients);
            openClients.clear();
        }
        if (!aborts.isEmpty()) {
            LOG.warn("[{}] closing client resources under {} open client(s); their work fails", name, aborts.size());
        }
        for (Runnable abort : aborts) {
            try {
                abort.run();
            } catch (RuntimeException e) {
                LOG.error("[{}] a client failed to abort", name, e);
            }
        }
        for (SharedCluster c : toClose) {
            c.source().close();
            c.network().close();
        }
        // Work already queued (the aborts' last steps, completions) still runs; timers do not.
        loops.shutdown();
        awaitTermination(loops);
        for (IoLoop loop : ioLoops) {
            loop.close();
        }
        if (callbacks != loops) {
            callbacks.shutdown();
            awaitTermination(callbacks);
        }
    }

    /** Waits a little for a pool to finish what is queued, unless called from one of its own threads. */
    private void awaitTermination(ExecutorService pool) {
        if (EngineThread.current() || Thread.currentThread() instanceof CallbackThread) {
            return;
        }
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("[{}] a pool of the client resources did not finish its work in 5 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ClientResources[" + name + "]";
    }

    /**
     * The implementation behind resources a caller passes in.
     *
     * @param resources resources made by {@link ClientResources#builder()} or {@link ClientResources#create()}
     * @return them, as this type
     * @throws IllegalArgumentException for another implementation
     */
    public static DefaultClientResources of(ClientResources resources) {
        if (resources instanceof DefaultClientResources d) {
            return d;
        }
        throw new IllegalArgumentException("client resources must come from ClientResources.builder() or create(), not "
                + resources.getClass().getName());
    }
}
