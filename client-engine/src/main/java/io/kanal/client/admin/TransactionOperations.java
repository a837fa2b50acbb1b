package io.kanal.client.admin;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.cluster.Node;
import io.kanal.client.errors.BrokerErrorException;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.DescribeProducersRequest;
import io.kanal.client.protocol.message.DescribeProducersResponse;
import io.kanal.client.protocol.message.DescribeTransactionsRequest;
import io.kanal.client.protocol.message.DescribeTransactionsResponse;
import io.kanal.client.protocol.message.InitProducerIdRequest;
import io.kanal.client.protocol.message.InitProducerIdResponse;
import io.kanal.client.protocol.message.ListTransactionsRequest;
import io.kanal.client.protocol.message.ListTransactionsResponse;
import io.kanal.client.protocol.message.WriteTxnMarkersRequest;
import io.kanal.client.protocol.message.WriteTxnMarkersResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The admin's transaction operations (KIP-664, KIP-618): list, describe, fence and abort. ListTransactions goes to
 * every broker (each lists the transactional ids it coordinates); DescribeTransactions and InitProducerId go to each
 * transactional id's transaction coordinator; DescribeProducers and WriteTxnMarkers go to the partition's leader.
 * Stateless.
 *
 * <p>Errors follow Kafka's admin handlers, which the KIP-1050 categories reproduce: COORDINATOR_LOAD_IN_PROGRESS and
 * CONCURRENT_TRANSACTIONS are retried as they are, NOT_COORDINATOR and COORDINATOR_NOT_AVAILABLE after a new
 * coordinator lookup, NOT_LEADER_OR_FOLLOWER after fresh metadata; authorization failures fail at once with an
 * {@link io.kanal.client.errors.AuthorizationException}, TRANSACTIONAL_ID_NOT_FOUND and the rest with their typed
 * exception. Three exceptions are written out below, as Kafka has them: ListTransactions fails on
 * COORDINATOR_NOT_AVAILABLE (the broker is shutting down, it will not list), and a WriteTxnMarkers answer of
 * BROKER_NOT_AVAILABLE is rerouted while INVALID_PRODUCER_EPOCH there means a stale spec, not a fenced producer.
 */
final class TransactionOperations {
    private final AdminContext ctx;

    TransactionOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<BatchResult<String, FencedProducer>> fenceProducers(
            Collection<String> transactionalIds, long timeoutMs) {
        Set<String> ids = validIds(transactionalIds);
        Router<String, FencedProducer> router = transactionCoordinator(ctx);
        // InitProducerId carries one transactional id: one call per id, each retried on its own.
        CallSpec<String, FencedProducer> spec = CallSpec.of(
                "fenceProducers",
                Lane.GROUP,
                (node, keys, timeout) -> initProducerIdRequest(keys.get(0), timeout),
                (response, keys) ->
                        Map.of(keys.get(0), fenceOutcome(keys.get(0), (InitProducerIdResponse) response.body())));
        List<CompletableFuture<BatchResult<String, FencedProducer>>> calls = new ArrayList<>();
        for (String id : ids) {
            calls.add(RetryingCall.run(ctx, spec, router, List.of(id), timeoutMs));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, FencedProducer> values = new LinkedHashMap<>();
            Map<String, KafkaException> errors = new LinkedHashMap<>();
            for (CompletableFuture<BatchResult<String, FencedProducer>> call : calls) {
                BatchResult<String, FencedProducer> one = call.join();
                values.putAll(one.values());
                errors.putAll(one.errors());
            }
            return new BatchResult<>(values, errors);
        });
    }

    /**
     * The InitProducerId that fences a transactional id: no producer id or epoch, so the coordinator bumps the epoch of
     * whatever producer holds the id and aborts its open transaction. The transaction timeout is used by the
     * coordinator when it writes the new epoch to its log, so it must not be tiny: Kafka's admin sent 1 ms before
     * KAFKA-16047 and now sends the call's timeout option, or {@code request.timeout.ms} without one. Kanal sends the
     * time left for the attempt, which is at most {@code request.timeout.ms}.
     */
    static ApiRequest initProducerIdRequest(String transactionalId, int transactionTimeoutMs) {
        InitProducerIdRequest body = InitProducerIdRequest.builder()
                .transactionalId(transactionalId)
                .transactionTimeoutMs(transactionTimeoutMs)
                .producerId(-1)
                .producerEpoch((short) -1)
                .build();
        return ApiRequest.of(ApiKey.INIT_PRODUCER_ID, v -> body);
    }

    static Outcome<FencedProducer> fenceOutcome(String transactionalId, InitProducerIdResponse response) {
        Errors error = Errors.forCode(response.errorCode());
        if (error == Errors.NONE) {
            return new Outcome.Done<>(new FencedProducer(response.producerId(), response.producerEpoch()));
        }
        return Outcome.ofError(error, "InitProducerId for '" + transactionalId + "' failed: " + error.message());
    }

    CompletableFuture<List<TransactionListing>> listTransactions(ListTransactionsOptions options, long timeoutMs) {
        CallSpec<Integer, List<TransactionListing>> spec = CallSpec.of(
                "listTransactions",
                Lane.GENERAL,
                (node, keys, timeout) -> listTransactionsRequest(options),
                (response, keys) ->
                        Map.of(keys.get(0), listOutcome((ListTransactionsResponse) response.body(), keys.get(0))));
        return ctx.brokers().all().thenCompose(nodes -> {
            List<Integer> brokerIds = nodes.stream().map(Node::id).toList();
            return RetryingCall.run(ctx, spec, Routers.byNodeId(ctx, id -> id), brokerIds, timeoutMs)
                    .thenApply(result -> {
                        List<TransactionListing> all = new ArrayList<>();
                        result.orThrow().values().forEach(all::addAll);
                        return List.copyOf(all);
                    });
        });
    }

    static ApiRequest listTransactionsRequest(ListTransactionsOptions options) {
        short minVersion = options.transactionalIdPattern().isPresent()
                ? (short) 2
                : options.minDurationMs().isPresent() ? (short) 1 : (short) 0;
        ListTransactionsRequest body = ListTransactionsRequest.builder()
                .stateFilters(options.states().stream()
                        .sorted()
                        .map(TransactionState::protocolName)
                        .toList())
                .producerIdFilters(options.producerIds().stream().sorted().toList())
                .durationFilter(options.minDurationMs().orElse(-1))
                .transactionalIdPattern(options.transactionalIdPattern().orElse(null))
                .build();
        return new ApiRequest(
                ApiKey.LIST_TRANSACTIONS, minVersion, ApiKey.LIST_TRANSACTIONS.highestVersion(), v -> body);
    }

    static Outcome<List<TransactionListing>> listOutcome(ListTransactionsResponse response, int brokerId) {
        Errors error = Errors.forCode(response.errorCode());
        if (error == Errors.COORDINATOR_NOT_AVAILABLE) {
            return new Outcome.Fail<>(BrokerErrors.exception(
                    error,
                    "ListTransactions on broker " + brokerId + ": its transaction coordinator is shutting down"));
        }
        if (error != Errors.NONE) {
            return Outcome.ofError(error, "ListTransactions on broker " + brokerId + " failed: " + error.message());
        }
        List<TransactionListing> listings = new ArrayList<>();
        for (ListTransactionsResponse.TransactionState t : response.transactionStates()) {
            listings.add(new TransactionListing(
                    t.transactionalId(), t.producerId(), TransactionState.parse(t.transactionState())));
        }
        return new Outcome.Done<>(List.copyOf(listings));
    }

    CompletableFuture<BatchResult<String, TransactionDescription>> describeTransactions(
            Collection<String> transactionalIds, long timeoutMs) {
        CallSpec<String, TransactionDescription> spec = CallSpec.of(
                "describeTransactions",
                Lane.GROUP,
                (node, keys, timeout) ->
                        ApiRequest.of(ApiKey.DESCRIBE_TRANSACTIONS, v -> DescribeTransactionsRequest.builder()
                                .transactionalIds(List.copyOf(keys))
                                .build()),
                (response, keys) -> describeOutcomes(
                        (DescribeTransactionsResponse) response.body(),
                        response.endpoint().nodeId()));
        return RetryingCall.run(
                ctx, spec, transactionCoordinator(ctx), List.copyOf(validIds(transactionalIds)), timeoutMs);
    }

    static Map<String, Outcome<TransactionDescription>> describeOutcomes(
            DescribeTransactionsResponse response, int coordinatorId) {
        Map<String, Outcome<TransactionDescription>> out = new HashMap<>();
        for (DescribeTransactionsResponse.TransactionState t : response.transactionStates()) {
            Errors error = Errors.forCode(t.errorCode());
            if (error != Errors.NONE) {
                out.put(
                        t.transactionalId(),
                        Outcome.ofError(
                                error,
                                "DescribeTransactions of '" + t.transactionalId() + "' failed: " + error.message()));
                continue;
            }
            Set<TopicPartition> partitions = new HashSet<>();
            for (DescribeTransactionsResponse.TopicData topic : t.topics()) {
                for (int p : topic.partitions()) {
                    partitions.add(new TopicPartition(topic.topic(), p));
                }
            }
            OptionalLong start =
                    t.transactionStartTimeMs() < 0 ? OptionalLong.empty() : OptionalLong.of(t.transactionStartTimeMs());
            out.put(
                    t.transactionalId(),
                    new Outcome.Done<>(new TransactionDescription(
                            coordinatorId,
                            TransactionState.parse(t.transactionState()),
                            t.producerId(),
                            t.producerEpoch(),
                            t.transactionTimeoutMs(),
                            start,
                            partitions)));
        }
        return out;
    }

    CompletableFuture<BatchResult<TopicPartition, List<ProducerState>>> describeProducers(
            Collection<TopicPartition> partitions, long timeoutMs) {
        CallSpec<TopicPartition, List<ProducerState>> spec = CallSpec.of(
                "describeProducers",
                Lane.GENERAL,
                (node, keys, timeout) -> describeProducersRequest(keys),
                (response, keys) -> describeProducersOutcomes((DescribeProducersResponse) response.body()));
        return RetryingCall.run(
                ctx,
                spec,
                Routers.partitionLeader(ctx, tp -> tp),
                List.copyOf(new LinkedHashSet<>(partitions)),
                timeoutMs);
    }

    static ApiRequest describeProducersRequest(List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<DescribeProducersRequest.TopicRequest> topics = new ArrayList<>();
        byTopic.forEach((name, indexes) -> topics.add(DescribeProducersRequest.TopicRequest.builder()
                .name(name)
                .partitionIndexes(indexes)
                .build()));
        DescribeProducersRequest body =
                DescribeProducersRequest.builder().topics(topics).build();
        return ApiRequest.of(ApiKey.DESCRIBE_PRODUCERS, v -> body);
    }

    static Map<TopicPartition, Outcome<List<ProducerState>>> describeProducersOutcomes(
            DescribeProducersResponse response) {
        Map<TopicPartition, Outcome<List<ProducerState>>> out = new HashMap<>();
        for (DescribeProducersResponse.TopicResponse topic : response.topics()) {
            for (DescribeProducersResponse.PartitionResponse p : topic.partitions()) {
                List<ProducerState> producers = new ArrayList<>();
                for (DescribeProducersResponse.ProducerState s : p.activeProducers()) {
                    producers.add(new ProducerState(
                            s.producerId(),
                            s.producerEpoch(),
                            s.lastSequence(),
                            s.lastTimestamp(),
                            s.coordinatorEpoch() < 0 ? OptionalInt.empty() : OptionalInt.of(s.coordinatorEpoch()),
                            s.currentTxnStartOffset() < 0
                                    ? OptionalLong.empty()
                                    : OptionalLong.of(s.currentTxnStartOffset())));
                }
                out.put(
                        new TopicPartition(topic.name(), p.partitionIndex()),
                        Outcome.of(p.errorCode(), p.errorMessage(), List.copyOf(producers)));
            }
        }
        return out;
    }

    CompletableFuture<Void> abortTransaction(AbortTransactionSpec abort, long timeoutMs) {
        TopicPartition tp = abort.topicPartition();
        CallSpec<TopicPartition, Boolean> spec = CallSpec.of(
                "abortTransaction",
                Lane.GENERAL,
                (node, keys, timeout) -> writeTxnMarkersRequest(abort),
                (response, keys) -> Map.of(tp, abortOutcome(abort, (WriteTxnMarkersResponse) response.body())));
        return RetryingCall.single(ctx, spec, Routers.partitionLeader(ctx, p -> p), tp, timeoutMs)
                .thenApply(done -> null);
    }

    /**
     * The abort marker Kafka's admin writes (KIP-664): the spec's producer id, epoch and coordinator epoch, result
     * ABORT, one partition. TransactionVersion stays 0, so the leader accepts a marker whose epoch equals the
     * producer's current one (a TV2 marker would need a higher epoch, which only the coordinator may assign).
     */
    static ApiRequest writeTxnMarkersRequest(AbortTransactionSpec abort) {
        TopicPartition tp = abort.topicPartition();
        WriteTxnMarkersRequest body = WriteTxnMarkersRequest.builder()
                .markers(List.of(WriteTxnMarkersRequest.WritableTxnMarker.builder()
                        .producerId(abort.producerId())
                        .producerEpoch(abort.producerEpoch())
                        .transactionResult(false)
                        .topics(List.of(WriteTxnMarkersRequest.WritableTxnMarkerTopic.builder()
                                .name(tp.topic())
                                .partitionIndexes(List.of(tp.partition()))
                                .build()))
                        .coordinatorEpoch(abort.coordinatorEpoch())
                        .transactionVersion((byte) 0)
                        .build()))
                .build();
        return ApiRequest.of(ApiKey.WRITE_TXN_MARKERS, v -> body);
    }

    static Outcome<Boolean> abortOutcome(AbortTransactionSpec abort, WriteTxnMarkersResponse response) {
        TopicPartition tp = abort.topicPartition();
        List<Short> codes = new ArrayList<>();
        for (WriteTxnMarkersResponse.WritableTxnMarkerResult marker : response.markers()) {
            if (marker.producerId() != abort.producerId()) {
                continue;
            }
            for (WriteTxnMarkersResponse.WritableTxnMarkerTopicResult topic : marker.topics()) {
                for (WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult p : topic.partitions()) {
                    if (topic.name().equals(tp.topic()) && p.partitionIndex() == tp.partition()) {
                        codes.add(p.errorCode());
                    }
                }
            }
        }
        if (codes.size() != 1) {
            return new Outcome.Fail<>(new ProtocolException("WriteTxnMarkers response has " + codes.size()
                    + " results for producer " + abort.producerId() + " on " + tp + ", expected one"));
        }
        Errors error = Errors.forCode(codes.get(0));
        String context = "abort marker for producer " + abort.producerId() + " epoch " + abort.producerEpoch() + " on "
                + tp + ": ";
        return switch (error) {
            case NONE -> new Outcome.Done<>(Boolean.TRUE);
            case INVALID_PRODUCER_EPOCH ->
                new Outcome.Fail<>(new BrokerErrorException(
                        error.name() + ": " + context + "the leader knows a newer epoch of this producer; describe"
                                + " the producers again",
                        error));
            case BROKER_NOT_AVAILABLE ->
                new Outcome.Retry<>(BrokerErrors.exception(error, context + error.message()), Outcome.Recovery.REROUTE);
            default -> Outcome.ofError(error, context + error.message());
        };
    }

    /** Each transactional id to its transaction coordinator; a stale coordinator is forgotten before the retry. */
    static <V> Router<String, V> transactionCoordinator(AdminContext ctx) {
        return new Router<>() {
            @Override
            public CompletableFuture<Routes<String, V>> route(List<String> keys, long deadlineMs) {
                Map<String, CompletableFuture<Node>> found =
                        ctx.lookup().coordinators(CoordinatorType.TRANSACTION, keys, deadlineMs);
                return CompletableFuture.allOf(found.values().toArray(CompletableFuture[]::new))
                        .handle((ignored, error) -> routes(found));
            }

            @Override
            public void reroute(String transactionalId, Node node) {
                if (node == null) {
                    ctx.lookup().invalidate(CoordinatorType.TRANSACTION, transactionalId);
                } else {
                    ctx.lookup().invalidate(CoordinatorType.TRANSACTION, transactionalId, node);
                }
            }
        };
    }

    private static <V> Router.Routes<String, V> routes(Map<String, CompletableFuture<Node>> found) {
        Map<Node, List<String>> byNode = new HashMap<>();
        Map<String, Outcome<V>> unroutable = new HashMap<>();
        found.forEach((id, future) -> {
            if (!future.isCompletedExceptionally()) {
                byNode.computeIfAbsent(future.join(), n -> new ArrayList<>()).add(id);
                return;
            }
            Outcome<V> outcome =
                    RetryingCall.transportOutcome(future.handle((n, e) -> e).join());
            // A lookup that gave up at the deadline: report what kept failing, not the lookup's own timeout.
            if (outcome instanceof Outcome.Retry<V> retry
                    && retry.cause() instanceof TimeoutException t
                    && t.getCause() instanceof KafkaException last) {
                outcome = new Outcome.Retry<>(last, Outcome.Recovery.REROUTE);
            }
            unroutable.put(id, outcome);
        });
        return new Router.Routes<>(byNode, unroutable);
    }

    private static Set<String> validIds(Collection<String> transactionalIds) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : transactionalIds) {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("Transactional ids must not be null or empty: " + transactionalIds);
            }
            ids.add(id);
        }
        return ids;
    }
}
