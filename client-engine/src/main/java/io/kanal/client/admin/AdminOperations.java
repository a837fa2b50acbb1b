package io.kanal.client.admin;

import io.kanal.client.IsolationLevel;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The admin operations: topics, configs, offsets, groups, transactions and ACLs.
 *
 * <p><b>Results.</b> Operations on one thing (list topics, describe the cluster, a group's offsets) return a future of
 * the value, failed with the typed exception. Operations on several items return a future of a {@link BatchResult}: it
 * completes once every item is decided and holds each item's value or exception, so callers see every topic's outcome,
 * not only the first failure; {@link BatchResult#orThrow()} turns it into all-or-exception.
 *
 * <p><b>Errors and retries.</b> Retriable errors (a moved leader or coordinator, a coordinator still loading, a lost
 * connection, NOT_CONTROLLER, throttling) are retried inside with exponential back-off ({@code retry.backoff.ms} up to
 * {@code retry.backoff.max.ms}) until the operation's timeout ({@code default.api.timeout.ms}, or the one given to
 * {@link AdminClient#withTimeout}); then the item fails with a {@link io.kanal.client.errors.TimeoutException} whose cause is
 * the last error. Errors retrying cannot fix fail at once with the typed exception of
 * {@link io.kanal.client.errors.BrokerErrors#exception}, keeping the broker's message: for example
 * {@link io.kanal.client.errors.InvalidConfigException} for a replication factor larger than the cluster or a bad
 * topic name ({@code INVALID_TOPIC_EXCEPTION}, which KIP-1050 counts as a configuration error), a
 * {@link io.kanal.client.errors.BrokerErrorException} with {@code TOPIC_ALREADY_EXISTS}. A retried
 * create or delete whose first attempt reached the broker may then report TOPIC_ALREADY_EXISTS or
 * UNKNOWN_TOPIC_OR_PARTITION, as with Kafka's own admin client.
 *
 * <p><b>Threading.</b> Thread-safe. Returned futures complete on the client resources' callback executor, never on
 * the network I/O thread or the admin's own loop, so a slow callback does not stall the client. The callback threads
 * are few and shared: a callback must not block waiting for another admin call (compose with {@code thenCompose}).
 */
public interface AdminOperations {
    /**
     * Creates topics (CreateTopics, sent to any broker, which forwards it to the controller).
     *
     * @param topics the topics, with distinct names
     * @param validateOnly whether to only validate the request and not create anything
     * @return each topic's outcome by name
     * @throws IllegalArgumentException if a name is listed twice
     */
    CompletableFuture<BatchResult<String, CreatedTopic>> createTopics(
            Collection<NewTopic> topics, boolean validateOnly);

    /**
     * Creates topics.
     *
     * @param topics the topics, with distinct names
     * @return each topic's outcome by name
     */
    default CompletableFuture<BatchResult<String, CreatedTopic>> createTopics(Collection<NewTopic> topics) {
        return createTopics(topics, false);
    }

    /**
     * Deletes topics by name.
     *
     * @param topics the names
     * @return each topic's outcome (the value is always true)
     */
    CompletableFuture<BatchResult<String, Boolean>> deleteTopics(Collection<String> topics);

    /**
     * Lists the topics.
     *
     * @param includeInternal whether to include Kafka's internal topics
     * @return the topics by name
     */
    CompletableFuture<Map<String, TopicListing>> listTopics(boolean includeInternal);

    /**
     * Describes topics: partitions, leaders, replicas, in-sync replicas, topic id. An unknown topic fails at once with
     * UNKNOWN_TOPIC_OR_PARTITION.
     *
     * @param topics the names
     * @return each topic's description
     */
    CompletableFuture<BatchResult<String, TopicDescription>> describeTopics(Collection<String> topics);

    /**
     * Raises topics' partition counts.
     *
     * @param totalCounts the new total partition count per topic
     * @param validateOnly whether to only validate
     * @return each topic's outcome, the value being its new count
     */
    CompletableFuture<BatchResult<String, Integer>> createPartitions(
            Map<String, Integer> totalCounts, boolean validateOnly);

    /**
     * Describes the cluster: id, brokers, controller.
     *
     * @return the description
     */
    CompletableFuture<ClusterDescription> describeCluster();

    /**
     * Describes the configs of topics and brokers (DescribeConfigs; a broker's own configs are asked of that broker).
     *
     * @param resources the resources
     * @return each resource's config entries by name
     */
    CompletableFuture<BatchResult<ConfigResource, Map<String, ConfigEntry>>> describeConfigs(
            Collection<ConfigResource> resources);

    /**
     * Changes configs incrementally (IncrementalAlterConfigs): SET, DELETE (back to the default), APPEND and SUBTRACT
     * for list-valued configs.
     *
     * @param changes the operations per resource
     * @param validateOnly whether to only validate
     * @return each resource's outcome (the value is always true)
     */
    CompletableFuture<BatchResult<ConfigResource, Boolean>> incrementalAlterConfigs(
            Map<ConfigResource, List<AlterConfigOp>> changes, boolean validateOnly);

    /**
     * Finds offsets (ListOffsets, sent to each partition's leader): earliest, latest, by timestamp or of the record
     * with the largest timestamp.
     *
     * @param specs what to find per partition
     * @param isolationLevel READ_COMMITTED to stop at the last stable offset
     * @return each partition's offset; a by-timestamp query with no record at or after the timestamp gives offset -1
     */
    CompletableFuture<BatchResult<TopicPartition, ListedOffset>> listOffsets(
            Map<TopicPartition, OffsetSpec> specs, IsolationLevel isolationLevel);

    /**
     * Finds offsets with {@link IsolationLevel#READ_UNCOMMITTED}.
     *
     * @param specs what to find per partition
     * @return each partition's offset
     */
    default CompletableFuture<BatchResult<TopicPartition, ListedOffset>> listOffsets(
            Map<TopicPartition, OffsetSpec> specs) {
        return listOffsets(specs, IsolationLevel.READ_UNCOMMITTED);
    }

    /**
     * Deletes records before offsets (DeleteRecords, sent to each partition's leader).
     *
     * @param beforeOffsets per partition, the offset before which records go; -1 for the high watermark
     * @return each partition's new low watermark
     */
    CompletableFuture<BatchResult<TopicPartition, Long>> deleteRecords(Map<TopicPartition, Long> beforeOffsets);

    /**
     * Lists groups of every type (classic, consumer, share, streams) on every broker. Filters need ListGroups v4
     * (states) and v5 (types); a broker without them fails the call with an
     * {@link io.kanal.client.errors.UnsupportedVersionException}.
     *
     * @param types only groups of these types; empty for all
     * @param states only groups in these states (e.g. "Stable", "Empty"), case-insensitive; empty for all
     * @return the groups
     */
    CompletableFuture<List<GroupListing>> listGroups(Set<GroupType> types, Set<String> states);

    /**
     * Describes groups, each with the API that fits its type: ConsumerGroupDescribe for KIP-848 consumer groups,
     * DescribeGroups for classic groups (tried when ConsumerGroupDescribe answers GROUP_ID_NOT_FOUND or the broker lacks
     * it). A group that does not exist fails with GROUP_ID_NOT_FOUND.
     *
     * @param groupIds the groups
     * @return each group's description
     */
    CompletableFuture<BatchResult<String, GroupDescription>> describeGroups(Collection<String> groupIds);

    /**
     * Deletes groups; they must be empty.
     *
     * @param groupIds the groups
     * @return each group's outcome (the value is always true)
     */
    CompletableFuture<BatchResult<String, Boolean>> deleteGroups(Collection<String> groupIds);

    /**
     * A consumer group's committed offsets (OffsetFetch, sent to the group coordinator).
     *
     * @param groupId the group
     * @param partitions the partitions to read, or empty for every partition with a committed offset
     * @return the committed offsets; partitions without one are left out
     */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(
            String groupId, Optional<Collection<TopicPartition>> partitions);

    /**
     * Commits offsets for a group as an admin (OffsetCommit with generation/member epoch -1). The group must have no
     * active members, or the coordinator refuses.
     *
     * @param groupId the group
     * @param offsets the offsets to commit
     * @return each partition's outcome (the value is always true)
     */
    CompletableFuture<BatchResult<TopicPartition, Boolean>> alterConsumerGroupOffsets(
            String groupId, Map<TopicPartition, OffsetAndMetadata> offsets);

    /**
     * Deletes a group's committed offsets (OffsetDelete). Partitions of topics the group is subscribed to fail with
     * GROUP_SUBSCRIBED_TO_TOPIC.
     *
     * @param groupId the group
     * @param partitions the partitions
     * @return each partition's outcome (the value is always true)
     */
    CompletableFuture<BatchResult<TopicPartition, Boolean>> deleteConsumerGroupOffsets(
            String groupId, Set<TopicPartition> partitions);

    /**
     * Fences the producers of transactional ids (KIP-618), as a new producer's {@code initTransactions()} would:
     * InitProducerId without a producer id or epoch, sent to each id's transaction coordinator. The coordinator bumps
     * the epoch, aborts the open transaction if there is one (answering CONCURRENT_TRANSACTIONS until the abort is
     * written; that is retried, as are COORDINATOR_LOAD_IN_PROGRESS and, after a new lookup, NOT_COORDINATOR), and any
     * producer still on an older epoch fails with PRODUCER_FENCED from then on. An id that had no producer yet gets
     * one. TRANSACTIONAL_ID_AUTHORIZATION_FAILED fails the id with an
     * {@link io.kanal.client.errors.AuthorizationException}.
     *
     * @param transactionalIds the transactional ids, not empty strings
     * @return each id's new producer id and epoch
     * @throws IllegalArgumentException if an id is null or empty
     */
    CompletableFuture<BatchResult<String, FencedProducer>> fenceProducers(Collection<String> transactionalIds);

    /**
     * Creates ACLs (CreateAcls, sent to any broker, which forwards it to the controller). Creating an ACL that exists
     * succeeds. Needs ALTER on the cluster, or a super user; a cluster without an authorizer fails each item with
     * SECURITY_DISABLED.
     *
     * @param acls the ACLs, with no {@code ANY}, {@code MATCH} or {@code UNKNOWN} values and no null names, principals
     *     or hosts; duplicates are sent once
     * @return each ACL's outcome (the value is always true); an ACL with a filter value fails with a {@link
     *     io.kanal.client.errors.BrokerErrorException} of {@code INVALID_REQUEST} and is not sent
     */
    CompletableFuture<BatchResult<AclBinding, Boolean>> createAcls(Collection<AclBinding> acls);

    /**
     * Deletes the ACLs that match filters (DeleteAcls, sent to any broker).
     *
     * @param filters the filters: an {@code ANY} value or a null string matches anything, pattern type {@code MATCH}
     *     matches every binding that applies to the name; duplicates are sent once
     * @return per filter, the ACLs it deleted
     */
    CompletableFuture<BatchResult<AclBinding, List<AclBinding>>> deleteAcls(Collection<AclBinding> filters);

    /**
     * Lists transactions (ListTransactions, sent to every broker: each lists the transactional ids it coordinates). A
     * broker whose coordinator is shutting down (COORDINATOR_NOT_AVAILABLE) fails the call, as with Kafka's admin.
     *
     * @param options the filters; the duration filter needs ListTransactions v1 and the pattern v2, else the call fails
     *     with an {@link io.kanal.client.errors.UnsupportedVersionException}
     * @return the transactions of every broker
     */
    CompletableFuture<List<TransactionListing>> listTransactions(ListTransactionsOptions options);

    /**
     * Lists every transaction the coordinators know.
     *
     * @return the transactions of every broker
     */
    default CompletableFuture<List<TransactionListing>> listTransactions() {
        return listTransactions(ListTransactionsOptions.all());
    }

    /**
     * Describes transactions (DescribeTransactions, sent to each id's transaction coordinator, ids sharing one in a
     * request): state, producer id and epoch, timeout, start time and partitions. An unknown id fails with
     * TRANSACTIONAL_ID_NOT_FOUND.
     *
     * @param transactionalIds the transactional ids
     * @return each id's description
     * @throws IllegalArgumentException if an id is null or empty
     */
    CompletableFuture<BatchResult<String, TransactionDescription>> describeTransactions(
            Collection<String> transactionalIds);

    /**
     * Describes the producers active on partitions (DescribeProducers, sent to each partition's leader): the state the
     * leader keeps per producer id, including the start offset of an open transaction, which holds back the
     * partition's last stable offset.
     *
     * @param partitions the partitions
     * @return each partition's active producers
     */
    CompletableFuture<BatchResult<TopicPartition, List<ProducerState>>> describeProducers(
            Collection<TopicPartition> partitions);

    /**
     * Aborts a hanging transaction on one partition (KIP-664) by writing an abort marker there (WriteTxnMarkers, sent
     * to the partition's leader, which requires CLUSTER_ACTION on the cluster). Meant for hanging transactions, which
     * their coordinator no longer knows and so never ends; a live transaction is better ended by
     * {@link #fenceProducers}, which lets its coordinator abort it on every partition. Fails with INVALID_PRODUCER_EPOCH (a
     * {@link io.kanal.client.errors.BrokerErrorException}) if the leader has seen a newer epoch of the producer,
     * TRANSACTION_COORDINATOR_FENCED if the coordinator epoch is older than the last marker's, and
     * CLUSTER_AUTHORIZATION_FAILED as an {@link io.kanal.client.errors.AuthorizationException}.
     *
     * @param spec the transaction, usually from {@link AbortTransactionSpec#forProducer}
     * @return completes once the marker is written
     */
    CompletableFuture<Void> abortTransaction(AbortTransactionSpec spec);
}
