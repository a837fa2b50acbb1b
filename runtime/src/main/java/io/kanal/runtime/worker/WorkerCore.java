package io.kanal.runtime.worker;

import io.kanal.config.ConfigSpec;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.invoke.InvokerListener;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.StuckCall;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.StoreCommandRunner;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.task.ExactlyOnceMode;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What every worker has whatever its mode: the plugin registry, the invoker, the shared clients, connector config
 * resolution, topic tracking, the validator and the {@link Worker} that carries out the herder's commands. The
 * standalone and the distributed worker differ only in their stores and membership, which they hand to {@link
 * #createWorker}.
 *
 * <p><b>Threading.</b> Built, started and closed by the owning worker's start/stop thread; the parts it holds document
 * their own threading.
 */
final class WorkerCore implements AutoCloseable {

    final String workerId;
    final Map<String, String> config;
    final PluginRegistry registry;
    private final WorkerPlugins plugins;
    private WorkerConfigProviders providers; // closed before the plugin loaders, when the worker built them
    final PluginInvoker invoker;
    final WorkerResources clients;
    final ConnectorConfigs connectorConfigs;
    final ActiveTopics activeTopics;
    final ConnectorValidator validator;
    private volatile Worker worker; // set once on the start thread, read by the invoker's watchdog

    /**
     * @param plugins the worker's plugins, loaded from its config before its providers were built; closed with the core
     */
    WorkerCore(
            String workerId,
            Map<String, String> config,
            WorkerPlugins plugins,
            UnaryOperator<Map<String, String>> connectorResolver,
            Set<String> workerSecrets) {
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.config = Map.copyOf(config);
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.registry = plugins.registry();
        this.invoker = PluginInvoker.builder().listener(new StuckCalls()).build();
        this.clients = new WorkerResources(workerId, this.config);
        this.connectorConfigs = new ConnectorConfigs(connectorResolver, workerSecrets);
        this.activeTopics = ActiveTopics.from(this.config);
        this.validator = new ConnectorValidator(
                registry,
                invoker,
                connectorConfigs,
                TaskFactory.callBudget(this.config),
                System::nanoTime,
                ExactlyOnceMode.fromWorkerConfig(this.config),
                this.config);
    }

    /**
     * Creates the worker, once, on the given stores.
     *
     * @param offsets where source offsets live
     * @param stores the store command runner
     * @param events where the worker's results go (the herder loop)
     * @return the worker
     */
    Worker createWorker(OffsetStore offsets, StoreCommandRunner stores, Consumer<HerderEvent> events) {
        return createWorker(offsets, stores, events, TaskFencing.NONE);
    }

    /**
     * Creates the worker, once, on the given stores, with a step that exactly-once source tasks run before they take
     * their transactional ids.
     *
     * @param offsets where source offsets live
     * @param stores the store command runner
     * @param events where the worker's results go (the herder loop)
     * @param zombieFencing the leader's round of zombie fencing for a connector and the check after it, run on a task
     *     thread
     * @return the worker
     */
    Worker createWorker(
            OffsetStore offsets, StoreCommandRunner stores, Consumer<HerderEvent> events, TaskFencing zombieFencing) {
        return createWorker(offsets, stores, events, zombieFencing, false);
    }

    /**
     * Creates the worker, once, on the given stores, saying whether source connectors may have their own offsets
     * topics (KIP-618; Connect permits them in distributed mode only).
     *
     * @param offsets where source offsets live
     * @param stores the store command runner
     * @param events where the worker's results go (the herder loop)
     * @param zombieFencing the leader's round of zombie fencing for a connector and the check after it, on a task thread
     * @param connectorOffsetsTopics whether connectors' own offsets topics are used
     * @return the worker
     */
    Worker createWorker(
            OffsetStore offsets,
            StoreCommandRunner stores,
            Consumer<HerderEvent> events,
            TaskFencing zombieFencing,
            boolean connectorOffsetsTopics) {
        return createWorker(offsets, stores, events, zombieFencing, connectorOffsetsTopics, OffsetChangeFencing.NONE);
    }

    /**
     * Creates the worker, once, with what it runs before it changes a source connector's offsets.
     *
     * @param offsets where source offsets live
     * @param stores the store command runner
     * @param events where the worker's results go (the herder loop)
     * @param zombieFencing the leader's round of zombie fencing for a connector and the check after it, on a task thread
     * @param connectorOffsetsTopics whether connectors' own offsets topics are used
     * @param offsetFencing fences a source connector's task producers before its offsets change (exactly-once)
     * @return the worker
     */
    Worker createWorker(
            OffsetStore offsets,
            StoreCommandRunner stores,
            Consumer<HerderEvent> events,
            TaskFencing zombieFencing,
            boolean connectorOffsetsTopics,
            OffsetChangeFencing offsetFencing) {
        if (worker != null) {
            throw new IllegalStateException("the worker exists already");
        }
        worker = new Worker(
                config,
                registry,
                invoker,
                clients,
                offsets,
                stores,
                connectorConfigs,
                activeTopics,
                events,
                zombieFencing,
                connectorOffsetsTopics,
                offsetFencing);
        return worker;
    }

    /**
     * Hands the core the config providers the worker built from its plugins, to be closed after the worker's plugins
     * stopped and before their loaders close. Called once, on the start thread, right after construction.
     *
     * @param built the providers
     */
    void ownProviders(WorkerConfigProviders built) {
        this.providers = built;
    }

    ConfigSpec configSpec(PluginDescriptor plugin, Duration timeout) throws InterruptedException {
        return validator.spec(plugin, timeout);
    }

    /**
     * Stops the validator, the worker's plugins, the clients, the invoker, the config providers and the class loaders,
     * in that order.
     */
    @Override
    public void close() {
        closeWorker();
        closeResources();
    }

    /** Stops the validator and every connector and task of the worker: the first half of {@link #close()}. */
    void closeWorker() {
        validator.close();
        if (worker != null) {
            worker.close();
        }
    }

    /**
     * Closes the clients, the invoker, the config providers and the class loaders: the second half of {@link #close()}, after whatever else
     * uses the shared clients (a distributed worker's status store) has closed.
     */
    void closeResources() {
        clients.close();
        invoker.stop();
        try {
            if (providers != null) {
                providers.close();
            }
        } finally {
            plugins.close();
        }
    }

    /**
     * The worker id a worker uses when {@code kanal.worker.id} is not set: {@code host:port} of its advertised REST
     * URL, as Connect's worker ids.
     *
     * @param config the worker's config
     * @return the id
     */
    static String defaultWorkerId(Map<String, String> config) {
        String host = config.getOrDefault("rest.advertised.host.name", "localhost");
        String port = config.getOrDefault("rest.advertised.port", config.getOrDefault("rest.port", "8083"));
        return host + ":" + port;
    }

    /**
     * The runtime's version, from the jar manifest.
     *
     * @return the version
     */
    static String runtimeVersion() {
        String v = WorkerCore.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private final class StuckCalls implements InvokerListener {
        @Override
        public void stuck(StuckCall call) {
            if (worker != null) {
                worker.stuck(call);
            }
        }

        @Override
        public void abandoned(StuckCall call) {
            if (worker != null) {
                worker.abandoned(call);
            }
        }
    }
}
