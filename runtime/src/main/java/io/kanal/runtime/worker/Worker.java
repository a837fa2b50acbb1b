package io.kanal.runtime.worker;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderActions;
import io.kanal.runtime.herder.HerderCommand;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.StatusError;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.invoke.InvokerListener;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import io.kanal.runtime.invoke.StuckCall;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.StoreCommandRunner;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.task.ExactlyOnceMode;
import io.kanal.runtime.task.TaskFailedException;
import io.kanal.runtime.task.TaskMetrics;
import io.kanal.runtime.task.TaskRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the herder's commands on this worker: connector instances ({@link ConnectorInstance}, one thread each),
 * tasks ({@link TaskRunner}, one thread each) and the stores ({@link StoreCommandRunner}). Every command only hands
 * work to another thread: starting a task (creating its plugins and clients) and stopping anything (which waits for
 * plugin code, up to {@code task.shutdown.graceful.timeout.ms}) run on the worker's operations threads, {@code
 * kanal-worker-ops-<n>}. Results go back to the herder as events; so do the invoker's stuck-call reports, which the
 * herder puts in the statuses.
 *
 * <p><b>Threading.</b> {@link #execute(HerderCommand)} runs on the {@code kanal-herder} thread and never blocks; the
 * instance maps are concurrent because operations threads and the invoker's watchdog read them. {@link #close()} is
 * called once, after the herder loop stopped.
 */
public final class Worker implements HerderActions, InvokerListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final PluginRegistry registry;
    private final PluginInvoker invoker;
    private final OffsetStore offsets;
    private final StoreCommandRunner stores;
    private final TaskLauncher launcher;
    private final ConnectorConfigs configs;
    private final Consumer<HerderEvent> events;
    private final Duration budget;
    private final Duration grace;
    /** {@code exactly.once.source.support=enabled}: this worker's source tasks write in transactions. */
    private final boolean transactionalSources;

    private final ExecutorService operations;
    /** Set by {@link #close()}: operations still queued end without starting anything. */
    private volatile boolean closing;

    private final Map<String, ConnectorInstance> connectors = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, TaskHandle> tasks = new ConcurrentHashMap<>();
    /** Stops in flight, by id: a new generation waits for them (the herder may start it while the old one stops). */
    private final Map<ConnectorTaskId, CompletableFuture<Void>> taskStops = new ConcurrentHashMap<>();

    private final Map<String, CompletableFuture<Void>> connectorStops = new ConcurrentHashMap<>();
    private final WorkerOffsets offsetAccess;
    private final OffsetCommands offsetCommands;
    private final ConnectorOffsetStores connectorOffsets;

    private final StartupCounters startups = new StartupCounters();

    /**
     * Creates the worker.
     *
     * @param workerConfig the worker's resolved configuration
     * @param registry the installed plugins
     * @param invoker runs every plugin call; the worker is its listener ({@link #stuck(StuckCall)})
     * @param clients the worker's shared clients
     * @param offsets source offsets
     * @param stores carries out the herder's store commands
     * @param configs resolves config provider references and knows each connector's secrets
     * @param activeTopics where tasks record the topics they use
     * @param events where results go, typically {@code HerderLoop::submit}
     * @param zombieFencing run on an exactly-once source task's thread around taking its transactional id (the
     *     leader's round of zombie fencing and the generation check in a cluster; nothing on a standalone worker)
     * @param connectorOffsetsTopics whether a source connector's {@code offsets.storage.topic} (and, for exactly-once
     *     tasks whose producer writes to another cluster, a topic named like the worker's there) is its primary offsets
     *     store, as in Connect's distributed mode; false keeps every connector on {@code offsets}
     * @param offsetFencing run before a source connector's offsets are altered or reset (exactly-once source support
     *     in a cluster); {@link OffsetChangeFencing#NONE} otherwise
     */
    public Worker(
            Map<String, String> workerConfig,
            PluginRegistry registry,
            PluginInvoker invoker,
            WorkerResources clients,
            OffsetStore offsets,
            StoreCommandRunner stores,
            ConnectorConfigs configs,
            ActiveTopics activeTopics,
            Consumer<HerderEvent> events,
            TaskFencing zombieFencing,
            boolean connectorOffsetsTopics,
            OffsetChangeFencing offsetFencing) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.configs = Objects.requireNonNull(configs, "configs");
        Objects.requireNonNull(events, "events");
        this.events = event -> {
            startups.observe(event);
            events.accept(event);
        };
        this.budget = TaskFactory.callBudget(workerConfig);
        this.transactionalSources =
                ExactlyOnceMode.fromWorkerConfig(workerConfig).transactionalTasks();
        this.grace = Duration.ofMillis(Long.parseLong(workerConfig
                .getOrDefault(TaskFactory.SHUTDOWN_TIMEOUT_MS, "5000")
                .trim()));
        this.connectorOffsets = new ConnectorOffsetStores(offsets, clients, workerConfig, connectorOffsetsTopics);
        this.offsetAccess = new WorkerOffsets(offsets, clients, configs, registry, connectorOffsets);
        this.launcher = new TaskLauncher(
                registry,
                invoker,
                new TaskFactory(invoker, clients, workerConfig, activeTopics, zombieFencing),
                connectorOffsets,
                workerConfig,
                budget);
        AtomicInteger threads = new AtomicInteger();
        this.operations = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kanal-worker-ops-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.offsetCommands = new OffsetCommands(offsetAccess, stores, offsetFencing, operations, this.events, budget);
    }

    @Override
    public void execute(HerderCommand command) {
        if (offsetCommands.execute(command)) { // KIP-875: the offsets of a sink, a source, or one with its own topic
            return;
        }
        if (stores.execute(command)) {
            return;
        }
        if (command instanceof HerderCommand.StartConnector c) {
            startConnector(c);
        } else if (command instanceof HerderCommand.StopConnector c) {
            ConnectorInstance instance = connectors.get(c.name());
            if (instance == null || instance.generation() != c.generation()) {
                events.accept(new HerderEvent.ConnectorStopped(c.name(), c.generation()));
                return;
            }
            connectors.remove(c.name(), instance);
            stopInFlight(
                    connectorStops,
                    c.name(),
                    "connector " + c.name(),
                    () -> instance.stop(grace),
                    new HerderEvent.ConnectorStopped(c.name(), c.generation()));
        } else if (command instanceof HerderCommand.CallTaskConfigs c) {
            ConnectorInstance instance = connectors.get(c.name());
            if (instance == null || instance.generation() != c.generation()) {
                events.accept(new HerderEvent.TaskConfigsFailed(
                        c.name(),
                        c.generation(),
                        StatusError.of("taskConfigs", "IllegalStateException", "not running")));
                return;
            }
            instance.taskConfigs(c.maxTasks());
        } else if (command instanceof HerderCommand.StartTask c) {
            startTask(c);
        } else if (command instanceof HerderCommand.StopTask c) {
            TaskHandle handle = tasks.get(c.id());
            if (handle == null || handle.generation() != c.generation()) {
                events.accept(new HerderEvent.TaskStopped(c.id(), c.generation()));
                return;
            }
            tasks.remove(c.id(), handle);
            stopInFlight(
                    taskStops,
                    c.id(),
                    "task " + c.id(),
                    handle::stop,
                    new HerderEvent.TaskStopped(c.id(), c.generation()));
        } else if (command instanceof HerderCommand.SetConnectorTargetState c) {
            ConnectorInstance instance = connectors.get(c.name());
            if (instance != null && instance.generation() == c.generation()) {
                instance.targetState(c.targetState() == TargetState.PAUSED);
            }
        } else if (command instanceof HerderCommand.SetTaskTargetState c) {
            TaskHandle handle = tasks.get(c.id());
            if (handle != null && handle.generation() == c.generation()) {
                handle.targetState(c.targetState() == TargetState.PAUSED);
            }
        } else {
            throw new IllegalArgumentException("not a worker command: " + command);
        }
    }

    private void startConnector(HerderCommand.StartConnector c) {
        startups.connectorStarting(c.name(), c.generation());
        // resolved on first read, on the connector's thread: never config providers on the herder thread
        ConnectorOffsetStores.Reader offsetReader =
                connectorOffsets.reader(c.name(), () -> configs.resolveForValidation(c.name(), c.config())
                        .values());
        ConnectorInstance instance = new ConnectorInstance(
                c.name(),
                c.generation(),
                invoker,
                budget,
                configs,
                released -> connectors.remove(c.name(), released),
                offsetReader, // closed when the instance stops or fails: its hold on the offsets stores ends
                events);
        ConnectorInstance previous = connectors.put(c.name(), instance);
        boolean paused = c.targetState() == TargetState.PAUSED;
        CompletableFuture<Void> inFlight = connectorStops.get(c.name());
        if (previous == null && inFlight == null) {
            instance.start(registry, c.config(), offsetReader, paused);
            return;
        }
        // A generation still stopping (the herder may start the next one when the old one failed while stopping) or
        // still here (stuck, say) ends before its successor starts: two generations never share invoker records.
        operations.execute(() -> {
            if (inFlight != null) {
                inFlight.join();
            }
            if (previous != null) {
                stopOrWriteOff("connector " + c.name() + " (previous generation)", () -> previous.stop(grace));
            }
            if (closing) {
                return; // close() stops what is registered; a start now would outlive the worker
            }
            instance.start(registry, c.config(), offsetReader, paused);
        });
    }

    private void startTask(HerderCommand.StartTask c) {
        startups.taskStarting(c.id(), c.generation());
        TaskHandle handle = new TaskHandle(c.id(), c.generation(), invoker, grace);
        TaskHandle previous = tasks.put(c.id(), handle);
        CompletableFuture<Void> inFlight = taskStops.get(c.id());
        operations.execute(() -> {
            if (inFlight != null) {
                inFlight.join(); // the previous generation's stop, bounded by the graceful timeout and the cancel grace
            }
            if (previous != null) {
                // A failed generation is gone already; a stuck one must be before the next builds.
                stopOrWriteOff("task " + c.id() + " (previous generation)", previous::stop);
            }
            if (!closing) { // close() stops what is registered; a build now would outlive the worker
                build(c, handle);
            }
        });
    }

    private void build(HerderCommand.StartTask c, TaskHandle handle) {
        Redactor redactor = configs.redactor(c.id().connector());
        try {
            ConnectorConfigs.Resolved connector = configs.resolve(c.id().connector(), c.connectorConfig());
            ConnectorConfigs.Resolved task = configs.resolveTask(c.id().connector(), c.taskConfig());
            redactor = task.redactor();
            TaskRunner runner = launcher.build(
                    c.id(),
                    connector.values(),
                    task.values(),
                    task.redactor(),
                    new TaskListener(c.id(), handle, tasks, events, transactionalSources));
            if (!handle.startUnlessStopped(runner, c.targetState() == TargetState.PAUSED)) {
                runner.discard(); // stopped while it was being built; StopTask answers
            }
        } catch (TaskFailedException e) {
            tasks.remove(c.id(), handle);
            events.accept(new HerderEvent.TaskFailed(c.id(), c.generation(), StatusError.from(e.error())));
        } catch (RuntimeException e) {
            tasks.remove(c.id(), handle);
            events.accept(new HerderEvent.TaskFailed(
                    c.id(), c.generation(), StatusError.from(StageError.of(Stage.START, e, redactor))));
        }
    }

    /** The invoker's watchdog found a call past its budget: the herder shows it in the owner's status. */
    @Override
    public void stuck(StuckCall call) {
        report(call);
    }

    /** A cancelled call ignored its interrupt: the status says so. */
    @Override
    public void abandoned(StuckCall call) {
        report(call);
    }

    private void report(StuckCall call) {
        Owner owner = call.owner();
        long generation;
        OptionalInt task;
        if (owner.isTask()) {
            TaskHandle handle = tasks.get(new ConnectorTaskId(owner.connector(), owner.task()));
            if (handle == null) {
                return;
            }
            generation = handle.generation();
            task = OptionalInt.of(owner.task());
        } else {
            ConnectorInstance instance = connectors.get(owner.connector());
            if (instance == null) {
                return;
            }
            generation = instance.generation();
            task = OptionalInt.empty();
        }
        LOG.warn("[{}] {}", owner, call.describe());
        events.accept(new HerderEvent.CallStuck(
                owner.connector(), task, generation, call.stage().label(), call.stackTrace()));
    }

    /**
     * Connectors' offsets, as this worker reads and changes them.
     *
     * @return the offsets access, safe from any thread
     */
    public WorkerOffsets offsets() {
        return offsetAccess;
    }

    /**
     * Stops every task and connector still running, in parallel, each within the graceful timeout (then cancelled
     * and written off), and then the store thread. Called after the herder loop has stopped.
     */
    @Override
    public void close() {
        closing = true;
        List<Runnable> stops = new ArrayList<>();
        tasks.values().forEach(handle -> stops.add(handle::stop));
        tasks.clear();
        connectors.values().forEach(instance -> stops.add(() -> instance.stop(grace)));
        connectors.clear();
        List<Future<?>> pending = new ArrayList<>();
        for (Runnable stop : stops) {
            pending.add(operations.submit(stop));
        }
        for (Future<?> f : pending) {
            try {
                f.get(grace.toMillis() * 4 + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Stopping an instance did not finish cleanly", e);
            }
        }
        operations.shutdownNow();
        connectorOffsets.close();
        stores.close();
    }

    /**
     * Runs a stop on an operations thread. A stop that throws (its plugin failed to stop, or it was interrupted because
     * the worker closes) has still ended the generation as far as the herder is concerned: its threads are cancelled
     * and written off by the invoker, so the failure is logged here, with what it was, and the caller goes on to report
     * the stop. Letting it escape would lose it on the executor's thread and leave the herder waiting for the event.
     */
    private void stopOrWriteOff(String what, Runnable stop) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            if (closing) {
                LOG.warn("{} did not stop before the worker closed; written off", what, e);
            } else {
                LOG.error("{} did not stop cleanly; written off", what, e);
            }
        }
    }

    /**
     * Connect's start-up counters of this worker ({@code connect-worker-metrics}). Any thread.
     *
     * @return the counters now
     */
    public StartupCounters.Snapshot startups() {
        return startups.snapshot();
    }

    /**
     * The counters of every task this worker runs now (built and not stopped). Any thread.
     *
     * @return one sample per running task, in no particular order
     */
    public List<TaskSample> taskSamples() {
        List<TaskSample> out = new ArrayList<>();
        tasks.forEach((id, handle) -> {
            TaskRunner runner = handle.runner();
            if (runner != null) {
                out.add(new TaskSample(id, runner.sink(), runner.metrics().snapshot(), runner.errorStats()));
            }
        });
        return out;
    }

    /**
     * The metrics the bridged connectors of this worker keep themselves. Any thread.
     *
     * @return the metrics now, in connector name order
     */
    public List<TaskMetrics.PluginMetric> connectorPluginMetrics() {
        List<TaskMetrics.PluginMetric> out = new ArrayList<>();
        new java.util.TreeMap<>(connectors).values().forEach(c -> out.addAll(c.pluginMetrics()));
        return out;
    }

    /**
     * Whether this worker still holds an instance of the connector, or a stop of one is in flight. Any thread.
     *
     * @param connector the connector's name
     * @return true until its last instance has stopped
     */
    public boolean hosts(String connector) {
        return connectors.containsKey(connector) || connectorStops.containsKey(connector);
    }

    /**
     * Whether this worker still holds an instance of the task, or a stop of one is in flight. Any thread.
     *
     * @param task the task
     * @return true until its last instance has stopped
     */
    public boolean hosts(ConnectorTaskId task) {
        return tasks.containsKey(task) || taskStops.containsKey(task);
    }

    /** Runs a stop on an operations thread, registered in flight until it ends; then tells the herder. Herder thread. */
    private <K> void stopInFlight(
            Map<K, CompletableFuture<Void>> stops, K key, String what, Runnable stop, HerderEvent done) {
        CompletableFuture<Void> stopped = stopping(stops, key);
        operations.execute(() -> {
            try {
                stopOrWriteOff(what, stop);
            } finally {
                stopped.complete(null);
                stops.computeIfPresent(key, (k, f) -> f.isDone() ? null : f);
            }
            events.accept(done);
        });
    }

    /**
     * Registers a stop in flight and returns the future to complete when it ends; the map holds one that completes
     * when every stop of the id in flight has ended. Herder thread.
     */
    private static <K> CompletableFuture<Void> stopping(Map<K, CompletableFuture<Void>> stops, K key) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        stops.merge(key, stopped, (earlier, next) -> earlier.thenCombine(next, (a, b) -> null));
        return stopped;
    }
}
