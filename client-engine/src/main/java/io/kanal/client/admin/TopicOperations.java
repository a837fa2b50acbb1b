package io.kanal.client.admin;

import io.kanal.client.cluster.Node;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.CreatePartitionsRequest;
import io.kanal.client.protocol.message.CreatePartitionsResponse;
import io.kanal.client.protocol.message.CreateTopicsRequest;
import io.kanal.client.protocol.message.CreateTopicsResponse;
import io.kanal.client.protocol.message.DeleteTopicsRequest;
import io.kanal.client.protocol.message.DeleteTopicsResponse;
import io.kanal.client.protocol.message.DescribeClusterRequest;
import io.kanal.client.protocol.message.DescribeClusterResponse;
import io.kanal.client.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Topic and cluster operations. CreateTopics, DeleteTopics and CreatePartitions go to any broker, which forwards them to
 * the KRaft controller; NOT_CONTROLLER and time-outs are retried on another broker. Stateless; request building and
 * response mapping are static so that tests can check them without a broker.
 */
final class TopicOperations {
    private static final String CLUSTER = "cluster";

    private final AdminContext ctx;

    TopicOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<BatchResult<String, CreatedTopic>> createTopics(
            Collection<NewTopic> topics, boolean validateOnly, long timeoutMs) {
        Map<String, NewTopic> byName = new LinkedHashMap<>();
        for (NewTopic t : topics) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("Topic '" + t.name() + "' is listed twice");
            }
        }
        CallSpec<String, CreatedTopic> spec = CallSpec.of(
                "createTopics",
                Lane.GENERAL,
                (node, keys, timeout) -> createTopicsRequest(keys, byName, validateOnly, timeout),
                (response, keys) -> createTopicsOutcomes((CreateTopicsResponse) response.body()));
        return RetryingCall.run(ctx, spec, Routers.anyBroker(ctx), byName.keySet(), timeoutMs);
    }

    static ApiRequest createTopicsRequest(
            List<String> names, Map<String, NewTopic> byName, boolean validateOnly, int timeoutMs) {
        List<CreateTopicsRequest.CreatableTopic> creatable = new ArrayList<>();
        for (String name : names) {
            NewTopic t = byName.get(name);
            List<CreateTopicsRequest.CreatableTopicConfig> configs = new ArrayList<>();
            t.configs()
                    .forEach((k, v) -> configs.add(CreateTopicsRequest.CreatableTopicConfig.builder()
                            .name(k)
                            .value(v)
                            .build()));
            creatable.add(CreateTopicsRequest.CreatableTopic.builder()
                    .name(name)
                    .numPartitions(t.numPartitions())
                    .replicationFactor(t.replicationFactor())
                    .configs(configs)
                    .build());
        }
        CreateTopicsRequest body = CreateTopicsRequest.builder()
                .topics(creatable)
                .timeoutMs(timeoutMs)
                .validateOnly(validateOnly)
                .build();
        return ApiRequest.of(ApiKey.CREATE_TOPICS, v -> body);
    }

    static Map<String, Outcome<CreatedTopic>> createTopicsOutcomes(CreateTopicsResponse response) {
        Map<String, Outcome<CreatedTopic>> out = new HashMap<>();
        for (CreateTopicsResponse.CreatableTopicResult r : response.topics()) {
            Map<String, String> configs = new LinkedHashMap<>();
            if (r.configs() != null) {
                for (CreateTopicsResponse.CreatableTopicConfigs c : r.configs()) {
                    if (!c.isSensitive() && c.value() != null) {
                        configs.put(c.name(), c.value());
                    }
                }
            }
            CreatedTopic created =
                    new CreatedTopic(r.name(), r.topicId(), r.numPartitions(), r.replicationFactor(), configs);
            out.put(r.name(), Outcome.of(r.errorCode(), r.errorMessage(), created));
        }
        return out;
    }

    CompletableFuture<BatchResult<String, Boolean>> deleteTopics(Collection<String> names, long timeoutMs) {
        CallSpec<String, Boolean> spec = CallSpec.of(
                "deleteTopics",
                Lane.GENERAL,
                (node, keys, timeout) -> ApiRequest.of(ApiKey.DELETE_TOPICS, v -> deleteTopicsBody(keys, timeout, v)),
                (response, keys) -> {
                    Map<String, Outcome<Boolean>> out = new HashMap<>();
                    for (DeleteTopicsResponse.DeletableTopicResult r :
                            ((DeleteTopicsResponse) response.body()).responses()) {
                        out.put(r.name(), Outcome.of(r.errorCode(), r.errorMessage(), Boolean.TRUE));
                    }
                    return out;
                });
        return RetryingCall.run(ctx, spec, Routers.anyBroker(ctx), List.copyOf(names), timeoutMs);
    }

    static DeleteTopicsRequest deleteTopicsBody(List<String> names, int timeoutMs, short version) {
        DeleteTopicsRequest.Builder b = DeleteTopicsRequest.builder().timeoutMs(timeoutMs);
        if (version >= 6) {
            List<DeleteTopicsRequest.DeleteTopicState> states = new ArrayList<>();
            for (String name : names) {
                states.add(DeleteTopicsRequest.DeleteTopicState.builder()
                        .name(name)
                        .build());
            }
            b.topics(states);
        } else {
            b.topicNames(List.copyOf(names));
        }
        return b.build();
    }

    CompletableFuture<Map<String, TopicListing>> listTopics(boolean includeInternal, long timeoutMs) {
        CallSpec<String, Map<String, TopicListing>> spec = CallSpec.of(
                "listTopics", Lane.GENERAL, (node, keys, timeout) -> MetadataFetch.request(null), (response, keys) -> {
                    Map<String, TopicListing> listings = new java.util.TreeMap<>();
                    for (MetadataResponse.MetadataResponseTopic t : ((MetadataResponse) response.body()).topics()) {
                        if (t.errorCode() == Errors.NONE.code() && (includeInternal || !t.isInternal())) {
                            listings.put(t.name(), new TopicListing(t.name(), t.topicId(), t.isInternal()));
                        }
                    }
                    return Map.of(CLUSTER, new Outcome.Done<>(Map.copyOf(listings)));
                });
        return RetryingCall.single(ctx, spec, Routers.anyBroker(ctx), CLUSTER, timeoutMs);
    }

    CompletableFuture<BatchResult<String, TopicDescription>> describeTopics(Collection<String> names, long timeoutMs) {
        CallSpec<String, TopicDescription> spec = CallSpec.of(
                "describeTopics",
                Lane.GENERAL,
                (node, keys, timeout) -> MetadataFetch.request(keys),
                (response, keys) -> describeOutcomes((MetadataResponse) response.body()));
        return RetryingCall.run(ctx, spec, Routers.anyBroker(ctx), List.copyOf(names), timeoutMs);
    }

    static Map<String, Outcome<TopicDescription>> describeOutcomes(MetadataResponse response) {
        Map<Integer, Node> brokers = MetadataFetch.brokers(response);
        Map<String, Outcome<TopicDescription>> out = new HashMap<>();
        for (MetadataResponse.MetadataResponseTopic t : response.topics()) {
            Errors error = Errors.forCode(t.errorCode());
            if (error == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                // Describing a topic that does not exist is an answer, not a transient state to wait out.
                out.put(
                        t.name(),
                        new Outcome.Fail<>(BrokerErrors.exception(error, "Topic '" + t.name() + "' does not exist")));
                continue;
            }
            if (error != Errors.NONE) {
                out.put(t.name(), Outcome.ofError(error, null));
                continue;
            }
            List<TopicPartitionInfo> partitions = new ArrayList<>();
            for (MetadataResponse.MetadataResponsePartition p : t.partitions()) {
                partitions.add(new TopicPartitionInfo(
                        p.partitionIndex(),
                        Optional.ofNullable(brokers.get(p.leaderId())),
                        p.leaderEpoch(),
                        p.replicaNodes(),
                        p.isrNodes()));
            }
            partitions.sort(Comparator.comparingInt(TopicPartitionInfo::partition));
            out.put(
                    t.name(),
                    new Outcome.Done<>(new TopicDescription(t.name(), t.topicId(), t.isInternal(), partitions)));
        }
        return out;
    }

    CompletableFuture<BatchResult<String, Integer>> createPartitions(
            Map<String, Integer> totalCounts, boolean validateOnly, long timeoutMs) {
        CallSpec<String, Integer> spec = CallSpec.of(
                "createPartitions",
                Lane.GENERAL,
                (node, keys, timeout) -> {
                    List<CreatePartitionsRequest.CreatePartitionsTopic> topics = new ArrayList<>();
                    for (String name : keys) {
                        topics.add(CreatePartitionsRequest.CreatePartitionsTopic.builder()
                                .name(name)
                                .count(totalCounts.get(name))
                                .assignments(null)
                                .build());
                    }
                    CreatePartitionsRequest body = CreatePartitionsRequest.builder()
                            .topics(topics)
                            .timeoutMs(timeout)
                            .validateOnly(validateOnly)
                            .build();
                    return ApiRequest.of(ApiKey.CREATE_PARTITIONS, v -> body);
                },
                (response, keys) -> {
                    Map<String, Outcome<Integer>> out = new HashMap<>();
                    for (CreatePartitionsResponse.CreatePartitionsTopicResult r :
                            ((CreatePartitionsResponse) response.body()).results()) {
                        out.put(r.name(), Outcome.of(r.errorCode(), r.errorMessage(), totalCounts.get(r.name())));
                    }
                    return out;
                });
        return RetryingCall.run(ctx, spec, Routers.anyBroker(ctx), List.copyOf(totalCounts.keySet()), timeoutMs);
    }

    CompletableFuture<ClusterDescription> describeCluster(long timeoutMs) {
        CallSpec<String, ClusterDescription> spec = CallSpec.of(
                "describeCluster",
                Lane.GENERAL,
                (node, keys, timeout) -> ApiRequest.of(ApiKey.DESCRIBE_CLUSTER, v -> DescribeClusterRequest.builder()
                        .build()),
                (response, keys) -> Map.of(CLUSTER, clusterOutcome((DescribeClusterResponse) response.body())));
        return RetryingCall.single(ctx, spec, Routers.anyBroker(ctx), CLUSTER, timeoutMs);
    }

    static Outcome<ClusterDescription> clusterOutcome(DescribeClusterResponse r) {
        List<Node> nodes = new ArrayList<>();
        for (DescribeClusterResponse.DescribeClusterBroker b : r.brokers()) {
            nodes.add(new Node(b.brokerId(), b.host(), b.port(), b.rack()));
        }
        nodes.sort(Comparator.comparingInt(Node::id));
        Optional<Node> controller =
                nodes.stream().filter(n -> n.id() == r.controllerId()).findFirst();
        return Outcome.of(r.errorCode(), r.errorMessage(), new ClusterDescription(r.clusterId(), controller, nodes));
    }
}
