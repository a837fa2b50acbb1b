package io.kanal.runtime.worker;

import io.kanal.client.admin.AdminClient;
import io.kanal.config.ConfigSpec;
import io.kanal.runtime.api.WorkerApi;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderLoop;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderStateMachine;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.membership.StandaloneMembership;
import io.kanal.runtime.store.MemoryStatusStore;
import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.StatusPublisher;
import io.kanal.runtime.store.StatusStore;
import io.kanal.runtime.store.StoreCommandRunner;
import io.kanal.runtime.store.file.FileConfigStore;
import io.kanal.runtime.store.file.FileOffsetStore;
import io.kanal.runtime.store.kafka.KafkaOffsetStore;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.task.ExactlyOnceMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone worker: the plugin registry, the invoker, the shared clients, the file stores, the herder loop with
 * standalone membership, and the {@link Worker} that carries out the herder's commands, assembled from a worker
 * config as Connect's {@code connect-standalone.sh} reads it. {@link #start()} brings it up, {@link #stop()} takes it
 * down in reverse order.
 *
 * <p>Keys read here: {@code plugin.path}, {@code offset.storage.file.filename} (required, as in Connect), {@code
 * kanal.offset.storage.file.format}, {@code kanal.config.storage.file.filename} (Kanal only: where connectors created
 * at run time are kept; default {@code <offsets file>.connectors.json}), {@code kanal.worker.id}, and everything {@link
 * WorkerResources}, {@link TaskFactory} and the herder read.
 *
 * <p>With {@code exactly.once.source.support=enabled} (which Apache Kafka Connect's standalone worker does not have),
 * source tasks write transactionally as in a cluster, and source offsets live in a Kafka topic instead of the file
 * ({@link StandaloneExactlyOnce}, {@link StandaloneTopicOffsets}); {@code <offsets file>.kanal-eos.json} records the
 * file's migration and the task counts by which a restart fences what a killed process left open ({@link
 * StandaloneEosState}, {@link StandaloneFencing}).
 *
 * <p><b>Threading.</b> {@link #start()} and {@link #stop()} are called by the owner (the command line or a test), one
 * at a time; {@link #putConnector}, {@link #view()} and {@link #statuses()} are safe from any thread.
 */
public final class StandaloneWorker implements AutoCloseable, WorkerApi {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneWorker.class);

    /** Kanal only: the file that keeps connector configs and target states. */
    public static final String CONFIG_FILE = "kanal.config.storage.file.filename";
    /** Connect's standalone offsets file. */
    public static final String OFFSET_FILE = "offset.storage.file.filename";

    private final WorkerCore core;
    private final StatusStore statuses = new MemoryStatusStore();
    private final StoreCommandRunner stores;
    private final Worker worker;
    private final HerderLoop loop;
    private final StandaloneMembership membership;
    private final WorkerOffsets offsets;
    private final StandaloneFencing fencing; // null unless exactly.once.source.support=enabled
    private volatile boolean ready;

    /**
     * Assembles a worker; nothing runs until {@link #start()}.
     *
     * @param workerConfig the worker's config, its provider references already resolved
     * @param connectorResolver resolves config provider references in connector and task configs
     * @throws io.kanal.config.ConfigException naming the key, when a worker key is invalid
     * @throws IllegalArgumentException when {@code offset.storage.file.filename} is missing
     */
    public StandaloneWorker(
            Map<String, String> workerConfig, java.util.function.UnaryOperator<Map<String, String>> connectorResolver) {
        this(
                requireOffsetFile(workerConfig),
                WorkerPlugins.load(workerConfig, WorkerCore.runtimeVersion()),
                connectorResolver,
                ConnectorConfigs.secretsOf(workerConfig, workerConfig));
    }

    /**
     * The config the worker's parts read. With {@code exactly.once.source.support=enabled} the source tasks run the
     * transactional path, their offsets in a Kafka topic ({@link StandaloneExactlyOnce}). {@code preparing} is a step
     * of a cluster's rolling upgrade; a standalone worker has nothing to prepare and treats it as {@code disabled}, with
     * a warning.
     */
    private static Map<String, String> effectiveConfig(
            Map<String, String> workerConfig, Optional<StandaloneExactlyOnce> exactlyOnce) {
        if (exactlyOnce.isPresent()) {
            return exactlyOnce.get().workerConfig(workerConfig);
        }
        ExactlyOnceMode mode = ExactlyOnceMode.fromWorkerConfig(workerConfig);
        if (mode == ExactlyOnceMode.DISABLED) {
            return Map.copyOf(workerConfig);
        }
        LOG.warn(
                "{}={} means disabled in standalone mode (there is no cluster to roll): source tasks are at least once;"
                        + " set it to enabled for exactly-once source tasks",
                ExactlyOnceMode.KEY,
                mode.configValue());
        Map<String, String> config = new HashMap<>(workerConfig);
        config.remove(ExactlyOnceMode.KEY);
        return Map.copyOf(config);
    }

    private StandaloneWorker(
            Map<String, String> workerConfig,
            WorkerPlugins plugins,
            java.util.function.UnaryOperator<Map<String, String>> connectorResolver,
            java.util.Set<String> workerSecrets) {
        Optional<StandaloneExactlyOnce> exactlyOnce = StandaloneExactlyOnce.from(workerConfig);
        Map<String, String> config = effectiveConfig(workerConfig, exactlyOnce);
        // checked before anything is built, so that a bad partition count or replication factor leaks nothing
        Optional<KafkaStoreSettings> topicSettings = exactlyOnce.map(e -> e.storeSettings(config));
        String offsetFile = config.get(OFFSET_FILE);
        this.core = new WorkerCore(
                exactlyOnce
                        .map(StandaloneExactlyOnce::workerId)
                        .orElseGet(() -> config.getOrDefault(
                                StandaloneExactlyOnce.WORKER_ID, WorkerCore.defaultWorkerId(config))),
                config,
                plugins,
                connectorResolver,
                workerSecrets);
        Path offsets = Path.of(offsetFile.trim());
        Path configs = Path.of(config.getOrDefault(CONFIG_FILE, offsetFile.trim() + ".connectors.json")
                .trim());
        FileOffsetStore fileOffsets = new FileOffsetStore(
                offsets, FileOffsetStore.format(config.getOrDefault(FileOffsetStore.FORMAT.name(), "auto")));
        FileConfigStore configStore = new FileConfigStore(configs);
        OffsetStore offsetStore = fileOffsets;
        if (topicSettings.isPresent()) {
            StandaloneEosState state = new StandaloneEosState(StandaloneEosState.next(offsets));
            offsetStore = topicOffsets(topicSettings.get(), fileOffsets, core.clients, state);
            this.fencing = fencing(state, topicSettings.get(), configStore, core.clients);
        } else {
            this.fencing = null;
        }
        this.stores = new StoreCommandRunner(configStore, offsetStore, this::submit);
        this.worker = fencing == null
                ? core.createWorker(offsetStore, stores, this::submit)
                : core.createWorker(offsetStore, stores, this::submit, TaskFencing.before(fencing));
        this.offsets = worker.offsets();
        this.loop = new HerderLoop(
                new HerderStateMachine(core.workerId, config),
                worker,
                new StatusPublisher(statuses),
                System::currentTimeMillis,
                HerderLoop.DEFAULT_QUEUE_CAPACITY);
        this.membership = new StandaloneMembership(core.workerId);
    }

    /**
     * The fencing of exactly-once source tasks' transactional ids: with the worker's admin, the task counts from the
     * connectors' task configs, retried as a cluster's rounds are for up to the store timeout.
     */
    private static StandaloneFencing fencing(
            StandaloneEosState state, KafkaStoreSettings settings, FileConfigStore configs, WorkerResources clients) {
        Duration timeout = settings.timeout();
        return new StandaloneFencing(
                state,
                settings.groupId(),
                connector -> configs.snapshot()
                        .taskConfigs()
                        .getOrDefault(connector, List.of())
                        .size(),
                (connector, ids) -> {
                    try (AdminClient admin = clients.admin(Owner.connector(connector), Map.of())) {
                        return admin.fenceProducers(ids).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    }
                },
                ZombieFencing.defaultRetry(timeout),
                System::currentTimeMillis);
    }

    /** The offsets topic's store, on the worker's shared clients, with the file to migrate from. */
    private static OffsetStore topicOffsets(
            KafkaStoreSettings settings,
            FileOffsetStore fileOffsets,
            WorkerResources clients,
            StandaloneEosState state) {
        LOG.info(
                "Exactly-once source support enabled: source offsets in topic '{}', transactional ids"
                        + " {}-<connector>-<task>",
                settings.offsetTopic().name(),
                settings.groupId());
        return new StandaloneTopicOffsets(
                new KafkaOffsetStore(settings, clients.resourcesFor(settings.bootstrapServers())),
                fileOffsets,
                settings.offsetTopic().name(),
                state);
    }

    /**
     * Assembles a worker from a worker config as a user writes it: the config providers it names ({@code
     * config.providers}) resolve the worker config now and every connector and task config when it starts.
     *
     * @param workerConfig the worker's config, with provider references unresolved
     * @return the worker, not started
     * @throws io.kanal.config.ConfigException naming the key, when a worker key or provider is invalid
     */
    public static StandaloneWorker create(Map<String, String> workerConfig) {
        requireOffsetFile(workerConfig);
        // Plugins first, from the config as written (as Connect reads plugin.path): a provider may come from there.
        WorkerPlugins plugins = WorkerPlugins.load(workerConfig, WorkerCore.runtimeVersion());
        WorkerConfigProviders providers = null;
        try {
            providers = WorkerConfigProviders.from(workerConfig, plugins::configProvider);
            Map<String, String> resolved = providers.resolveWorker(workerConfig);
            StandaloneWorker worker = new StandaloneWorker(
                    requireOffsetFile(resolved),
                    plugins,
                    providers::resolveConnector,
                    ConnectorConfigs.secretsOf(workerConfig, resolved));
            worker.core.ownProviders(providers);
            return worker;
        } catch (RuntimeException e) {
            if (providers != null) {
                providers.close();
            }
            plugins.close();
            throw e;
        }
    }

    private static Map<String, String> requireOffsetFile(Map<String, String> config) {
        String offsetFile = config.get(OFFSET_FILE);
        if (offsetFile == null || offsetFile.isBlank()) {
            throw new IllegalArgumentException("Missing required configuration \"" + OFFSET_FILE
                    + "\" which has no default value: standalone mode keeps source offsets in that file");
        }
        return config;
    }

    private void submit(HerderEvent event) {
        loop.submit(event);
    }

    /**
     * Starts the invoker, fences what a previous process's exactly-once tasks may have left open (so that no open
     * transaction holds the offsets topic while it is read), loads the stores (their connectors start as soon as the
     * herder runs) and starts the herder.
     *
     * @throws io.kanal.runtime.store.StoreException when a store file cannot be read
     */
    public void start() {
        core.invoker.start();
        if (fencing != null) {
            fencing.fenceLeftovers();
        }
        stores.start();
        loop.start();
        membership.start(this::submit);
        ready = true;
        LOG.info(
                "Kanal worker {} started with {} plugins",
                core.workerId,
                core.registry.plugins().size());
    }

    /**
     * Creates or replaces a connector, as {@code PUT /connectors/{name}/config} does, and waits for the herder's answer.
     *
     * @param name the connector's name
     * @param config its config
     * @param timeout the longest wait
     * @return the herder's reply
     * @throws TimeoutException when the herder did not answer in time
     * @throws InterruptedException when interrupted
     */
    public HerderReply putConnector(String name, Map<String, String> config, Duration timeout)
            throws TimeoutException, InterruptedException {
        return putConnector(name, config, Optional.empty(), timeout);
    }

    /**
     * Creates or replaces a connector with an initial target state for a new one ({@code initial_state}).
     *
     * @param name the connector's name
     * @param config its config
     * @param initialState the target state of a new connector; empty for {@code RUNNING}
     * @param timeout the longest wait
     * @return the herder's reply
     * @throws TimeoutException when the herder did not answer in time
     * @throws InterruptedException when interrupted
     */
    public HerderReply putConnector(
            String name, Map<String, String> config, Optional<TargetState> initialState, Duration timeout)
            throws TimeoutException, InterruptedException {
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", name);
        return await(
                request(id -> new HerderEvent.PutConnectorConfig(id, name, withName, true, initialState)), timeout);
    }

    /**
     * Validates a connector config with the connector's own {@code validate}, as Connect does before storing it.
     *
     * @param name the connector's name
     * @param config its config
     * @param timeout how long to wait for the connector
     * @return the outcome: the connector's answer, or why there is none
     * @throws InterruptedException when interrupted
     */
    @Override
    public ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout)
            throws InterruptedException {
        return core.validator.validate(name, config, timeout);
    }

    /**
     * Submits any REST-style request to the herder.
     *
     * @param request builds the request from the id the loop assigns
     * @return the reply, completed on the herder thread
     */
    @Override
    public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
        return loop.request(request);
    }

    private static HerderReply await(CompletableFuture<HerderReply> reply, Duration timeout)
            throws TimeoutException, InterruptedException {
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the herder failed a request", e.getCause());
        }
    }

    /** Logs that the worker is ready: every connector given at start has been submitted. */
    public void announceReady() {
        LOG.info("Kanal worker ready");
    }

    /**
     * The herder's latest view: connectors, tasks and their statuses.
     *
     * @return the view
     */
    @Override
    public HerderView view() {
        return loop.view();
    }

    /**
     * Whether {@link #start()} has completed and {@link #stop()} has not begun.
     *
     * @return true while the worker serves requests
     */
    @Override
    public boolean ready() {
        return ready;
    }

    /**
     * The topics each connector's tasks used.
     *
     * @return the tracker
     */
    @Override
    public ActiveTopics activeTopics() {
        return core.activeTopics;
    }

    /**
     * Reads connectors' committed offsets.
     *
     * @return the reader
     */
    @Override
    public WorkerOffsets offsets() {
        return offsets;
    }

    /**
     * The status store, as REST reads it.
     *
     * @return the statuses
     */
    public StatusStore statuses() {
        return statuses;
    }

    /**
     * This worker's id, as statuses show it.
     *
     * @return the id
     */
    public String workerId() {
        return core.workerId;
    }

    /**
     * The config spec a plugin declares, asked through the invoker and remembered per plugin.
     *
     * @param plugin the plugin
     * @param timeout how long to wait for it
     * @return the spec
     * @throws InterruptedException when interrupted
     */
    @Override
    public ConfigSpec configSpec(PluginDescriptor plugin, Duration timeout) throws InterruptedException {
        return core.configSpec(plugin, timeout);
    }

    /**
     * The installed plugins.
     *
     * @return the registry
     */
    @Override
    public PluginRegistry registry() {
        return core.registry;
    }

    @Override
    public StartupCounters.Snapshot startups() {
        return worker.startups();
    }

    @Override
    public List<TaskSample> taskSamples() {
        return worker.taskSamples();
    }

    @Override
    public List<io.kanal.runtime.task.TaskMetrics.PluginMetric> connectorPluginMetrics() {
        return worker.connectorPluginMetrics();
    }

    /**
     * Stops the herder, then every connector and task (each within {@code task.shutdown.graceful.timeout.ms}, their
     * last offsets written), then the stores, the clients, the invoker and the plugin loaders. Idempotent.
     */
    public void stop() {
        ready = false;
        if (fencing != null) {
            fencing.close();
        }
        loop.stop();
        membership.close();
        core.close();
        LOG.info("Kanal worker {} stopped", core.workerId);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * The runtime's version.
     *
     * @return {@link #runtimeVersion()}
     */
    @Override
    public String version() {
        return runtimeVersion();
    }

    /**
     * The runtime's version, from its jar's manifest; {@code 0.1.0-SNAPSHOT} when run from classes.
     *
     * @return the version
     */
    public static String runtimeVersion() {
        return WorkerCore.runtimeVersion();
    }
}
