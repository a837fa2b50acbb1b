package io.kanal.runtime.worker;

import io.kanal.api.connector.Task;
import io.kanal.api.errors.PluginException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.config.ConfigSpec;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.invoke.CallOutcome;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.isolation.spi.ForeignPluginMetrics;
import io.kanal.runtime.task.TaskConverters;
import io.kanal.runtime.task.TaskFailedException;
import io.kanal.runtime.task.TaskRunner;
import io.kanal.runtime.task.TransformChain;
import io.kanal.runtime.task.TransformConfigs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Turns a {@code StartTask} command into a {@link TaskRunner}: finds the connector's plugin location, loads the task
 * class there, creates the task, its converters and its transforms through the invoker, and hands them to the {@link
 * TaskFactory}. Everything that goes wrong becomes a {@link TaskFailedException} with the stage it failed in.
 *
 * <p>Stateless and thread-safe; runs on one of the worker's operations threads, never the herder's.
 */
final class TaskLauncher {

    private final PluginRegistry registry;
    private final PluginInvoker invoker;
    private final TaskFactory factory;
    private final ConnectorOffsetStores offsets;
    private final Map<String, String> workerConfig;
    private final Duration budget;

    TaskLauncher(
            PluginRegistry registry,
            PluginInvoker invoker,
            TaskFactory factory,
            ConnectorOffsetStores offsets,
            Map<String, String> workerConfig,
            Duration budget) {
        this.registry = registry;
        this.invoker = invoker;
        this.factory = factory;
        this.offsets = offsets;
        this.workerConfig = Map.copyOf(workerConfig);
        this.budget = budget;
    }

    /**
     * Builds a task, not started.
     *
     * @param id the task
     * @param connectorConfig the connector's resolved config
     * @param taskConfig the task's resolved config
     * @param redactor masks the connector's secrets
     * @param listener told of the task's state
     * @return the runner
     * @throws TaskFailedException when any part cannot be created or configured
     */
    TaskRunner build(
            ConnectorTaskId id,
            Map<String, String> connectorConfig,
            Map<String, String> taskConfig,
            Redactor redactor,
            TaskRunner.Listener listener) {
        Owner owner = Owner.task(id.connector(), id.task());
        try {
            PluginDescriptor connector = registry.resolveConnector(
                    connectorConfig.getOrDefault("connector.class", ""),
                    connectorConfig.get("connector.plugin.version"));
            ClassLoader loader = connector.loader();
            Class<?> taskClass = taskClass(owner, loader, connector.className(), taskConfig, redactor);
            AtomicReference<ForeignPluginMetrics> pluginMetrics = new AtomicReference<>();
            Plugin<? extends Task> task = instantiate(owner, connector, taskClass, redactor, pluginMetrics::set);
            // The task's own PASSWORD keys are secrets too, also when its connector has not told its spec yet (a
            // restarted worker starts stored tasks together with their connector).
            ConfigSpec spec = checked(
                    Stage.CONFIG_SPEC, invoker.call(task, Stage.CONFIG_SPEC, budget, Task::configSpec), redactor);
            if (spec != null) {
                redactor = redactor.with(ConnectorConfigs.passwordValues(spec, taskConfig));
            }
            TaskPlugins plugins = new TaskPlugins(registry, invoker, budget, redactor);
            TaskConverters converters = plugins.converters(owner, workerConfig, connectorConfig, loader);
            try {
                TaskRunner runner = assemble(
                        id, owner, task, loader, plugins, converters, connectorConfig, taskConfig, redactor, listener);
                ForeignPluginMetrics foreign = pluginMetrics.get();
                if (foreign != null) {
                    PluginMetricsSampler sampler = new PluginMetricsSampler(
                            owner,
                            loader,
                            foreign,
                            invoker,
                            budget,
                            redactor,
                            System::nanoTime,
                            PluginMetricsSampler.INTERVAL);
                    runner.metrics().plugin(sampler::current, sampler::refresh);
                }
                return runner;
            } catch (RuntimeException e) {
                // The pipeline owns converters and transforms once built; a failed build must close what it made.
                converters.close(invoker, budget);
                throw e;
            }
        } catch (TaskFailedException e) {
            throw e;
        } catch (RuntimeException e) { // resolution and config errors: typed, with a message naming what is wrong
            throw new TaskFailedException(StageError.of(Stage.START, e, redactor), e);
        }
    }

    private TaskRunner assemble(
            ConnectorTaskId id,
            Owner owner,
            Plugin<? extends Task> task,
            ClassLoader loader,
            TaskPlugins plugins,
            TaskConverters converters,
            Map<String, String> connectorConfig,
            Map<String, String> taskConfig,
            Redactor redactor,
            TaskRunner.Listener listener) {
        if (SourceTask.class.isAssignableFrom(task.pluginClass())) {
            @SuppressWarnings("unchecked") // checked on the line above
            Plugin<SourceTask> source = (Plugin<SourceTask>) task;
            List<TransformChain.Step<SourceRecord>> steps =
                    TransformConfigs.steps(connectorConfig, plugins.<SourceRecord>transforms(owner, loader));
            // KIP-618: the connector's own offsets topic (created when missing) first, the worker's as fallback
            // held until the task's clients are closed: the last holder of a connector's own store closes it
            ConnectorOffsetStores.Lease lease;
            try {
                lease = offsets.forTask(id.connector(), connectorConfig);
            } catch (RuntimeException e) {
                new TransformChain<>(invoker, budget, redactor, steps).close();
                throw e;
            }
            try {
                return factory.source(
                        owner,
                        source,
                        connectorConfig,
                        taskConfig,
                        converters,
                        steps,
                        lease.offsets(),
                        lease.offsets(),
                        redactor,
                        listener,
                        lease);
            } catch (RuntimeException e) {
                lease.close();
                new TransformChain<>(invoker, budget, redactor, steps).close();
                throw e;
            }
        }
        if (SinkTask.class.isAssignableFrom(task.pluginClass())) {
            @SuppressWarnings("unchecked") // checked on the line above
            Plugin<SinkTask> sink = (Plugin<SinkTask>) task;
            List<TransformChain.Step<SinkRecord>> steps =
                    TransformConfigs.steps(connectorConfig, plugins.<SinkRecord>transforms(owner, loader));
            try {
                return factory.sink(owner, sink, connectorConfig, taskConfig, converters, steps, redactor, listener);
            } catch (RuntimeException e) {
                new TransformChain<>(invoker, budget, redactor, steps).close();
                throw e;
            }
        }
        throw new TaskFailedException(
                StageError.of(
                        Stage.INSTANTIATE,
                        new PluginException(task.pluginClass().getName() + " is neither a SourceTask nor a SinkTask"),
                        redactor),
                null);
    }

    private Class<?> taskClass(
            Owner owner,
            ClassLoader loader,
            String connectorClassName,
            Map<String, String> taskConfig,
            Redactor redactor) {
        String written = taskConfig.get(ConnectorInstance.TASK_CLASS);
        String name = written == null
                ? null
                : ConnectTaskNames.loaded(registry::foreignName, connectorClassName, written.trim());
        if (name == null || name.isBlank()) {
            throw new TaskFailedException(
                    StageError.of(
                            Stage.INSTANTIATE,
                            new PluginException("the task config has no " + ConnectorInstance.TASK_CLASS),
                            redactor),
                    null);
        }
        // Loading runs the class's static initialisers: plugin code, so it goes through the invoker.
        CallOutcome<Class<?>> loaded =
                invoker.call(owner, loader, Stage.INSTANTIATE, budget, () -> Class.forName(name.trim(), true, loader));
        return checked(Stage.INSTANTIATE, loaded, redactor);
    }

    /**
     * Creates the task: a Kanal task through its constructor; a bridged connector's foreign task (a Connect {@code
     * SourceTask}, say) through the connector's adapter, which wraps a new instance as a Kanal task.
     */
    private Plugin<? extends Task> instantiate(
            Owner owner,
            PluginDescriptor connector,
            Class<?> type,
            Redactor redactor,
            Consumer<ForeignPluginMetrics> pluginMetrics) {
        ClassLoader loader = connector.loader();
        PluginDescriptor.Bridged bridged = connector.bridged();
        if (bridged == null) {
            if (!Task.class.isAssignableFrom(type)) {
                throw new TaskFailedException(
                        StageError.of(
                                Stage.INSTANTIATE,
                                new PluginException("Cannot cast " + type.getName() + " to " + Task.class.getName()),
                                redactor),
                        null);
            }
            return checked(
                    Stage.INSTANTIATE,
                    invoker.instantiate(owner, loader, type.asSubclass(Task.class), budget),
                    redactor);
        }
        return checked(
                Stage.INSTANTIATE,
                invoker.call(owner, loader, Stage.INSTANTIATE, budget, () -> {
                    Task adapted = bridged.adapter().adapt(type, Task.class);
                    if (adapted instanceof ForeignPluginMetrics metrics) {
                        // Connect's tags of a task's plugin metrics, before the task registers any.
                        Map<String, String> tags = new LinkedHashMap<>();
                        tags.put("connector", owner.connector());
                        tags.put("task", String.valueOf(owner.task()));
                        metrics.pluginTags(tags);
                        pluginMetrics.accept(metrics);
                    }
                    return Plugin.of(owner, adapted, loader);
                }),
                redactor);
    }

    private static <T> T checked(Stage stage, CallOutcome<T> outcome, Redactor redactor) {
        if (outcome instanceof CallOutcome.Completed<T> completed) {
            return completed.value();
        }
        if (outcome instanceof CallOutcome.Failed<T> failed) {
            throw new TaskFailedException(StageError.of(failed, redactor), failed.error());
        }
        throw new TaskFailedException(
                StageError.of(
                        stage, new IllegalStateException("the " + stage.label() + " call was cancelled"), redactor),
                null);
    }
}
