package io.kanal.client.resource;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.cluster.ClusterMetadata;
import io.kanal.client.cluster.MetadataConfig;
import io.kanal.client.cluster.MetadataSource;
import io.kanal.client.common.Time;
import io.kanal.client.network.IoLoop;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.network.NetworkConfig;
import io.kanal.client.network.NetworkMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * What many Kafka clients of one process share: I/O threads, the pool that runs the clients' background loops and
 * timers, the executor that runs user callbacks, and one metadata source per cluster. A worker with 200 tasks
 * creates one and lends it to every producer, consumer and admin client, so that 400 clients need a handful of
 * threads instead of 1,200.
 *
 * <pre>{@code
 * try (ClientResources resources = ClientResources.builder().name("worker").build()) {
 *     Producer<String, String> producer = Producer.create(settings, keys, values, resources);
 *     ...
 * }
 * }</pre>
 *
 * <p>A borrower never closes the resources: the code that created them does, after closing its clients. A client
 * created without resources makes a private set (one I/O thread, one loop thread that also runs its callbacks) and
 * closes it with itself.
 *
 * <p>Thread-safe. Work handed to the loop pool must not block (it holds a thread that other clients' loops need); user
 * callbacks run on the callback executor, where a callback that blocks holds only one of its threads, and must not
 * wait for another operation of a client of the same resources.
 */
public final class ClientResources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientResources.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** One cluster's shared metadata and the network client its requests go through. */
    private record SharedCluster(MetadataSource source, NetworkClient network) {}

    private final String name;
    private final Time time;
    private final boolean isPrivate;
    private final IoLoop[] ioLoops;
    private final ScheduledThreadPoolExecutor loops;
    private final ExecutorService callbacks;
    private final AtomicInteger nextIoLoop = new AtomicInteger();
    private final Map<List<String>, SharedCluster> clusters = new HashMap<>();
    private boolean closed;

    private ClientResources(Builder b, boolean isPrivate) {
        this.name = b.name;
        this.time = b.time;
        this.isPrivate = isPrivate;
        this.ioLoops = new IoLoop[b.ioThreads];
        for (int i = 0; i < ioLoops.length; i++) {
            ioLoops[i] = new IoLoop(ioLoops.length == 1 ? name : name + "-" + i, time);
        }
        this.loops = new ScheduledThreadPoolExecutor(
                b.loopThreads, threads(isPrivate ? "kanal-client-" + name : "kanal-loop-" + name + "-"));
        loops.setRemoveOnCancelPolicy(true);
        loops.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        if (isPrivate) {
            // One client alone: its callbacks run on its loop thread, as a dedicated sender thread ran them before.
            this.callbacks = loops;
        } else {
            this.callbacks = new ThreadPoolExecutor(
                    b.callbackThreads,
                    b.callbackThreads,
                    0,
                    TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(),
                    threads("kanal-callback-" + name + "-"));
        }
    }

    /**
     * A builder with the defaults: one I/O thread, two loop threads, two callback threads.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resources with the defaults.
     *
     * @return the resources, their threads started
     */
    public static ClientResources create() {
        return builder().build();
    }

    /**
     * The private resources of one client created on its own: one I/O thread named after it, one loop thread that
     * also runs its callbacks.
     *
     * @param clientId the client's id, in thread names
     * @param time the clock
     * @return the resources, owned by that client
     */
    static ClientResources privateFor(String clientId, Time time) {
        Builder b = builder().name(clientId).time(time).ioThreads(1).loopThreads(1);
        return new ClientResources(b, true);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The name, in thread names and logs.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The clock.
     *
     * @return the clock
     */
    public Time time() {
        return time;
    }

    boolean isPrivate() {
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
     * A view of the shared metadata of the cluster these bootstrap servers belong to, created with its own network
     * client on first use. The caller closes the view; the source lives as long as the resources.
     *
     * @param bootstrapServers the client's {@code bootstrap.servers}, which identify the cluster
     * @param metadataConfig refresh settings (the first client's win for the cluster)
     * @param networkConfig network settings of the first client, whose timeouts the metadata requests use
     * @return a new view
     */
    synchronized ClusterMetadata sharedMetadata(
            List<String> bootstrapServers, MetadataConfig metadataConfig, NetworkConfig networkConfig) {
        if (closed) {
            throw new io.kanal.client.errors.ClientClosedException("Client resources " + name + " are closed");
        }
        List<String> key = bootstrapServers.stream().sorted().toList();
        SharedCluster cluster = clusters.computeIfAbsent(key, k -> {
            String id = "kanal-metadata-" + name + "-" + (clusters.size() + 1);
            NetworkClient network = new NetworkClient(
                    networkConfig.withClientId(id), new NetworkMetrics(new MetricRegistry()), time, nextIoLoop());
            MetadataSource source = new MetadataSource(
                    network, id, ClientCore.endpoints(bootstrapServers), metadataConfig, loops, time);
            LOG.info("[{}] shared metadata for cluster {} as {}", name, k, id);
            return new SharedCluster(source, network);
        });
        return cluster.source().newView();
    }

    /**
     * Closes the shared metadata, the I/O loops and the pools. Clients still open on them fail their requests with
     * {@link io.kanal.client.errors.ClientClosedException}: close the clients first. Idempotent.
     */
    @Override
    public void close() {
        List<SharedCluster> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(clusters.values());
            clusters.clear();
        }
        for (SharedCluster c : toClose) {
            c.source().close();
            c.network().close();
        }
        for (IoLoop loop : ioLoops) {
            loop.close();
        }
        loops.shutdownNow();
        if (callbacks != loops) {
            callbacks.shutdown();
        }
    }

    @Override
    public String toString() {
        return "ClientResources[" + name + "]";
    }

    /** Settings of a {@link ClientResources}. Not thread-safe. */
    public static final class Builder {
        private String name = "kanal-" + SEQUENCE.incrementAndGet();
        private Time time = Time.SYSTEM;
        private int ioThreads = 1;
        private int loopThreads = 2;
        private int callbackThreads = 2;

        private Builder() {}

        /**
         * The name in thread names and logs.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The clock.
         *
         * @param time the clock
         * @return this builder
         */
        public Builder time(Time time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * How many I/O threads serve the clients' sockets; clients are spread over them in turn.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder ioThreads(int n) {
            this.ioThreads = positive(n, "ioThreads");
            return this;
        }

        /**
         * How many threads run the clients' background loops and timers.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder loopThreads(int n) {
            this.loopThreads = positive(n, "loopThreads");
            return this;
        }

        /**
         * How many threads run user callbacks.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder callbackThreads(int n) {
            this.callbackThreads = positive(n, "callbackThreads");
            return this;
        }

        private static int positive(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1: " + n);
            }
            return n;
        }

        /**
         * Starts the threads.
         *
         * @return the resources
         */
        public ClientResources build() {
            return new ClientResources(this, false);
        }
    }
}
