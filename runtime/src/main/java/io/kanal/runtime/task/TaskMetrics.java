package io.kanal.runtime.task;

import com.codahale.metrics.MetricRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The counters of one task that Connect's task metric groups show ({@code connector-task-metrics}, {@code
 * source-task-metrics}, {@code sink-task-metrics}), kept cheap for the record path: the pipelines update them once per
 * batch, never per record and never with an allocation, and the REST scrape reads them.
 *
 * <p><b>Threading.</b> Fields written only by the task thread (batch sizes and times, the partition count) are plain
 * single-writer {@code volatile} longs; those also written by client callback threads (records written, commits) are
 * {@link LongAdder}s. Any thread may call {@link #snapshot()}; the values it reads may be from slightly different
 * instants, which metrics tolerate. {@link #paused(boolean)} may be called from any thread (it is synchronized: it is
 * called on pause and resume only).
 */
public final class TaskMetrics {

    private final LongSupplier nanoClock;
    private final long createdNanos;

    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder recordsOut = new LongAdder();
    private final LongAdder filtered = new LongAdder();
    private final LongAdder commitSuccess = new LongAdder();
    private final LongAdder commitFailure = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final LongAccumulator commitMaxNanos = new LongAccumulator(Math::max, 0);
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private volatile Supplier<List<PluginMetric>> plugin = List::of;
    private volatile Runnable pluginRefresh = () -> {};

    // Single writer: the task thread.
    private volatile long batches;
    private volatile long batchRecords;
    private volatile long batchMax;
    private volatile long callNanos;
    private volatile long callMaxNanos;
    private volatile int partitions;

    // Guarded by this: pause bookkeeping.
    private long pausedNanos;
    private long pausedSinceNanos = -1;

    /**
     * A client of the task whose metrics the scrape shows under Kafka's client metric groups.
     *
     * @param domain {@code kafka.producer} or {@code kafka.consumer}
     * @param clientId the client's {@code client.id}
     * @param registry the client's metrics
     */
    public record Client(String domain, String clientId, MetricRegistry registry) {
        /**
         * Checks the client.
         *
         * @param domain the JMX domain Kafka's clients use
         * @param clientId the client id
         * @param registry the metrics
         */
        public Client {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(registry, "registry");
        }
    }

    /**
     * A metric the task's plugin keeps itself (a Connect task's {@code pluginMetrics()}), shown with the task's.
     * Immutable value.
     *
     * @param group its group, {@code plugins} as in Connect
     * @param name its name
     * @param description what it measures
     * @param tags its tags in order, {@code connector} and {@code task} first
     * @param value its value
     */
    public record PluginMetric(String group, String name, String description, Map<String, String> tags, double value) {
        /**
         * Copies the tags, keeping their order.
         *
         * @param group its group
         * @param name its name
         * @param description what it measures
         * @param tags its tags
         * @param value its value
         */
        public PluginMetric {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }

    /**
     * The counters at one instant.
     *
     * @param recordsIn records polled from the task (source) or read from Kafka (sink)
     * @param recordsOut records written to Kafka (source, acknowledged) or passed to {@code put} (sink)
     * @param filtered records dropped by transforms (source)
     * @param batches batches handled (polls that returned records, or fetches)
     * @param batchRecords records in those batches
     * @param batchMax the largest batch
     * @param callNanos time spent in {@code poll} (source) or {@code put} (sink), summed over {@code batches}
     * @param callMaxNanos the longest such call
     * @param commitSuccess offset commits that succeeded
     * @param commitFailure offset commits that failed
     * @param commitNanos time spent committing, summed
     * @param commitMaxNanos the longest commit
     * @param partitions partitions assigned now (sink)
     * @param runningRatio the fraction of the task's life it was not paused, in [0, 1]
     * @param pausedRatio the fraction of the task's life it was paused, in [0, 1]
     * @param ageNanos how long the counters have been counting
     * @param clients the task's clients
     * @param plugin the metrics the task's plugin keeps itself, in a stable order
     */
    public record Snapshot(
            long recordsIn,
            long recordsOut,
            long filtered,
            long batches,
            long batchRecords,
            long batchMax,
            long callNanos,
            long callMaxNanos,
            long commitSuccess,
            long commitFailure,
            long commitNanos,
            long commitMaxNanos,
            int partitions,
            double runningRatio,
            double pausedRatio,
            long ageNanos,
            List<Client> clients,
            List<PluginMetric> plugin) {
        /**
         * Copies the clients.
         *
         * @param recordsIn records in
         * @param recordsOut records out
         * @param filtered records filtered
         * @param batches batches
         * @param batchRecords records in batches
         * @param batchMax largest batch
         * @param callNanos time in poll or put
         * @param callMaxNanos longest poll or put
         * @param commitSuccess successful commits
         * @param commitFailure failed commits
         * @param commitNanos time committing
         * @param commitMaxNanos longest commit
         * @param partitions assigned partitions
         * @param runningRatio running ratio
         * @param pausedRatio paused ratio
         * @param ageNanos age of the counters
         * @param clients the clients
         * @param plugin the plugin's own metrics
         */
        public Snapshot {
            clients = List.copyOf(clients);
            plugin = List.copyOf(plugin);
        }
    }

    /** Counters on the monotonic clock. */
    public TaskMetrics() {
        this(System::nanoTime);
    }

    /**
     * Counters on a given clock (tests).
     *
     * @param nanoClock monotonic nanoseconds
     */
    public TaskMetrics(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.createdNanos = nanoClock.getAsLong();
    }

    /**
     * The clock the metrics use, so that pipelines time their calls on it.
     *
     * @return monotonic nanoseconds now
     */
    public long nanoTime() {
        return nanoClock.getAsLong();
    }

    /**
     * A batch came in: records polled from a source task, or fetched for a sink task. Task thread only.
     *
     * @param size its records
     */
    public void batch(int size) {
        recordsIn.add(size);
        batches = batches + 1;
        batchRecords = batchRecords + size;
        if (size > batchMax) {
            batchMax = size;
        }
    }

    /**
     * A {@code poll} (source) or {@code put} (sink) call ended. Task thread only.
     *
     * @param nanos how long it took
     */
    public void call(long nanos) {
        callNanos = callNanos + nanos;
        if (nanos > callMaxNanos) {
            callMaxNanos = nanos;
        }
    }

    /**
     * Records went out: written to Kafka (any thread) or passed to {@code put}.
     *
     * @param n how many
     */
    public void out(long n) {
        recordsOut.add(n);
    }

    /** A record was dropped by a transform. */
    public void filtered() {
        filtered.increment();
    }

    /**
     * An offset commit ended. Any thread.
     *
     * @param ok whether it succeeded
     * @param nanos how long it took
     */
    public void commit(boolean ok, long nanos) {
        (ok ? commitSuccess : commitFailure).increment();
        commitNanos.add(nanos);
        commitMaxNanos.accumulate(nanos);
    }

    /**
     * The sink's assignment changed. Task thread only.
     *
     * @param count partitions assigned now
     */
    public void partitions(int count) {
        partitions = count;
    }

    /**
     * The task was paused or resumed: the running ratio counts paused time out.
     *
     * @param paused whether it is paused now
     */
    public synchronized void paused(boolean paused) {
        long now = nanoClock.getAsLong();
        if (paused && pausedSinceNanos < 0) {
            pausedSinceNanos = now;
        } else if (!paused && pausedSinceNanos >= 0) {
            pausedNanos += now - pausedSinceNanos;
            pausedSinceNanos = -1;
        }
    }

    /**
     * Shows a client's metrics with the task's.
     *
     * @param client the client
     */
    public void client(Client client) {
        clients.add(Objects.requireNonNull(client, "client"));
    }

    /**
     * Shows the metrics the task's plugin keeps itself with the task's. Called once, by the thread that builds the
     * task.
     *
     * @param source reads them at collection time; called on the collecting thread
     */
    public void plugin(Supplier<List<PluginMetric>> source) {
        plugin(source, () -> {});
    }

    /**
     * Shows the metrics the task's plugin keeps itself with the task's. Called once, by the thread that builds the
     * task. Reading a plugin's metrics runs plugin code, so that happens on the task thread ({@code refresh}), and the
     * collecting thread only reads what the last refresh kept ({@code current}).
     *
     * @param current the metrics as last read; called on the collecting thread, must not run plugin code
     * @param refresh reads them again when due; called on the task thread once per iteration of its loop
     */
    public void plugin(Supplier<List<PluginMetric>> current, Runnable refresh) {
        plugin = Objects.requireNonNull(current, "current");
        pluginRefresh = Objects.requireNonNull(refresh, "refresh");
    }

    /** Lets the plugin's metrics be read again when due. Task thread only. */
    void refreshPlugin() {
        pluginRefresh.run();
    }

    /**
     * The counters now.
     *
     * @return a snapshot
     */
    public Snapshot snapshot() {
        double pausedRatio;
        long life;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            life = now - createdNanos;
            long paused = pausedNanos + (pausedSinceNanos < 0 ? 0 : now - pausedSinceNanos);
            pausedRatio = life <= 0 ? 0.0 : Math.min(1.0, (double) paused / life);
        }
        return new Snapshot(
                recordsIn.sum(),
                recordsOut.sum(),
                filtered.sum(),
                batches,
                batchRecords,
                batchMax,
                callNanos,
                callMaxNanos,
                commitSuccess.sum(),
                commitFailure.sum(),
                commitNanos.sum(),
                commitMaxNanos.get(),
                partitions,
                1.0 - pausedRatio,
                pausedRatio,
                life,
                clients,
                plugin.get());
    }
}
