package io.kanal.runtime.worker;

import io.kanal.api.connector.Connector;
import io.kanal.api.connector.ConnectorContext;
import io.kanal.api.connector.SinkConnector;
import io.kanal.api.connector.SourceConnector;
import io.kanal.api.sink.SinkConnectorContext;
import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceConnectorContext;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationException;
import io.kanal.config.ParsedConfig;
import io.kanal.config.VariableReference;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.StatusError;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.CancelResult;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.spi.ForeignConnector;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import io.kanal.runtime.task.TaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connector instance (one generation of one connector) and its thread, {@code kanal-connector-<name>}: every
 * call into the {@link Connector} runs there, through the {@link PluginInvoker}, and its result goes to the herder as
 * an event. A connector stuck in {@code start} or {@code taskConfigs} holds only its own thread; the invoker's
 * watchdog reports it and {@link #stop(Duration)} cancels it.
 *
 * <p><b>Threading.</b> The public methods are called by the worker (on the herder thread or the worker's operations
 * threads) and only queue work; the connector object is touched only on the connector thread.
 */
final class ConnectorInstance {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorInstance.class);

    /** Connect adds the task class to every task config it stores; so does Kanal, for the same config topic. */
    static final String TASK_CLASS = "task.class";
    /** The sink keys Connect's worker copies from the connector config into every task config. */
    private static final List<String> SINK_TOPIC_KEYS = List.of("topics", "topics.regex");

    private final String name;
    private final long generation;
    private final Owner owner;
    private final PluginInvoker invoker;
    private final Duration budget;
    private final Consumer<HerderEvent> events;
    private final ExecutorService thread;
    private final ConnectorConfigs configs;
    private final Consumer<ConnectorInstance> onRelease;
    private final AutoCloseable offsetsHold;
    private Redactor redactor = Redactor.NONE; // connector thread only, from here to the next field
    private Plugin<Connector> connector;
    private PluginRegistry registry;
    // A sink's topics (topics / topics.regex), copied into every task config as Connect's worker does: an Apache
    // worker in the same cluster reads them from there.
    private Map<String, String> sinkTopics = Map.of();
    // The connector config's keys whose values hold config provider references, with those values as written: a task
    // config key of the same name stores the reference, not what it resolved to, as Connect's herder does.
    private Map<String, String> references = Map.of();
    private ParsedConfig parsed;
    private boolean running;
    private volatile boolean stopping;
    // A bridged connector's own metrics (Connect's pluginMetrics()): set and refreshed on the connector thread, their
    // last values read on any; refreshQueued keeps at most one refresh waiting on the connector thread.
    private volatile PluginMetricsSampler pluginMetrics;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();

    ConnectorInstance(
            String name,
            long generation,
            PluginInvoker invoker,
            Duration budget,
            ConnectorConfigs configs,
            Consumer<ConnectorInstance> onRelease,
            AutoCloseable offsetsHold,
            Consumer<HerderEvent> events) {
        this.name = name;
        this.generation = generation;
        this.owner = Owner.connector(name);
        this.invoker = invoker;
        this.budget = budget;
        this.configs = configs;
        this.onRelease = onRelease;
        this.offsetsHold = offsetsHold;
        this.events = events;
        this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "kanal-connector-" + name));
    }

    long generation() {
        return generation;
    }

    /**
     * Resolves the config (config providers read files: never on the herder thread), then creates, initialises and,
     * unless paused, starts the connector on its thread; answers {@code ConnectorStarted} or {@code ConnectorFailed}.
     * A paused connector is created but not started, as in Connect.
     */
    void start(PluginRegistry registry, Map<String, String> rawConfig, OffsetReader offsets, boolean paused) {
        submit(() -> {
            try {
                ConnectorConfigs.Resolved resolved = configs.resolve(name, rawConfig);
                redactor = resolved.redactor();
                Map<String, String> config = resolved.values();
                PluginDescriptor descriptor = resolve(registry, config);
                this.registry = registry;
                references = references(rawConfig);
                if (SinkConnector.class.isAssignableFrom(descriptor.pluginClass())) {
                    Map<String, String> topics = new HashMap<>();
                    for (String key : SINK_TOPIC_KEYS) {
                        String value = rawConfig.get(key);
                        if (value != null) {
                            topics.put(key, value);
                        }
                    }
                    sinkTopics = Map.copyOf(topics);
                }
                Plugin<Connector> created = checked(
                        Stage.INSTANTIATE, PluginInstances.create(invoker, owner, descriptor, Connector.class, budget));
                connector = created;
                ForeignPluginMetrics foreign = checked(
                        Stage.INSTANTIATE, invoker.call(created, Stage.INSTANTIATE, budget, c -> tagged(c, name)));
                ConnectorContext context = context(descriptor.pluginClass(), offsets);
                checked(Stage.INITIALIZE, invoker.call(created, Stage.INITIALIZE, budget, c -> {
                    c.initialize(context);
                    return null;
                }));
                ConfigSpec spec = checked(
                        Stage.CONFIG_SPEC, invoker.call(created, Stage.CONFIG_SPEC, budget, Connector::configSpec));
                if (spec != null) {
                    configs.learn(name, spec, config);
                    redactor = configs.redactor(name);
                }
                parsed = parse(spec, config);
                if (foreign != null) {
                    pluginMetrics = new PluginMetricsSampler(
                            owner,
                            created.loader(),
                            foreign,
                            invoker,
                            budget,
                            redactor, // with the spec's PASSWORD values
                            System::nanoTime,
                            PluginMetricsSampler.INTERVAL);
                }
                if (!paused) {
                    startConnector();
                }
                if (pluginMetrics != null) {
                    pluginMetrics.refresh(); // the first values, for the first scrape
                }
                events.accept(new HerderEvent.ConnectorStarted(name, generation));
            } catch (ConnectorCallException e) {
                fail(e.error);
            } catch (RuntimeException e) { // a provider that cannot read, a plugin validator that throws: still typed
                fail(StageError.of(Stage.START, e, redactor));
            }
        });
    }

    /** Pauses (Connect stops a paused connector) or resumes (starts it again) on the connector thread. */
    void targetState(boolean paused) {
        submit(() -> {
            if (connector == null || parsed == null) {
                return;
            }
            try {
                if (paused && running) {
                    stopConnector();
                } else if (!paused && !running) {
                    startConnector();
                }
            } catch (ConnectorCallException e) {
                fail(e.error);
            } catch (RuntimeException e) { // a provider that cannot read, a plugin validator that throws: still typed
                fail(StageError.of(Stage.START, e, redactor));
            }
        });
    }

    private void startConnector() {
        ParsedConfig config = parsed;
        checked(Stage.START, invoker.call(connector, Stage.START, budget, c -> {
            c.start(config);
            return null;
        }));
        running = true;
    }

    private void stopConnector() {
        running = false;
        CallOutcome<Void> outcome = invoker.call(connector, Stage.STOP, budget, k -> {
            k.stop();
            return null;
        });
        if (outcome instanceof CallOutcome.Failed<Void> failed) {
            LOG.warn("[{}] {}", owner, StageError.of(failed, redactor).summary());
        }
    }

    /**
     * The instance failed: it stops the connector, gives up its thread and leaves the worker's map before the herder
     * hears of the failure, so that a restart never overlaps it (a failed instance is gone, for the herder).
     */
    private void fail(StageError error) {
        release();
        events.accept(new HerderEvent.ConnectorFailed(name, generation, StatusError.from(error)));
    }

    /** The herder fails the connector on this event; the instance is released first, as for a failure. */
    private void taskConfigsFailed(StageError error) {
        release();
        events.accept(new HerderEvent.TaskConfigsFailed(name, generation, StatusError.from(error)));
    }

    /** Stops the connector if it runs, leaves the worker's map, and lets the thread end once this task returns. */
    private void release() {
        stopping = true;
        pluginMetrics = null;
        if (running) {
            stopConnector();
        }
        onRelease.accept(this);
        thread.shutdown();
        invoker.retire(owner);
        releaseOffsets();
    }

    /** Gives up the instance's hold on its connector's offsets stores (its offset reader's). Idempotent. */
    private void releaseOffsets() {
        try {
            offsetsHold.close();
        } catch (Exception e) {
            LOG.warn("[{}] releasing its offsets stores failed", owner, e);
        }
    }

    private PluginDescriptor resolve(PluginRegistry registry, Map<String, String> config) {
        try {
            return registry.resolveConnector(
                    config.getOrDefault("connector.class", ""), config.get("connector.plugin.version"));
        } catch (RuntimeException e) { // an unknown class: the message has the closest names
            throw new ConnectorCallException(StageError.of(Stage.INSTANTIATE, e, redactor));
        }
    }

    /** Tells a bridged connector whom it runs for, as Connect tags a connector's plugin metrics; null for others. */
    private static ForeignPluginMetrics tagged(Connector connector, String name) {
        if (connector instanceof ForeignPluginMetrics foreign) {
            foreign.pluginTags(Map.of("connector", name));
            return foreign;
        }
        return null;
    }

    /**
     * The metrics a bridged connector keeps itself (Connect's {@code pluginMetrics()}), for the worker's metrics. Any
     * thread; empty for a Kanal connector, before it was created and after it was released.
     *
     * @return the metrics now
     */
    List<TaskMetrics.PluginMetric> pluginMetrics() {
        PluginMetricsSampler sampler = pluginMetrics;
        if (sampler == null) {
            return List.of();
        }
        // Reading them runs plugin code: on the connector thread, never on the caller's (the metrics scrape).
        if (!stopping && refreshQueued.compareAndSet(false, true)) {
            submit(() -> {
                refreshQueued.set(false);
                PluginMetricsSampler current = pluginMetrics;
                if (current != null) {
                    current.refresh();
                }
            });
        }
        return sampler.current();
    }

    /** The keys of a config as written whose values hold config provider references, with those values. */
    private static Map<String, String> references(Map<String, String> rawConfig) {
        Map<String, String> found = new HashMap<>();
        rawConfig.forEach((key, value) -> {
            if (value != null && !VariableReference.findAll(value).isEmpty()) {
                found.put(key, value);
            }
        });
        return Map.copyOf(found);
    }

    /** Asks the connector for its task configs; answers {@code TaskConfigsReturned} or {@code TaskConfigsFailed}. */
    void taskConfigs(int maxTasks) {
        submit(() -> {
            Plugin<Connector> c = connector;
            if (c == null) {
                events.accept(new HerderEvent.TaskConfigsFailed(
                        name, generation, StatusError.of("taskConfigs", "IllegalStateException", "not started")));
                return;
            }
            try {
                // A bridged connector's task configs name its foreign task class, as Connect's config topic does.
                Class<?> taskClass = checked(
                        Stage.TASK_CLASS,
                        invoker.call(
                                c,
                                Stage.TASK_CLASS,
                                budget,
                                k -> k instanceof ForeignConnector foreign
                                        ? foreign.foreignTaskClass()
                                        : k.taskClass()));
                List<Map<String, String>> returned = checked(
                        Stage.TASK_CONFIGS, invoker.call(c, Stage.TASK_CONFIGS, budget, k -> k.taskConfigs(maxTasks)));
                if (taskClass == null || returned == null) {
                    throw new ConnectorCallException(StageError.of(
                            Stage.TASK_CONFIGS,
                            new IllegalStateException("the connector returned no task class or no task configs"),
                            redactor));
                }
                List<Map<String, String>> withClass = new ArrayList<>(returned.size());
                for (Map<String, String> config : returned) {
                    Map<String, String> copy = new HashMap<>(config == null ? Map.of() : config);
                    copy.values().removeIf(v -> v == null);
                    copy.putAll(sinkTopics);
                    references.forEach((key, reference) -> copy.computeIfPresent(key, (k, resolved) -> reference));
                    copy.put(
                            TASK_CLASS,
                            ConnectTaskNames.written(
                                    registry::foreignName, c.pluginClass().getName(), taskClass.getName()));
                    withClass.add(copy);
                }
                events.accept(new HerderEvent.TaskConfigsReturned(name, generation, withClass));
            } catch (ConnectorCallException e) {
                taskConfigsFailed(e.error);
            } catch (RuntimeException e) { // a task config the runtime cannot copy (a hostile map)
                taskConfigsFailed(StageError.of(Stage.TASK_CONFIGS, e, redactor));
            }
        });
    }

    /**
     * Stops the connector: calls {@code stop} on its thread and waits up to {@code grace}; past it, cancels whatever
     * the thread is stuck in and gives the thread up. Blocks the calling thread (one of the worker's operations
     * threads, never the herder's).
     */
    void stop(Duration grace) {
        stopping = true;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                Plugin<Connector> c = connector;
                if (c != null) {
                    CallOutcome<Void> outcome = invoker.call(c, Stage.STOP, budget, k -> {
                        k.stop();
                        return null;
                    });
                    if (outcome instanceof CallOutcome.Failed<Void> failed) {
                        LOG.warn(
                                "[{}] {}",
                                owner,
                                StageError.of(failed, redactor).summary());
                    }
                }
                stopped.complete(null);
            });
        } catch (RejectedExecutionException e) {
            stopped.complete(null);
        }
        thread.shutdown();
        try {
            stopped.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("[{}] did not stop within {} ms: cancelling its plugin calls", owner, grace.toMillis());
            CancelResult result = invoker.cancel(owner, grace).join();
            if (result == CancelResult.ABANDONED) {
                LOG.error("[{}] abandoned: its thread is stuck in plugin code", owner);
            }
            thread.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("stopping the connector failed", e.getCause());
        } finally {
            invoker.retire(owner);
            releaseOffsets();
        }
    }

    private void submit(Runnable work) {
        try {
            thread.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.debug("[{}] generation {} is stopping; dropping a call", owner, generation);
        }
    }

    private ConnectorContext context(Class<?> type, OffsetReader offsets) {
        if (SourceConnector.class.isAssignableFrom(type)) {
            return new SourceContext(offsets);
        }
        if (SinkConnector.class.isAssignableFrom(type)) {
            return new SinkContext();
        }
        return new BaseContext();
    }

    private ParsedConfig parse(ConfigSpec spec, Map<String, String> config) {
        try {
            return (spec == null ? ConfigSpec.builder().build() : spec).parse(config);
        } catch (ConfigValidationException e) {
            throw new ConnectorCallException(StageError.of(Stage.START, e, redactor));
        }
    }

    private <T> T checked(Stage stage, CallOutcome<T> outcome) {
        if (outcome instanceof CallOutcome.Completed<T> completed) {
            return completed.value();
        }
        if (outcome instanceof CallOutcome.Failed<T> failed) {
            throw new ConnectorCallException(StageError.of(failed, redactor));
        }
        throw new ConnectorCallException(StageError.of(
                stage, new IllegalStateException("the " + stage.label() + " call was cancelled"), redactor));
    }

    /** A connector call that failed, carrying its structured error to the handler on the connector thread. */
    private static final class ConnectorCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient StageError error;

        ConnectorCallException(StageError error) {
            super(error.summary(), null, false, false);
            this.error = error;
        }
    }

    /** The context every connector gets: reconfiguration requests and raised errors go to the herder. */
    private class BaseContext implements ConnectorContext {
        @Override
        public void requestTaskReconfiguration() {
            if (!stopping) {
                events.accept(new HerderEvent.ReconfigurationRequested(name));
            }
        }

        @Override
        public void raiseError(Exception error) {
            StageError stageError = StageError.of(Stage.START, error, redactor);
            LOG.error("[{}] the connector raised an error: {}", owner, stageError.summary());
            submit(() -> fail(stageError));
        }
    }

    private final class SourceContext extends BaseContext implements SourceConnectorContext {
        private final OffsetReader offsets;

        SourceContext(OffsetReader offsets) {
            this.offsets = offsets;
        }

        @Override
        public OffsetReader offsetReader() {
            return offsets;
        }
    }

    private final class SinkContext extends BaseContext implements SinkConnectorContext {}

    @Override
    public String toString() {
        return "ConnectorInstance[" + name + ", generation " + generation + "]";
    }
}
