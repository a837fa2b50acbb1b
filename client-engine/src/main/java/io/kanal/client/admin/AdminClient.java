package io.kanal.client.admin;

import io.kanal.client.IsolationLevel;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.internals.BrokerSelector;
import io.kanal.client.cluster.internals.CoordinatorLookup;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.common.internals.SerialLoop;
import io.kanal.client.config.ClientConfigs;
import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.resource.internals.ClientCore;
import io.kanal.config.ParsedConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kanal's Kafka admin client: topics, configs, offsets, groups, transactions and ACLs, over Kanal's own network
 * engine. See {@link AdminOperations} for the operations, their results, errors and retries.
 *
 * <pre>{@code
 * try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", "localhost:9092"))) {
 *     admin.createTopics(List.of(NewTopic.of("events", 6, 3).withConfigs(Map.of("cleanup.policy", "compact"))))
 *             .get()
 *             .orThrow();
 * }
 * }</pre>
 *
 * <p>Threading: thread-safe. The client's sockets are served by an I/O thread, its responses and retries by a loop on
 * the client resources' loop pool, and the returned futures complete on the resources' callback executor (for a
 * client created on its own: one I/O thread and one loop thread, which also completes the futures). A callback must
 * not block on another operation of the same resources: compose with {@code thenCompose} instead.
 *
 * <p>Metrics: besides the network metrics, every broker error an operation meets (retried or final) marks the meter
 * {@code admin.errors.<ERROR_NAME>} in {@link #metrics()}.
 */
public final class AdminClient implements AdminOperations, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminClient.class);
    private static final int MAX_IN_FLIGHT_PER_CONNECTION = 5;

    private final ClientCore core;
    private final AdminContext ctx;
    private final SerialLoop internal;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TimedOperations defaults;

    private AdminClient(ClientCore core) {
        this.core = core;
        String clientId = core.clientId();
        this.internal = core.newLoop("admin", now -> Long.MAX_VALUE);
        core.onResourcesClosed(() -> {
            ClientClosedException gone = new ClientClosedException(
                    "The client resources of admin client " + core.clientId() + " were closed");
            try {
                internal.execute(() -> abortCalls(gone));
            } catch (RejectedExecutionException e) {
                abortCalls(gone);
            }
        });
        ParsedConfig config = core.config();
        ExponentialBackoff backoff = new ExponentialBackoff(
                config.get(CommonClientConfigs.RETRY_BACKOFF_MS), config.get(CommonClientConfigs.RETRY_BACKOFF_MAX_MS));
        CoordinatorLookup lookup =
                CoordinatorLookup.create(core.network(), core.metadata(), core.scheduler(), backoff, core.time());
        this.ctx = new AdminContext(
                clientId,
                core,
                lookup,
                new BrokerSelector(core.metadata()),
                backoff,
                internal,
                core.scheduler(),
                core.callbacks(),
                config.get(CommonClientConfigs.REQUEST_TIMEOUT_MS),
                ConcurrentHashMap.newKeySet());
        this.defaults = new TimedOperations(ctx, closed, config.get(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS));
        LOG.info("[AdminClient clientId={}] started", clientId);
    }

    /**
     * Creates an admin client from Kafka-style settings ({@link AdminClientConfig#SPEC}).
     *
     * @param settings the settings; {@code bootstrap.servers} is required
     * @return the client, ready to use
     * @throws io.kanal.client.errors.InvalidConfigException naming every invalid setting
     */
    public static AdminClient create(Map<String, ?> settings) {
        return create(settings, null);
    }

    /**
     * Creates an admin client on shared resources: its sockets, loop and callbacks use the resources' threads, and
     * closing the client leaves the resources open.
     *
     * @param settings the settings; {@code bootstrap.servers} is required
     * @param resources the shared resources, or null for private ones
     * @return the client, ready to use
     * @throws io.kanal.client.errors.InvalidConfigException naming every invalid setting
     */
    public static AdminClient create(Map<String, ?> settings, ClientResources resources) {
        ParsedConfig config = ClientConfigs.parse(AdminClientConfig.SPEC, settings, "admin");
        return new AdminClient(ClientCore.create(
                config,
                "admin",
                MAX_IN_FLIGHT_PER_CONNECTION,
                resources == null ? Time.SYSTEM : resources.time(),
                resources));
    }

    /**
     * A view of this client whose operations use another timeout than {@code default.api.timeout.ms}. The view shares
     * this client and is not closed separately.
     *
     * @param timeout the timeout of each operation called through the view
     * @return the view
     */
    public AdminOperations withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new TimedOperations(ctx, closed, timeout.toMillis());
    }

    /**
     * The client id, generated when {@code client.id} was not set.
     *
     * @return the id
     */
    public String clientId() {
        return core.clientId();
    }

    /**
     * The client's metrics: network metrics and {@code admin.errors.<ERROR_NAME>} meters.
     *
     * @return the registry
     */
    public com.codahale.metrics.MetricRegistry metrics() {
        return core.metrics();
    }

    /**
     * The coordinator lookup this client uses, shared with code that talks to group coordinators on its behalf.
     *
     * @return the lookup
     */
    CoordinatorLookup coordinatorLookup() {
        return ctx.lookup();
    }

    @Override
    public CompletableFuture<BatchResult<String, CreatedTopic>> createTopics(
            Collection<NewTopic> topics, boolean validateOnly) {
        return defaults.createTopics(topics, validateOnly);
    }

    @Override
    public CompletableFuture<BatchResult<String, Boolean>> deleteTopics(Collection<String> topics) {
        return defaults.deleteTopics(topics);
    }

    @Override
    public CompletableFuture<Map<String, TopicListing>> listTopics(boolean includeInternal) {
        return defaults.listTopics(includeInternal);
    }

    @Override
    public CompletableFuture<BatchResult<String, TopicDescription>> describeTopics(Collection<String> topics) {
        return defaults.describeTopics(topics);
    }

    @Override
    public CompletableFuture<BatchResult<String, Integer>> createPartitions(
            Map<String, Integer> totalCounts, boolean validateOnly) {
        return defaults.createPartitions(totalCounts, validateOnly);
    }

    @Override
    public CompletableFuture<ClusterDescription> describeCluster() {
        return defaults.describeCluster();
    }

    @Override
    public CompletableFuture<BatchResult<ConfigResource, Map<String, ConfigEntry>>> describeConfigs(
            Collection<ConfigResource> resources) {
        return defaults.describeConfigs(resources);
    }

    @Override
    public CompletableFuture<BatchResult<ConfigResource, Boolean>> incrementalAlterConfigs(
            Map<ConfigResource, List<AlterConfigOp>> changes, boolean validateOnly) {
        return defaults.incrementalAlterConfigs(changes, validateOnly);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, ListedOffset>> listOffsets(
            Map<TopicPartition, OffsetSpec> specs, IsolationLevel isolationLevel) {
        return defaults.listOffsets(specs, isolationLevel);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, Long>> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        return defaults.deleteRecords(beforeOffsets);
    }

    @Override
    public CompletableFuture<List<GroupListing>> listGroups(Set<GroupType> types, Set<String> states) {
        return defaults.listGroups(types, states);
    }

    @Override
    public CompletableFuture<BatchResult<String, GroupDescription>> describeGroups(Collection<String> groupIds) {
        return defaults.describeGroups(groupIds);
    }

    @Override
    public CompletableFuture<BatchResult<String, Boolean>> deleteGroups(Collection<String> groupIds) {
        return defaults.deleteGroups(groupIds);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(
            String groupId, Optional<Collection<TopicPartition>> partitions) {
        return defaults.listConsumerGroupOffsets(groupId, partitions);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, Boolean>> alterConsumerGroupOffsets(
            String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        return defaults.alterConsumerGroupOffsets(groupId, offsets);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, Boolean>> deleteConsumerGroupOffsets(
            String groupId, Set<TopicPartition> partitions) {
        return defaults.deleteConsumerGroupOffsets(groupId, partitions);
    }

    @Override
    public CompletableFuture<BatchResult<String, FencedProducer>> fenceProducers(Collection<String> transactionalIds) {
        return defaults.fenceProducers(transactionalIds);
    }

    @Override
    public CompletableFuture<BatchResult<AclBinding, Boolean>> createAcls(Collection<AclBinding> acls) {
        return defaults.createAcls(acls);
    }

    @Override
    public CompletableFuture<BatchResult<AclBinding, List<AclBinding>>> deleteAcls(Collection<AclBinding> filters) {
        return defaults.deleteAcls(filters);
    }

    @Override
    public CompletableFuture<List<TransactionListing>> listTransactions(ListTransactionsOptions options) {
        return defaults.listTransactions(options);
    }

    @Override
    public CompletableFuture<BatchResult<String, TransactionDescription>> describeTransactions(
            Collection<String> transactionalIds) {
        return defaults.describeTransactions(transactionalIds);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, List<ProducerState>>> describeProducers(
            Collection<TopicPartition> partitions) {
        return defaults.describeProducers(partitions);
    }

    @Override
    public CompletableFuture<Void> abortTransaction(AbortTransactionSpec spec) {
        return defaults.abortTransaction(spec);
    }

    /**
     * Closes the client: new operations fail at once with {@link ClientClosedException}; requests in flight may
     * finish within the timeout; operations still unfinished then (including those waiting to retry) fail with
     * {@link ClientClosedException}. Idempotent.
     *
     * @param timeout how long requests in flight may take
     */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        core.network().close(timeout);
        ClientClosedException error = new ClientClosedException("Admin client " + core.clientId() + " was closed");
        CompletableFuture<Void> aborted = new CompletableFuture<>();
        try {
            internal.execute(() -> {
                abortCalls(error);
                aborted.complete(null);
            });
            if (!internal.inLoop()) {
                aborted.get(5, TimeUnit.SECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("[AdminClient clientId={}] loop already closed", core.clientId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn(
                    "[AdminClient clientId={}] calls in progress not failed in time: {}",
                    core.clientId(),
                    e.toString());
        }
        internal.close();
        // A call that registered after the abort ran can no longer be served by the closed loop: fail it here.
        abortCalls(error);
        core.close();
        LOG.info("[AdminClient clientId={}] closed", core.clientId());
    }

    private void abortCalls(ClientClosedException error) {
        List.copyOf(ctx.calls()).forEach(c -> c.abort(error));
    }

    /** Closes the client, letting requests in flight finish within 30 seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
