package io.kanal.client.admin;

import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.cluster.Node;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The ways admin requests are routed. Each router is created per operation and used on the admin's thread. */
final class Routers {
    private Routers() {}

    /** Every item to one random broker: for requests any broker answers or forwards to the controller. */
    static <K, V> Router<K, V> anyBroker(AdminContext ctx) {
        return (keys, deadlineMs) ->
                ctx.brokers().any().thenApply(node -> new Router.Routes<>(Map.of(node, keys), Map.of()));
    }

    /**
     * Each item to a broker by id, or to any broker when {@code nodeOf} gives a negative id.
     *
     * @param nodeOf the broker an item must go to, negative for any
     */
    static <K, V> Router<K, V> byNodeId(AdminContext ctx, Function<K, Integer> nodeOf) {
        return (keys, deadlineMs) -> {
            Map<K, CompletableFuture<Node>> nodes = new LinkedHashMap<>();
            for (K key : keys) {
                int id = nodeOf.apply(key);
                nodes.put(key, id < 0 ? ctx.brokers().any() : ctx.brokers().byId(id));
            }
            return collect(nodes);
        };
    }

    /** Each item to its group's coordinator; a stale coordinator is invalidated before the retry. */
    static <K, V> Router<K, V> groupCoordinator(AdminContext ctx, Function<K, String> groupOf) {
        return new Router<>() {
            @Override
            public CompletableFuture<Routes<K, V>> route(List<K> keys, long deadlineMs) {
                Set<String> groups = new LinkedHashSet<>();
                for (K key : keys) {
                    groups.add(groupOf.apply(key));
                }
                Map<String, CompletableFuture<Node>> found =
                        ctx.lookup().coordinators(CoordinatorType.GROUP, groups, deadlineMs);
                Map<K, CompletableFuture<Node>> nodes = new LinkedHashMap<>();
                for (K key : keys) {
                    nodes.put(key, found.get(groupOf.apply(key)));
                }
                return collect(nodes);
            }

            @Override
            public void reroute(K key, Node node) {
                if (node == null) {
                    ctx.lookup().invalidate(CoordinatorType.GROUP, groupOf.apply(key));
                } else {
                    ctx.lookup().invalidate(CoordinatorType.GROUP, groupOf.apply(key), node);
                }
            }
        };
    }

    /**
     * Each partition to its leader, from a Metadata request sent for this attempt, so a retry after
     * NOT_LEADER_OR_FOLLOWER always sees fresh leaders. An unknown topic or partition fails the item at once.
     */
    static <K, V> Router<K, V> partitionLeader(AdminContext ctx, Function<K, TopicPartition> partitionOf) {
        return (keys, deadlineMs) -> {
            Set<String> topics = new LinkedHashSet<>();
            for (K key : keys) {
                topics.add(partitionOf.apply(key).topic());
            }
            long timeout = Math.max(
                    1, Math.min(ctx.requestTimeoutMs(), deadlineMs - ctx.time().monotonicMs()));
            return MetadataFetch.topics(ctx, List.copyOf(topics), timeout)
                    .thenApply(metadata -> leaders(metadata, keys, partitionOf));
        };
    }

    static <K, V> Router.Routes<K, V> leaders(
            MetadataResponse metadata, List<K> keys, Function<K, TopicPartition> partitionOf) {
        Map<Integer, Node> brokers = MetadataFetch.brokers(metadata);
        Map<String, MetadataResponse.MetadataResponseTopic> byName = new HashMap<>();
        for (MetadataResponse.MetadataResponseTopic t : metadata.topics()) {
            byName.put(t.name(), t);
        }
        Map<Node, List<K>> byNode = new HashMap<>();
        Map<K, Outcome<V>> unroutable = new HashMap<>();
        for (K key : keys) {
            TopicPartition tp = partitionOf.apply(key);
            MetadataResponse.MetadataResponseTopic topic = byName.get(tp.topic());
            Errors topicError = topic == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.forCode(topic.errorCode());
            if (topicError == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                unroutable.put(
                        key,
                        new Outcome.Fail<>(BrokerErrors.exception(
                                topicError, "Topic '" + tp.topic() + "' does not exist (per the cluster metadata)")));
                continue;
            }
            if (topicError != Errors.NONE) {
                unroutable.put(key, Outcome.ofError(topicError, null));
                continue;
            }
            MetadataResponse.MetadataResponsePartition partition = topic.partitions().stream()
                    .filter(p -> p.partitionIndex() == tp.partition())
                    .findFirst()
                    .orElse(null);
            if (partition == null) {
                unroutable.put(
                        key,
                        new Outcome.Fail<>(BrokerErrors.exception(
                                Errors.UNKNOWN_TOPIC_OR_PARTITION,
                                "Partition " + tp + " does not exist; the topic has "
                                        + topic.partitions().size() + " partitions")));
                continue;
            }
            Node leader = brokers.get(partition.leaderId());
            if (leader == null) {
                unroutable.put(
                        key,
                        new Outcome.Retry<>(
                                BrokerErrors.exception(Errors.LEADER_NOT_AVAILABLE, "No leader for " + tp + " yet"),
                                Outcome.Recovery.REROUTE));
                continue;
            }
            byNode.computeIfAbsent(leader, n -> new ArrayList<>()).add(key);
        }
        return new Router.Routes<>(byNode, unroutable);
    }

    /** Waits for every item's broker; items whose broker is unknown get a retry or failure outcome. */
    private static <K, V> CompletableFuture<Router.Routes<K, V>> collect(Map<K, CompletableFuture<Node>> nodes) {
        return CompletableFuture.allOf(nodes.values().toArray(CompletableFuture[]::new))
                .handle((ignored, error) -> {
                    Map<Node, List<K>> byNode = new HashMap<>();
                    Map<K, Outcome<V>> unroutable = new HashMap<>();
                    nodes.forEach((key, future) -> {
                        if (future.isCompletedExceptionally()) {
                            unroutable.put(key, routingFailure(future));
                        } else {
                            byNode.computeIfAbsent(future.join(), n -> new ArrayList<>())
                                    .add(key);
                        }
                    });
                    return new Router.Routes<>(byNode, unroutable);
                });
    }

    private static <V> Outcome<V> routingFailure(CompletableFuture<Node> failed) {
        Throwable error = failed.handle((n, e) -> e).join();
        Outcome<V> outcome = RetryingCall.transportOutcome(error);
        // A lookup that timed out at the operation's deadline: report what kept failing, not the lookup's own timeout.
        if (outcome instanceof Outcome.Retry<V> retry
                && retry.cause() instanceof TimeoutException t
                && t.getCause() instanceof KafkaException last) {
            return new Outcome.Retry<>(last, Outcome.Recovery.REROUTE);
        }
        return outcome;
    }
}
