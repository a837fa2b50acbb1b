package io.kanal.client.admin;

import io.kanal.client.IsolationLevel;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.errors.ClientClosedException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The admin operations with one timeout ({@code default.api.timeout.ms}, or a view's from {@link
 * AdminClient#withTimeout}): each checks that the client is open, then goes to the operations of its area (topics,
 * configs, partitions, groups, group offsets, transactions, ACLs). Thread-safe: it holds no state of its own beyond
 * what it was built with, and the area classes hand their work to the client's loop.
 */
final class TimedOperations implements AdminOperations {
    private final AtomicBoolean closed;
    private final String clientId;
    private final long timeoutMs;
    private final TopicOperations topics;
    private final ConfigOperations configs;
    private final PartitionOperations partitions;
    private final GroupOperations groups;
    private final GroupOffsetOperations groupOffsets;
    private final TransactionOperations transactions;
    private final AclCalls aclCalls;

    /**
     * Operations with the given timeout.
     *
     * @param ctx the client's shared context
     * @param closed whether the client was closed
     * @param timeoutMs the timeout of each operation
     */
    TimedOperations(AdminContext ctx, AtomicBoolean closed, long timeoutMs) {
        this.clientId = ctx.clientId();
        this.closed = closed;
        this.timeoutMs = timeoutMs;
        this.topics = new TopicOperations(ctx);
        this.configs = new ConfigOperations(ctx);
        this.partitions = new PartitionOperations(ctx);
        this.groups = new GroupOperations(ctx);
        this.groupOffsets = new GroupOffsetOperations(ctx);
        this.transactions = new TransactionOperations(ctx);
        this.aclCalls = new AclCalls(ctx);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new ClientClosedException("Admin client " + clientId + " is closed");
        }
    }

    @Override
    public CompletableFuture<BatchResult<String, CreatedTopic>> createTopics(
            Collection<NewTopic> newTopics, boolean validateOnly) {
        ensureOpen();
        return topics.createTopics(newTopics, validateOnly, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<String, Boolean>> deleteTopics(Collection<String> names) {
        ensureOpen();
        return topics.deleteTopics(names, timeoutMs);
    }

    @Override
    public CompletableFuture<Map<String, TopicListing>> listTopics(boolean includeInternal) {
        ensureOpen();
        return topics.listTopics(includeInternal, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<String, TopicDescription>> describeTopics(Collection<String> names) {
        ensureOpen();
        return topics.describeTopics(names, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<String, Integer>> createPartitions(
            Map<String, Integer> totalCounts, boolean validateOnly) {
        ensureOpen();
        return topics.createPartitions(totalCounts, validateOnly, timeoutMs);
    }

    @Override
    public CompletableFuture<ClusterDescription> describeCluster() {
        ensureOpen();
        return topics.describeCluster(timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<ConfigResource, Map<String, ConfigEntry>>> describeConfigs(
            Collection<ConfigResource> resources) {
        ensureOpen();
        return configs.describeConfigs(resources, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<ConfigResource, Boolean>> incrementalAlterConfigs(
            Map<ConfigResource, List<AlterConfigOp>> changes, boolean validateOnly) {
        ensureOpen();
        return configs.incrementalAlterConfigs(changes, validateOnly, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, ListedOffset>> listOffsets(
            Map<TopicPartition, OffsetSpec> specs, IsolationLevel isolationLevel) {
        ensureOpen();
        return partitions.listOffsets(specs, isolationLevel, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, Long>> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        ensureOpen();
        return partitions.deleteRecords(beforeOffsets, timeoutMs);
    }

    @Override
    public CompletableFuture<List<GroupListing>> listGroups(Set<GroupType> types, Set<String> states) {
        ensureOpen();
        return groups.listGroups(types, states, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<String, GroupDescription>> describeGroups(Collection<String> groupIds) {
        ensureOpen();
        return groups.describeGroups(groupIds, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<String, Boolean>> deleteGroups(Collection<String> groupIds) {
        ensureOpen();
        return groups.deleteGroups(groupIds, timeoutMs);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(
            String groupId, Optional<Collection<TopicPartition>> wanted) {
        ensureOpen();
        return groupOffsets.listOffsets(groupId, wanted, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, Boolean>> alterConsumerGroupOffsets(
            String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        ensureOpen();
        return groupOffsets.alterOffsets(groupId, offsets, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, Boolean>> deleteConsumerGroupOffsets(
            String groupId, Set<TopicPartition> wanted) {
        ensureOpen();
        return groupOffsets.deleteOffsets(groupId, wanted, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<String, FencedProducer>> fenceProducers(Collection<String> ids) {
        ensureOpen();
        return transactions.fenceProducers(ids, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<AclBinding, Boolean>> createAcls(Collection<AclBinding> acls) {
        ensureOpen();
        return aclCalls.createAcls(acls, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<AclBinding, List<AclBinding>>> deleteAcls(Collection<AclBinding> filters) {
        ensureOpen();
        return aclCalls.deleteAcls(filters, timeoutMs);
    }

    @Override
    public CompletableFuture<List<TransactionListing>> listTransactions(ListTransactionsOptions options) {
        ensureOpen();
        return transactions.listTransactions(options, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<String, TransactionDescription>> describeTransactions(Collection<String> ids) {
        ensureOpen();
        return transactions.describeTransactions(ids, timeoutMs);
    }

    @Override
    public CompletableFuture<BatchResult<TopicPartition, List<ProducerState>>> describeProducers(
            Collection<TopicPartition> wanted) {
        ensureOpen();
        return transactions.describeProducers(wanted, timeoutMs);
    }

    @Override
    public CompletableFuture<Void> abortTransaction(AbortTransactionSpec spec) {
        ensureOpen();
        return transactions.abortTransaction(spec, timeoutMs);
    }
}
