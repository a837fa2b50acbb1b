package io.kanal.client.consumer.internals;

import io.kanal.client.IsolationLevel;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.internals.ClusterMetadata;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ListOffsetsRequest;
import io.kanal.client.protocol.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ListOffsets lookups: log start (-2), end (-1) or by timestamp, sent to each partition's leader, with retries on
 * leadership errors (after a metadata refresh and back-off) until a deadline.
 *
 * <p>Thread-safe: a lookup's state lives in its own objects; response handling runs on the network I/O thread and
 * does only bookkeeping, then completes the returned future there (callers hop to their own thread).
 */
final class OffsetLookup {
    /** Timestamp meaning the log start offset. */
    static final long EARLIEST = -2L;
    /** Timestamp meaning the end offset. */
    static final long LATEST = -1L;

    /**
     * One partition's answer.
     *
     * @param offset the offset, -1 if no record matches a timestamp
     * @param timestamp the record timestamp for timestamp lookups, else -1
     * @param leaderEpoch the leader epoch of that offset, -1 if unknown
     */
    record Result(long offset, long timestamp, int leaderEpoch) {}

    private final ClusterMetadata metadata;
    private final NetworkClient network;
    private final Time time;
    private final ExponentialBackoff backoff;
    private final IsolationLevel isolationLevel;
    private final ScheduledExecutorService scheduler;

    OffsetLookup(
            ClusterMetadata metadata,
            NetworkClient network,
            ScheduledExecutorService scheduler,
            Time time,
            ExponentialBackoff backoff,
            IsolationLevel isolationLevel) {
        this.metadata = metadata;
        this.scheduler = scheduler;
        this.network = network;
        this.time = time;
        this.backoff = backoff;
        this.isolationLevel = isolationLevel;
    }

    /**
     * Looks offsets up.
     *
     * @param timestamps per partition: {@link #EARLIEST}, {@link #LATEST} or a time in ms
     * @param deadlineMs monotonic deadline
     * @return the results, completed on a network or scheduler thread
     */
    CompletableFuture<Map<TopicPartition, Result>> list(Map<TopicPartition, Long> timestamps, long deadlineMs) {
        CompletableFuture<Map<TopicPartition, Result>> result = new CompletableFuture<>();
        Map<TopicPartition, Result> done = new ConcurrentHashMap<>();
        metadata.addTopics(
                timestamps.keySet().stream().map(TopicPartition::topic).toList());
        attempt(new HashMap<>(timestamps), done, deadlineMs, 0, result);
        return result;
    }

    private void attempt(
            Map<TopicPartition, Long> pending,
            Map<TopicPartition, Result> done,
            long deadlineMs,
            int failures,
            CompletableFuture<Map<TopicPartition, Result>> result) {
        MetadataSnapshot snapshot = metadata.current();
        Map<Node, Map<TopicPartition, Long>> byLeader = new LinkedHashMap<>();
        Map<TopicPartition, Long> retry = new ConcurrentHashMap<>();
        for (Map.Entry<TopicPartition, Long> e : pending.entrySet()) {
            Node leader = snapshot.leader(e.getKey()).orElse(null);
            if (leader == null) {
                retry.put(e.getKey(), e.getValue());
            } else {
                byLeader.computeIfAbsent(leader, n -> new HashMap<>()).put(e.getKey(), e.getValue());
            }
        }
        AtomicInteger outstanding = new AtomicInteger(byLeader.size() + 1);
        Runnable finishOne = () -> {
            if (outstanding.decrementAndGet() == 0) {
                afterRound(retry, done, deadlineMs, failures, result);
            }
        };
        for (Map.Entry<Node, Map<TopicPartition, Long>> e : byLeader.entrySet()) {
            Map<TopicPartition, Long> forNode = e.getValue();
            network.send(
                            e.getKey().endpoint(),
                            Lane.GENERAL,
                            ApiRequest.of(ApiKey.LIST_OFFSETS, v -> request(forNode, snapshot)))
                    .whenComplete((response, error) -> {
                        try {
                            if (error != null) {
                                retry.putAll(forNode);
                            } else {
                                handle((ListOffsetsResponse) response.body(), forNode, done, retry, result);
                            }
                        } finally {
                            finishOne.run();
                        }
                    });
        }
        finishOne.run();
    }

    private void afterRound(
            Map<TopicPartition, Long> retry,
            Map<TopicPartition, Result> done,
            long deadlineMs,
            int failures,
            CompletableFuture<Map<TopicPartition, Result>> result) {
        if (result.isDone()) {
            return;
        }
        if (retry.isEmpty()) {
            result.complete(new HashMap<>(done));
            return;
        }
        metadata.requestRefresh();
        long delay = backoff.delayMs(failures + 1);
        if (time.monotonicMs() + delay >= deadlineMs) {
            result.completeExceptionally(
                    new TimeoutException("Could not look up offsets of " + retry.keySet() + " before the timeout"));
            return;
        }
        scheduler.schedule(
                () -> attempt(new HashMap<>(retry), done, deadlineMs, failures + 1, result),
                delay,
                TimeUnit.MILLISECONDS);
    }

    private ListOffsetsRequest request(Map<TopicPartition, Long> forNode, MetadataSnapshot snapshot) {
        Map<String, List<ListOffsetsRequest.ListOffsetsPartition>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> e : forNode.entrySet()) {
            TopicPartition tp = e.getKey();
            int epoch = snapshot.partition(tp).map(p -> p.leaderEpoch()).orElse(-1);
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(ListOffsetsRequest.ListOffsetsPartition.builder()
                            .partitionIndex(tp.partition())
                            .currentLeaderEpoch(epoch)
                            .timestamp(e.getValue())
                            .build());
        }
        List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
        byTopic.forEach((t, parts) -> topics.add(ListOffsetsRequest.ListOffsetsTopic.builder()
                .name(t)
                .partitions(parts)
                .build()));
        return ListOffsetsRequest.builder()
                .replicaId(-1)
                .isolationLevel(isolationLevel.id())
                .topics(topics)
                .build();
    }

    private static void handle(
            ListOffsetsResponse response,
            Map<TopicPartition, Long> asked,
            Map<TopicPartition, Result> done,
            Map<TopicPartition, Long> retry,
            CompletableFuture<Map<TopicPartition, Result>> result) {
        for (ListOffsetsResponse.ListOffsetsTopicResponse t : response.topics()) {
            for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                Long ts = asked.get(tp);
                if (ts == null) {
                    continue;
                }
                Errors error = Errors.forCode(p.errorCode());
                if (error == Errors.NONE) {
                    done.put(tp, new Result(p.offset(), p.timestamp(), p.leaderEpoch()));
                } else if (error.retriable() || error == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                    retry.put(tp, ts);
                } else {
                    result.completeExceptionally(BrokerErrors.exception(error, "listing offsets of " + tp));
                }
            }
        }
        for (Map.Entry<TopicPartition, Long> e : asked.entrySet()) {
            if (!done.containsKey(e.getKey())) {
                retry.putIfAbsent(e.getKey(), e.getValue());
            }
        }
    }
}
