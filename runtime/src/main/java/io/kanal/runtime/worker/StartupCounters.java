package io.kanal.runtime.worker;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connect's start-up counters of a worker ({@code connect-worker-metrics}: {@code connector-startup-*} and {@code
 * task-startup-*}). An attempt is a start command; it ends as a success when the instance reports it started and as a
 * failure when it reports a failure first. A start that is stopped before either is neither, as in Connect.
 *
 * <p><b>Threading.</b> {@link #connectorStarting} and {@link #taskStarting} run on the herder thread, {@link
 * #observe} on whichever thread reports an event; {@link #snapshot()} on any. The pending maps are concurrent and the
 * counters are {@link LongAdder}s.
 */
public final class StartupCounters {

    private final Map<String, Long> pendingConnectors = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, Long> pendingTasks = new ConcurrentHashMap<>();
    private final LongAdder connectorAttempts = new LongAdder();
    private final LongAdder connectorSuccesses = new LongAdder();
    private final LongAdder connectorFailures = new LongAdder();
    private final LongAdder taskAttempts = new LongAdder();
    private final LongAdder taskSuccesses = new LongAdder();
    private final LongAdder taskFailures = new LongAdder();

    /**
     * The counters at one instant.
     *
     * @param connectorAttempts connector starts attempted
     * @param connectorSuccesses connector starts that succeeded
     * @param connectorFailures connector starts that failed
     * @param taskAttempts task starts attempted
     * @param taskSuccesses task starts that succeeded
     * @param taskFailures task starts that failed
     */
    public record Snapshot(
            long connectorAttempts,
            long connectorSuccesses,
            long connectorFailures,
            long taskAttempts,
            long taskSuccesses,
            long taskFailures) {}

    /** Counters at zero. */
    public StartupCounters() {}

    /**
     * A connector generation is being started.
     *
     * @param name the connector
     * @param generation its generation
     */
    public void connectorStarting(String name, long generation) {
        connectorAttempts.increment();
        pendingConnectors.put(name, generation);
    }

    /**
     * A task generation is being started.
     *
     * @param id the task
     * @param generation its generation
     */
    public void taskStarting(ConnectorTaskId id, long generation) {
        taskAttempts.increment();
        pendingTasks.put(id, generation);
    }

    /**
     * Counts the outcome of a pending start, if the event is one.
     *
     * @param event an event the worker reports to the herder
     */
    public void observe(HerderEvent event) {
        if (event instanceof HerderEvent.ConnectorStarted e) {
            if (pendingConnectors.remove(e.name(), e.generation())) {
                connectorSuccesses.increment();
            }
        } else if (event instanceof HerderEvent.ConnectorFailed e) {
            if (pendingConnectors.remove(e.name(), e.generation())) {
                connectorFailures.increment();
            }
        } else if (event instanceof HerderEvent.ConnectorStopped e) {
            pendingConnectors.remove(e.name(), e.generation());
        } else if (event instanceof HerderEvent.TaskStarted e) {
            if (pendingTasks.remove(e.id(), e.generation())) {
                taskSuccesses.increment();
            }
        } else if (event instanceof HerderEvent.TaskFailed e) {
            if (pendingTasks.remove(e.id(), e.generation())) {
                taskFailures.increment();
            }
        } else if (event instanceof HerderEvent.TaskStopped e) {
            pendingTasks.remove(e.id(), e.generation());
        }
    }

    /**
     * The counters now.
     *
     * @return a snapshot
     */
    public Snapshot snapshot() {
        return new Snapshot(
                connectorAttempts.sum(),
                connectorSuccesses.sum(),
                connectorFailures.sum(),
                taskAttempts.sum(),
                taskSuccesses.sum(),
                taskFailures.sum());
    }
}
