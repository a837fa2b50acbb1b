package io.kanal.client.consumer.internals;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.Node;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.common.Time;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.CommitFailedException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import io.kanal.client.network.NetworkClient;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.OffsetCommitRequest;
import io.kanal.client.protocol.message.OffsetCommitResponse;
import io.kanal.client.protocol.message.OffsetFetchRequest;
import io.kanal.client.protocol.message.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * OffsetCommit and OffsetFetch against the group coordinator, at version 9 (the first usable by KIP-848 members),
 * carrying the member id and epoch. Retriable errors are retried with back-off until the deadline; a stale epoch is
 * retried with the latest epoch only when asked (auto-commit before revocation), otherwise it is a
 * {@link CommitFailedException}, as are an unknown member and a fenced epoch.
 *
 * <p>Thread-safe: each operation's state is local; steps run on the network I/O thread or the scheduler and only do
 * bookkeeping. Returned futures complete on those threads.
 */
final class OffsetCommitter {
    private static final short MAX_VERSION = 9;

    private final String groupId;
    private final Optional<String> instanceId;
    private final CoordinatorFinder coordinator;
    private final NetworkClient network;
    private final ScheduledExecutorService scheduler;
    private final Supplier<MemberIdentity> identity;
    private final Time time;
    private final ExponentialBackoff backoff;

    OffsetCommitter(
            String groupId,
            Optional<String> instanceId,
            CoordinatorFinder coordinator,
            NetworkClient network,
            ScheduledExecutorService scheduler,
            Supplier<MemberIdentity> identity,
            Time time,
            ExponentialBackoff backoff) {
        this.groupId = groupId;
        this.instanceId = instanceId;
        this.coordinator = coordinator;
        this.network = network;
        this.scheduler = scheduler;
        this.identity = identity;
        this.time = time;
        this.backoff = backoff;
    }

    /** One step of a retried operation: sends to the coordinator and tells whether to retry. */
    private interface Step<T> {
        void run(Node node, CompletableFuture<T> result, Runnable retry, Runnable retryNewCoordinator);
    }

    private <T> CompletableFuture<T> withRetries(String what, long deadlineMs, Step<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(what, deadlineMs, step, 0, result);
        return result;
    }

    private <T> void attempt(String what, long deadlineMs, Step<T> step, int failures, CompletableFuture<T> result) {
        if (result.isDone()) {
            return;
        }
        if (failures > 0 && time.monotonicMs() >= deadlineMs) {
            result.completeExceptionally(new TimeoutException(what + " for group " + groupId + " timed out"));
            return;
        }
        Runnable retry = () -> scheduler.schedule(
                () -> attempt(what, deadlineMs, step, failures + 1, result),
                Math.min(backoff.delayMs(failures + 1), Math.max(0, deadlineMs - time.monotonicMs())),
                TimeUnit.MILLISECONDS);
        Runnable retryNewCoordinator = () -> {
            coordinator.markUnknown();
            retry.run();
        };
        Node node = coordinator.coordinator();
        if (node == null) {
            coordinator.find().whenComplete((n, e) -> {
                if (e != null) {
                    retry.run();
                } else {
                    step.run(n, result, retry, retryNewCoordinator);
                }
            });
        } else {
            step.run(node, result, retry, retryNewCoordinator);
        }
    }

    /**
     * Commits offsets.
     *
     * @param offsets the offsets
     * @param deadlineMs monotonic deadline for retries
     * @param retryStaleEpoch whether STALE_MEMBER_EPOCH is retried with the latest epoch
     * @return completes when committed
     */
    CompletableFuture<Void> commit(
            Map<TopicPartition, OffsetAndMetadata> offsets, long deadlineMs, boolean retryStaleEpoch) {
        if (offsets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return withRetries("OffsetCommit", deadlineMs, (node, result, retry, retryNewCoordinator) -> {
            MemberIdentity id = identity.get();
            OffsetCommitRequest body = commitRequest(offsets, id);
            short min = id.isMember() ? MAX_VERSION : ApiKey.OFFSET_COMMIT.lowestVersion();
            network.send(node.endpoint(), Lane.GROUP, new ApiRequest(ApiKey.OFFSET_COMMIT, min, MAX_VERSION, v -> body))
                    .whenComplete((response, error) -> {
                        if (error != null) {
                            retryNewCoordinator.run();
                            return;
                        }
                        onCommitResponse(response, result, retry, retryNewCoordinator, retryStaleEpoch);
                    });
        });
    }

    private OffsetCommitRequest commitRequest(Map<TopicPartition, OffsetAndMetadata> offsets, MemberIdentity id) {
        Map<String, List<OffsetCommitRequest.OffsetCommitRequestPartition>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            OffsetAndMetadata o = e.getValue();
            byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>())
                    .add(OffsetCommitRequest.OffsetCommitRequestPartition.builder()
                            .partitionIndex(e.getKey().partition())
                            .committedOffset(o.offset())
                            .committedLeaderEpoch(o.leaderEpoch().orElse(-1))
                            .committedMetadata(o.metadata())
                            .build());
        }
        List<OffsetCommitRequest.OffsetCommitRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((t, p) -> topics.add(OffsetCommitRequest.OffsetCommitRequestTopic.builder()
                .name(t)
                .partitions(p)
                .build()));
        return OffsetCommitRequest.builder()
                .groupId(groupId)
                .generationIdOrMemberEpoch(id.memberEpoch())
                .memberId(id.memberId())
                .groupInstanceId(instanceId.orElse(null))
                .topics(topics)
                .build();
    }

    private static void onCommitResponse(
            ApiResponse response,
            CompletableFuture<Void> result,
            Runnable retry,
            Runnable retryNewCoordinator,
            boolean retryStaleEpoch) {
        Errors worst = Errors.NONE;
        for (OffsetCommitResponse.OffsetCommitResponseTopic t : ((OffsetCommitResponse) response.body()).topics()) {
            for (OffsetCommitResponse.OffsetCommitResponsePartition p : t.partitions()) {
                Errors e = Errors.forCode(p.errorCode());
                if (e != Errors.NONE) {
                    worst = e;
                }
            }
        }
        switch (worst) {
            case NONE -> result.complete(null);
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, REQUEST_TIMED_OUT -> retryNewCoordinator.run();
            case STALE_MEMBER_EPOCH -> {
                if (retryStaleEpoch) {
                    retry.run();
                } else {
                    result.completeExceptionally(new CommitFailedException(
                            "Commit rejected: the member epoch is stale (a rebalance is under way); the offsets"
                                    + " may be committed again after poll()",
                            BrokerErrors.exception(worst, null)));
                }
            }
            case UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH, ILLEGAL_GENERATION ->
                result.completeExceptionally(new CommitFailedException(
                        "Commit rejected: this consumer is no longer a member owning these partitions (" + worst + ")",
                        BrokerErrors.exception(worst, null)));
            default -> {
                if (worst.retriable()) {
                    retry.run();
                } else {
                    result.completeExceptionally(BrokerErrors.exception(worst, "committing offsets"));
                }
            }
        }
    }

    /**
     * Reads the committed offsets.
     *
     * @param partitions the partitions
     * @param deadlineMs monotonic deadline for retries
     * @return offsets of partitions that have one
     */
    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> fetch(Set<TopicPartition> partitions, long deadlineMs) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return withRetries("OffsetFetch", deadlineMs, (node, result, retry, retryNewCoordinator) -> {
            MemberIdentity id = identity.get();
            ApiRequest request = new ApiRequest(
                    ApiKey.OFFSET_FETCH,
                    ApiKey.OFFSET_FETCH.lowestVersion(),
                    MAX_VERSION,
                    v -> fetchRequest(partitions, id, v));
            network.send(node.endpoint(), Lane.GROUP, request).whenComplete((response, error) -> {
                if (error != null) {
                    retryNewCoordinator.run();
                    return;
                }
                try {
                    onFetchResponse(response, partitions, result, retry, retryNewCoordinator);
                } catch (KafkaException e) {
                    result.completeExceptionally(e);
                }
            });
        });
    }

    private OffsetFetchRequest fetchRequest(Set<TopicPartition> partitions, MemberIdentity id, short version) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        if (version >= 8) {
            List<OffsetFetchRequest.OffsetFetchRequestTopics> topics = new ArrayList<>();
            byTopic.forEach((t, p) -> topics.add(OffsetFetchRequest.OffsetFetchRequestTopics.builder()
                    .name(t)
                    .partitionIndexes(p)
                    .build()));
            OffsetFetchRequest.OffsetFetchRequestGroup group = OffsetFetchRequest.OffsetFetchRequestGroup.builder()
                    .groupId(groupId)
                    .memberId(id.isMember() ? id.memberId() : null)
                    .memberEpoch(id.memberEpoch())
                    .topics(topics)
                    .build();
            return OffsetFetchRequest.builder()
                    .groups(List.of(group))
                    .requireStable(true)
                    .build();
        }
        List<OffsetFetchRequest.OffsetFetchRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((t, p) -> topics.add(OffsetFetchRequest.OffsetFetchRequestTopic.builder()
                .name(t)
                .partitionIndexes(p)
                .build()));
        return OffsetFetchRequest.builder()
                .groupId(groupId)
                .topics(topics)
                .requireStable(true)
                .build();
    }

    private static void onFetchResponse(
            ApiResponse response,
            Set<TopicPartition> asked,
            CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> result,
            Runnable retry,
            Runnable retryNewCoordinator) {
        OffsetFetchResponse body = (OffsetFetchResponse) response.body();
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        Errors error = Errors.NONE;
        if (response.version() >= 8) {
            for (OffsetFetchResponse.OffsetFetchResponseGroup g : body.groups()) {
                error = worse(error, Errors.forCode(g.errorCode()));
                for (OffsetFetchResponse.OffsetFetchResponseTopics t : g.topics()) {
                    for (OffsetFetchResponse.OffsetFetchResponsePartitions p : t.partitions()) {
                        error = worse(error, Errors.forCode(p.errorCode()));
                        put(
                                out,
                                asked,
                                new TopicPartition(t.name(), p.partitionIndex()),
                                p.committedOffset(),
                                p.committedLeaderEpoch(),
                                p.metadata());
                    }
                }
            }
        } else {
            error = Errors.forCode(body.errorCode());
            for (OffsetFetchResponse.OffsetFetchResponseTopic t : body.topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartition p : t.partitions()) {
                    error = worse(error, Errors.forCode(p.errorCode()));
                    put(
                            out,
                            asked,
                            new TopicPartition(t.name(), p.partitionIndex()),
                            p.committedOffset(),
                            p.committedLeaderEpoch(),
                            p.metadata());
                }
            }
        }
        switch (error) {
            case NONE -> result.complete(out);
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, REQUEST_TIMED_OUT -> retryNewCoordinator.run();
            case UNSTABLE_OFFSET_COMMIT, COORDINATOR_LOAD_IN_PROGRESS -> retry.run();
            default -> {
                if (error.retriable()) {
                    retry.run();
                } else {
                    result.completeExceptionally(BrokerErrors.exception(error, "fetching committed offsets"));
                }
            }
        }
    }

    private static Errors worse(Errors current, Errors next) {
        return next == Errors.NONE ? current : next;
    }

    private static void put(
            Map<TopicPartition, OffsetAndMetadata> out,
            Set<TopicPartition> asked,
            TopicPartition tp,
            long offset,
            int epoch,
            String metadata) {
        if (offset >= 0 && asked.contains(tp)) {
            out.put(tp, new OffsetAndMetadata(offset, epoch < 0 ? Optional.empty() : Optional.of(epoch), metadata));
        }
    }
}
