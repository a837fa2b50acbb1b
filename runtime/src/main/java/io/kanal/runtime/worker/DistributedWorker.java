package io.kanal.runtime.worker;

import io.kanal.client.resource.ClientResources;
import io.kanal.config.ConfigSpec;
import io.kanal.config.InvalidConfigValueException;
import io.kanal.runtime.api.ApiException;
import io.kanal.runtime.api.ClusterRouting;
import io.kanal.runtime.api.InternalRequestSigning;
import io.kanal.runtime.api.WorkerApi;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderLoop;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderStateMachine;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.isolation.PluginDescriptor;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.membership.group.WorkerGroupConfig;
import io.kanal.runtime.membership.group.WorkerGroupMembership;
import io.kanal.runtime.store.ClusterStatusPublisher;
import io.kanal.runtime.store.StoreCommandRunner;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaConfigStore;
import io.kanal.runtime.store.kafka.KafkaOffsetStore;
import io.kanal.runtime.store.kafka.KafkaStatusStore;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.task.ActiveTopics;
import io.kanal.runtime.task.ExactlyOnceMode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker of a distributed cluster, as Connect's {@code connect-distributed.sh} runs one: the same herder, worker and
 * plugins as a standalone worker, on Connect's three internal topics ({@link KafkaConfigStore}, {@link
 * KafkaOffsetStore}, {@link KafkaStatusStore}) and in Connect's worker group ({@link WorkerGroupMembership}), which
 * tells it what to run.
 *
 * <p>How the parts meet: the config topic feeds the herder (every worker reads every connector); the group's
 * assignment says which connectors and tasks this worker runs; what it runs is reported to the status topic by a
 * {@link ClusterStatusPublisher}, and {@link #view()} shows the others' work from there. Only the leader asks for a
 * rebalance when the set of connectors or their task counts change, because one request is enough for the group.
 *
 * <p><b>Threading.</b> {@link #start()} and {@link #stop()} are called by the owner (the command line or a test), one
 * at a time; every {@link WorkerApi} method is safe from any thread. The group's thread ({@code kanal-group-<id>})
 * hands assignments to the herder through an {@link AssignmentIntake}, after catching up on offsets.
 */
public final class DistributedWorker implements AutoCloseable, WorkerApi {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedWorker.class);

    /** How long a clean stop waits for this worker's instances before it leaves the group anyway. */
    private static final Duration STOP_BUDGET = Duration.ofSeconds(30);

    /**
     * How long a follower keeps trying to hand task configs to the leader (through a rebalance, a key rotation); as
     * Connect's REST request timeout.
     */
    private static final Duration FORWARD_BUDGET = Duration.ofSeconds(90);

    /** Connect's key of the algorithm that signs internal requests. */
    private static final String SIGNATURE_ALGORITHM = "inter.worker.signature.algorithm";

    private final WorkerCore core;
    private final URI advertisedUrl;
    private final KafkaStoreSettings storeSettings;
    private final KafkaConfigStore configStore;
    private final DistributedExactlyOnce exactlyOnce;
    private final KafkaOffsetStore offsetStore;
    private final KafkaStatusStore statusStore;
    private final TaskConfigsThroughLeader taskConfigWrites;
    private final StoreCommandRunner stores;
    private final Worker worker;
    private final WorkerOffsets offsets;
    private final ClusterStatusPublisher publisher;
    private final AssignmentIntake intake;
    private final RevocationWatch revocations;
    private final HerderLoop loop;
    private final WorkerGroupConfig groupConfig;
    private final WorkerGroupMembership membership;
    private final DistributedRouting routing;
    private final SessionKeyRotation sessionKeys;
    private final ScheduledExecutorService sessionKeyTimer;
    private final WorkerHealth health;
    private volatile boolean ready;
    private final AtomicBoolean stopped = new AtomicBoolean(); // stop() may come from main and the shutdown hook
    private volatile BiConsumer<String, String> clusterLoggerLevels = (namespace, level) ->
            LOG.warn("No logging backend to apply cluster-wide level {} of namespace '{}' to", level, namespace);

    private DistributedWorker(
            Map<String, String> config,
            URI advertisedUrl,
            WorkerPlugins plugins,
            UnaryOperator<Map<String, String>> connectorResolver,
            Set<String> workerSecrets) {
        this.advertisedUrl = advertisedUrl;
        this.groupConfig = WorkerGroupConfig.fromWorkerConfig(config, advertisedUrl.toString());
        this.storeSettings = KafkaStoreSettings.from(config);
        // The leader recognises clean leaves, and REST finds owners, by the worker id in statuses: in a cluster it is
        // always host:port of the advertised URL, as Connect's.
        String configuredId = config.get("kanal.worker.id");
        if (configuredId != null && !configuredId.trim().equals(groupConfig.workerId())) {
            throw new InvalidConfigValueException(
                    "kanal.worker.id",
                    configuredId,
                    "a worker in a cluster is known by host:port of its " + "advertised URL (" + groupConfig.workerId()
                            + "); leave kanal.worker.id unset");
        }
        this.core = new WorkerCore(groupConfig.workerId(), config, plugins, connectorResolver, workerSecrets);
        try {
            ClientResources kafka = core.clients.resourcesFor(storeSettings.bootstrapServers());
            ExactlyOnceMode exactlyOnceMode = ExactlyOnceMode.fromWorkerConfig(config);
            String algorithm =
                    config.getOrDefault(SIGNATURE_ALGORITHM, InternalRequestSigning.DEFAULT_SIGNATURE_ALGORITHM);
            this.configStore = new KafkaConfigStore(
                    storeSettings, kafka, exactlyOnceMode.transactionalLeader(), this::configTopicFenced);
            this.offsetStore = new KafkaOffsetStore(storeSettings, kafka);
            this.statusStore = new KafkaStatusStore(storeSettings, kafka, core.workerId);
            this.taskConfigWrites = new TaskConfigsThroughLeader(
                    new LoggerLevelRecords(
                            new RejoinOnConfigChange(configStore, this::configChanged),
                            (namespace, level) -> clusterLoggerLevels.accept(namespace, level)),
                    this::routing,
                    () -> configStore.readToEnd(storeSettings.timeout()),
                    algorithm,
                    FORWARD_BUDGET);
            // the herder learns each task-config generation with its configs, on the store's reading thread
            this.stores = new StoreCommandRunner(
                    taskConfigWrites,
                    offsetStore,
                    this::submit,
                    c -> FencingPlan.generation(configStore.configSnapshot(), c));
            this.worker = core.createWorker(
                    offsetStore,
                    stores,
                    this::submit,
                    this::taskFencing,
                    true,
                    ExactlyOnceMode.fromWorkerConfig(config).transactionalTasks()
                            ? new ClusterOffsetChangeFencing(
                                    new FencingCluster(
                                            configStore, core.clients, core.connectorConfigs, storeSettings.timeout()),
                                    groupConfig::groupId,
                                    ZombieFencing.defaultRetry(FORWARD_BUDGET),
                                    System::currentTimeMillis)
                            : OffsetChangeFencing.NONE);
            this.offsets = worker.offsets();
            this.publisher = new ClusterStatusPublisher(statusStore);
            this.intake =
                    new AssignmentIntake(core.workerId, offsetStore, storeSettings.timeout(), publisher, this::submit);
            this.exactlyOnce = DistributedExactlyOnce.create(
                    configStore,
                    new FencingCluster(configStore, core.clients, core.connectorConfigs, storeSettings.timeout()),
                    exactlyOnceMode.transactionalTasks(),
                    groupConfig.groupId(),
                    groupConfig.workerId(),
                    this::rejoinAfterFence,
                    this::routing,
                    algorithm,
                    FORWARD_BUDGET,
                    storeSettings.timeout(),
                    intake::owned);
            this.revocations = new RevocationWatch(worker);
            this.loop = new HerderLoop(
                    new HerderStateMachine(core.workerId, config, true),
                    exactlyOnce.recording(worker),
                    view -> {
                        publisher.accept(view);
                        revocations.check(view);
                    },
                    System::currentTimeMillis,
                    HerderLoop.DEFAULT_QUEUE_CAPACITY);
            this.membership = new WorkerGroupMembership(
                    groupConfig,
                    new ConfigTopicView(configStore),
                    revocations::await,
                    new CleanDepartures(statusStore),
                    new DistributedGenerations(statusStore::setGeneration, exactlyOnce),
                    kafka);
            this.routing = new DistributedRouting(
                    membership, configStore, statusStore, () -> loop.view().rebalanceInProgress(), advertisedUrl);
            this.sessionKeys = new SessionKeyRotation(routing, configStore, config, System::currentTimeMillis);
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
        this.sessionKeyTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kanal-session-key-" + groupConfig.workerId());
            t.setDaemon(true);
            return t;
        });
        this.health = new WorkerHealth(configStore, membership.fatalError(), stopped::get, intake);
    }

    /**
     * Assembles a worker from a worker config as a user writes it; its config providers ({@code config.providers})
     * resolve the worker config now and every connector and task config when it starts.
     *
     * @param workerConfig the worker's config, with provider references unresolved
     * @param advertisedUrl the REST URL other workers reach this one at ({@code rest.advertised.*})
     * @return the worker, not started
     * @throws io.kanal.config.ConfigException naming the key, when a worker key or provider is invalid
     */
    public static DistributedWorker create(Map<String, String> workerConfig, URI advertisedUrl) {
        // Plugins first, from the config as written (as Connect reads plugin.path): a provider may come from there.
        WorkerPlugins plugins = WorkerPlugins.load(workerConfig, WorkerCore.runtimeVersion());
        WorkerConfigProviders providers = null;
        try {
            providers = WorkerConfigProviders.from(workerConfig, plugins::configProvider);
            Map<String, String> resolved = providers.resolveWorker(workerConfig);
            DistributedWorker worker = new DistributedWorker(
                    resolved,
                    advertisedUrl,
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

    private void submit(HerderEvent event) {
        loop.submit(event);
    }

    private void configTopicFenced() {
        exactlyOnce.fenced();
    }

    private void rejoinAfterFence() {
        membership.requestRejoin("fenced out of the config topic");
    }

    private TaskFencing.Steps taskFencing(io.kanal.runtime.invoke.Owner owner) {
        return exactlyOnce.forTask(owner);
    }

    private void configChanged() {
        if (routing.isLeader()) {
            membership.requestRejoin("the connectors or their task counts changed");
        }
    }

    /**
     * Starts the invoker, reads the three topics to their ends (creating them when missing), starts the herder and
     * joins the group.
     *
     * @throws io.kanal.runtime.store.StoreException when a topic cannot be created or read
     */
    public void start() {
        core.invoker.start();
        statusStore.start();
        stores.start();
        loop.start();
        membership.start(intake);
        sessionKeyTimer.scheduleWithFixedDelay(sessionKeys, 0, 1, TimeUnit.SECONDS);
        ready = true;
        LOG.info(
                "Kanal worker {} started in group {} with {} plugins, advertising {}",
                core.workerId,
                groupConfig.groupId(),
                core.registry.plugins().size(),
                advertisedUrl);
    }

    /** Logs that the worker is up: its REST API serves and it has joined its group. */
    public void announceReady() {
        LOG.info("Kanal worker ready");
    }

    /**
     * Leaves the cluster cleanly: stops every connector and task here (their statuses become {@code UNASSIGNED}, their
     * offsets are written), then leaves the group, so that the leader hands the work to the others at once; then the
     * herder, the stores and the clients. Idempotent; after a failed {@link #start()} it releases what was started.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (ready) {
            ready = false;
            new CleanLeave(core.workerId, intake, revocations, statusStore, STOP_BUDGET, storeSettings.timeout()).run();
        }
        sessionKeyTimer.shutdownNow();
        exactlyOnce.close(); // waits (bounded) for a claim and a round: they use the clients and store closed below
        membership.close();
        loop.stop();
        core.closeWorker();
        // The status store shares the worker's clients: it closes (sending what is queued) before them.
        statusStore.close();
        core.closeResources();
        LOG.info("Kanal worker {} left group {} and stopped", core.workerId, groupConfig.groupId());
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Hands a request to the herder. The answer to a KIP-745 restart shows the plan for the whole cluster (its
     * instances restart on their own workers after the answer), built from the cluster's statuses.
     */
    @Override
    public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
        AtomicReference<HerderEvent.Request> made = new AtomicReference<>();
        return loop.request(id -> {
                    HerderEvent.Request r = request.apply(id);
                    made.set(r);
                    return r;
                })
                .thenApply(reply -> {
                    if (reply instanceof HerderReply.Restarting
                            && made.get() instanceof HerderEvent.RestartConnector r) {
                        return view().connector(r.name())
                                .<HerderReply>map(c -> new HerderReply.Restarting(
                                        ClusterView.plannedRestart(c, r.onlyFailed(), r.includeTasks())))
                                .orElse(reply);
                    }
                    return reply;
                });
    }

    /**
     * Every connector of the cluster, with the statuses of what other workers run read from the status topic.
     *
     * @return the view
     */
    @Override
    public HerderView view() {
        return ClusterView.of(loop.view(), intake.owned(), statusStore);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Written from this worker, as Connect's {@code DistributedHerder.setClusterLoggerLevel}: the record is not
     * leader business. Returns once this worker has read it back (and so applied it).
     */
    @Override
    public boolean putClusterLoggerLevel(String namespace, String level) {
        try {
            configStore.putLoggerLevel(namespace, level);
        } catch (StoreException e) {
            throw new ApiException(ApiException.INTERNAL, e.getMessage());
        }
        LOG.info("Worker {}: wrote cluster-wide level {} for logger namespace '{}'", core.workerId, level, namespace);
        return true;
    }

    @Override
    public void applyClusterLoggerLevels(BiConsumer<String, String> apply) {
        clusterLoggerLevels = Objects.requireNonNull(apply, "apply");
    }

    /**
     * {@inheritDoc}
     *
     * <p>With {@code exactly.once.source.support=enabled}, the round of {@link ZombieFencing}, run by {@link
     * FencingRounds} off the caller's thread ({@link DistributedExactlyOnce}); else nothing.
     */
    @Override
    public CompletableFuture<Void> fenceZombies(String connector) {
        return exactlyOnce.fenceZombies(connector);
    }

    @Override
    public ClusterRouting routing() {
        return routing;
    }

    @Override
    public PluginRegistry registry() {
        return core.registry;
    }

    @Override
    public ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout)
            throws InterruptedException {
        return core.validator.validate(name, config, timeout);
    }

    @Override
    public ConfigSpec configSpec(PluginDescriptor plugin, Duration timeout) throws InterruptedException {
        return core.configSpec(plugin, timeout);
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

    @Override
    public boolean ready() {
        return ready;
    }

    /**
     * Unhealthy when the config topic cannot be read to its end within the timeout: the Kafka cluster is unreachable,
     * no connector can be created or changed, and the group cannot rebalance.
     */
    @Override
    public Optional<String> unhealthyBecause(Duration timeout) {
        return health.unhealthyBecause(timeout);
    }

    @Override
    public ActiveTopics activeTopics() {
        return core.activeTopics;
    }

    @Override
    public WorkerOffsets offsets() {
        return offsets;
    }

    @Override
    public String version() {
        return WorkerCore.runtimeVersion();
    }

    /**
     * This worker's id in statuses: {@code host:port} of its advertised URL, as Connect's.
     *
     * @return the id
     */
    public String workerId() {
        return core.workerId;
    }

    /**
     * The group this worker belongs to.
     *
     * @return {@code group.id}
     */
    public String groupId() {
        return groupConfig.groupId();
    }

    /**
     * The generation of the group's last assignment to this worker.
     *
     * @return the generation; {@code -1} before the first
     */
    public int generation() {
        return membership.generation();
    }

    /**
     * How many task-config writes the leader accepted from this worker as a follower (KIP-507), for tests and metrics.
     *
     * @return the count
     */
    public long taskConfigsWrittenThroughLeader() {
        return taskConfigWrites.forwarded();
    }

    /**
     * What this worker runs now, as its last assignment says.
     *
     * @return the assignment
     */
    public Assignment owned() {
        return intake.owned();
    }
}
