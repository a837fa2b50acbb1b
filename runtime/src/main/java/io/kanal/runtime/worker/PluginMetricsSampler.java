package io.kanal.runtime.worker;

import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import io.kanal.runtime.task.TaskMetrics;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last values of the metrics a bridged plugin keeps itself (Connect's {@code pluginMetrics()}). Reading them runs
 * plugin code (a gauge computes its value), so {@link #refresh()} reads them on the owner's thread (the task thread,
 * the connector thread) through the {@link PluginInvoker}, at most once per interval, and keeps the result; the worker's
 * metrics scrape ({@code GET /metrics}) only calls {@link #current()}, which never runs plugin code, so a gauge that
 * blocks holds its owner's thread (reported as stuck in {@code pluginMetrics}) and never the scrape.
 *
 * <p>A failed read is logged once per owner, with the stack trace masked by the owner's {@link Redactor}, and shows no
 * plugin metrics until a read succeeds again.
 *
 * <p>Threading: {@link #refresh()} on the owner's thread only; {@link #current()} on any thread.
 */
final class PluginMetricsSampler {

    private static final Logger LOG = LoggerFactory.getLogger(PluginMetricsSampler.class);

    /** How often the owner's thread reads the plugin's metrics at most. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final Owner owner;
    private final ClassLoader loader;
    private final ForeignPluginMetrics plugin;
    private final PluginInvoker invoker;
    private final Duration budget;
    private final Redactor redactor;
    private final LongSupplier nanoClock;
    private final long intervalNanos;

    private volatile List<TaskMetrics.PluginMetric> latest = List.of();
    private long lastReadNanos; // owner thread only
    private boolean read; // owner thread only
    private boolean warned; // owner thread only

    /**
     * @param owner whose plugin it is
     * @param loader the plugin's class loader
     * @param plugin the plugin's metrics
     * @param invoker runs the read
     * @param budget how long a read may run before the watchdog reports it stuck
     * @param redactor masks the owner's secrets in the logged failure
     * @param nanoClock monotonic time
     * @param interval the least time between two reads
     */
    PluginMetricsSampler(
            Owner owner,
            ClassLoader loader,
            ForeignPluginMetrics plugin,
            PluginInvoker invoker,
            Duration budget,
            Redactor redactor,
            LongSupplier nanoClock,
            Duration interval) {
        this.owner = owner;
        this.loader = loader;
        this.plugin = plugin;
        this.invoker = invoker;
        this.budget = budget;
        this.redactor = redactor;
        this.nanoClock = nanoClock;
        this.intervalNanos = interval.toNanos();
    }

    /** Reads the plugin's metrics when the last read is at least one interval old. Owner's thread only. */
    void refresh() {
        long now = nanoClock.getAsLong();
        if (read && now - lastReadNanos < intervalNanos) {
            return;
        }
        read = true;
        lastReadNanos = now;
        CallOutcome<List<TaskMetrics.PluginMetric>> outcome =
                invoker.call(owner, loader, Stage.PLUGIN_METRICS, budget, () -> plugin.pluginMetrics().stream()
                        .map(m ->
                                new TaskMetrics.PluginMetric(m.group(), m.name(), m.description(), m.tags(), m.value()))
                        .toList());
        if (outcome instanceof CallOutcome.Completed<List<TaskMetrics.PluginMetric>> completed) {
            latest = completed.value();
            return;
        }
        latest = List.of();
        if (outcome instanceof CallOutcome.Failed<?> failed && !warned) {
            // Once per owner: a gauge that always throws would otherwise log on every read.
            warned = true;
            LOG.warn(
                    "[{}] could not read the plugin's own metrics; they are left out of the worker's metrics until a"
                            + " read succeeds (logged once)\n{}",
                    owner,
                    redactor.stackTrace(failed.error()));
        }
        // Interrupted, cancelled or abandoned: the owner is stopping, and its own call path reports that.
    }

    /**
     * The plugin's metrics as last read. Any thread; never runs plugin code.
     *
     * @return the metrics, empty before the first read and after a failed one
     */
    List<TaskMetrics.PluginMetric> current() {
        return latest;
    }
}
