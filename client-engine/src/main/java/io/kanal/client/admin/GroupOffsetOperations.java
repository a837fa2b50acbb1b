package io.kanal.client.admin;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.errors.Errors;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.OffsetCommitRequest;
import io.kanal.client.protocol.message.OffsetCommitResponse;
import io.kanal.client.protocol.message.OffsetDeleteRequest;
import io.kanal.client.protocol.message.OffsetDeleteResponse;
import io.kanal.client.protocol.message.OffsetFetchRequest;
import io.kanal.client.protocol.message.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer group's committed offsets: OffsetFetch, OffsetCommit (as an admin: generation and member epoch -1, no
 * member id) and OffsetDelete, all sent to the group's coordinator. OffsetFetch and OffsetCommit are capped at v9:
 * v10 names topics by id only, which an admin working by topic name does not need. Stateless.
 */
final class GroupOffsetOperations {
    private static final short MAX_BY_NAME_VERSION = 9;

    private final AdminContext ctx;

    GroupOffsetOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listOffsets(
            String groupId, Optional<Collection<TopicPartition>> partitions, long timeoutMs) {
        CallSpec<String, Map<TopicPartition, OffsetAndMetadata>> spec = CallSpec.of(
                "listConsumerGroupOffsets",
                Lane.GROUP,
                (node, keys, timeout) -> offsetFetchRequest(groupId, partitions),
                (response, keys) ->
                        Map.of(groupId, offsetFetchOutcome((OffsetFetchResponse) response.body(), response.version())));
        return RetryingCall.single(ctx, spec, Routers.groupCoordinator(ctx, g -> g), groupId, timeoutMs);
    }

    static ApiRequest offsetFetchRequest(String groupId, Optional<Collection<TopicPartition>> partitions) {
        Map<String, List<Integer>> byTopic =
                partitions.map(GroupOffsetOperations::byTopic).orElse(null);
        // v2 is the first version where null topics mean "every partition with an offset".
        return new ApiRequest(ApiKey.OFFSET_FETCH, (short) 2, MAX_BY_NAME_VERSION, v -> {
            if (v >= 8) {
                List<OffsetFetchRequest.OffsetFetchRequestTopics> topics = null;
                if (byTopic != null) {
                    topics = new ArrayList<>();
                    for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
                        topics.add(OffsetFetchRequest.OffsetFetchRequestTopics.builder()
                                .name(e.getKey())
                                .partitionIndexes(e.getValue())
                                .build());
                    }
                }
                return OffsetFetchRequest.builder()
                        .groups(List.of(OffsetFetchRequest.OffsetFetchRequestGroup.builder()
                                .groupId(groupId)
                                .topics(topics)
                                .build()))
                        .build();
            }
            List<OffsetFetchRequest.OffsetFetchRequestTopic> topics = null;
            if (byTopic != null) {
                topics = new ArrayList<>();
                for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
                    topics.add(OffsetFetchRequest.OffsetFetchRequestTopic.builder()
                            .name(e.getKey())
                            .partitionIndexes(e.getValue())
                            .build());
                }
            }
            return OffsetFetchRequest.builder().groupId(groupId).topics(topics).build();
        });
    }

    static Outcome<Map<TopicPartition, OffsetAndMetadata>> offsetFetchOutcome(OffsetFetchResponse r, short version) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        short groupError;
        List<PartitionOffset> parts = new ArrayList<>();
        if (version >= 8) {
            OffsetFetchResponse.OffsetFetchResponseGroup g = r.groups().get(0);
            groupError = g.errorCode();
            for (OffsetFetchResponse.OffsetFetchResponseTopics t : g.topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartitions p : t.partitions()) {
                    parts.add(new PartitionOffset(
                            new TopicPartition(t.name(), p.partitionIndex()),
                            p.committedOffset(),
                            p.committedLeaderEpoch(),
                            p.metadata(),
                            p.errorCode()));
                }
            }
        } else {
            groupError = r.errorCode();
            for (OffsetFetchResponse.OffsetFetchResponseTopic t : r.topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartition p : t.partitions()) {
                    parts.add(new PartitionOffset(
                            new TopicPartition(t.name(), p.partitionIndex()),
                            p.committedOffset(),
                            p.committedLeaderEpoch(),
                            p.metadata(),
                            p.errorCode()));
                }
            }
        }
        if (groupError != Errors.NONE.code()) {
            return Outcome.of(groupError, null, null);
        }
        for (PartitionOffset p : parts) {
            if (p.error() != Errors.NONE.code()) {
                // UNSTABLE_OFFSET_COMMIT (a transaction is committing offsets) is retriable; the rest are not.
                return Outcome.of(p.error(), null, null);
            }
            if (p.offset() >= 0) {
                Optional<Integer> epoch = p.epoch() < 0 ? Optional.empty() : Optional.of(p.epoch());
                offsets.put(p.partition(), new OffsetAndMetadata(p.offset(), epoch, p.metadata()));
            }
        }
        return new Outcome.Done<>(Map.copyOf(offsets));
    }

    private record PartitionOffset(TopicPartition partition, long offset, int epoch, String metadata, short error) {}

    CompletableFuture<BatchResult<TopicPartition, Boolean>> alterOffsets(
            String groupId, Map<TopicPartition, OffsetAndMetadata> offsets, long timeoutMs) {
        CallSpec<TopicPartition, Boolean> spec = CallSpec.of(
                "alterConsumerGroupOffsets",
                Lane.GROUP,
                (node, keys, timeout) -> offsetCommitRequest(groupId, keys, offsets),
                (response, keys) -> {
                    Map<TopicPartition, Outcome<Boolean>> out = new HashMap<>();
                    for (OffsetCommitResponse.OffsetCommitResponseTopic t :
                            ((OffsetCommitResponse) response.body()).topics()) {
                        for (OffsetCommitResponse.OffsetCommitResponsePartition p : t.partitions()) {
                            out.put(
                                    new TopicPartition(t.name(), p.partitionIndex()),
                                    Outcome.of(p.errorCode(), null, Boolean.TRUE));
                        }
                    }
                    return out;
                });
        return RetryingCall.run(
                ctx, spec, Routers.groupCoordinator(ctx, tp -> groupId), List.copyOf(offsets.keySet()), timeoutMs);
    }

    static ApiRequest offsetCommitRequest(
            String groupId, List<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, List<OffsetCommitRequest.OffsetCommitRequestPartition>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = offsets.get(tp);
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(OffsetCommitRequest.OffsetCommitRequestPartition.builder()
                            .partitionIndex(tp.partition())
                            .committedOffset(o.offset())
                            .committedLeaderEpoch(o.leaderEpoch().orElse(-1))
                            .committedMetadata(o.metadata())
                            .build());
        }
        List<OffsetCommitRequest.OffsetCommitRequestTopic> topics = new ArrayList<>();
        byTopic.forEach((name, parts) -> topics.add(OffsetCommitRequest.OffsetCommitRequestTopic.builder()
                .name(name)
                .partitions(parts)
                .build()));
        OffsetCommitRequest body = OffsetCommitRequest.builder()
                .groupId(groupId)
                .generationIdOrMemberEpoch(-1)
                .memberId("")
                .groupInstanceId(null)
                .topics(topics)
                .build();
        return new ApiRequest(
                ApiKey.OFFSET_COMMIT, ApiKey.OFFSET_COMMIT.lowestVersion(), MAX_BY_NAME_VERSION, v -> body);
    }

    CompletableFuture<BatchResult<TopicPartition, Boolean>> deleteOffsets(
            String groupId, Set<TopicPartition> partitions, long timeoutMs) {
        CallSpec<TopicPartition, Boolean> spec = CallSpec.of(
                "deleteConsumerGroupOffsets",
                Lane.GROUP,
                (node, keys, timeout) -> {
                    List<OffsetDeleteRequest.OffsetDeleteRequestTopic> topics = new ArrayList<>();
                    byTopic(keys).forEach((name, parts) -> {
                        List<OffsetDeleteRequest.OffsetDeleteRequestPartition> ps = new ArrayList<>();
                        for (int p : parts) {
                            ps.add(new OffsetDeleteRequest.OffsetDeleteRequestPartition(p));
                        }
                        topics.add(new OffsetDeleteRequest.OffsetDeleteRequestTopic(name, ps));
                    });
                    return ApiRequest.of(ApiKey.OFFSET_DELETE, v -> new OffsetDeleteRequest(groupId, topics));
                },
                (response, keys) -> deleteOutcomes((OffsetDeleteResponse) response.body(), keys, groupId));
        return RetryingCall.run(
                ctx, spec, Routers.groupCoordinator(ctx, tp -> groupId), List.copyOf(partitions), timeoutMs);
    }

    static Map<TopicPartition, Outcome<Boolean>> deleteOutcomes(
            OffsetDeleteResponse r, List<TopicPartition> keys, String groupId) {
        Map<TopicPartition, Outcome<Boolean>> out = new HashMap<>();
        if (r.errorCode() != Errors.NONE.code()) {
            for (TopicPartition tp : keys) {
                out.put(tp, Outcome.of(r.errorCode(), null, Boolean.TRUE));
            }
            return out;
        }
        for (OffsetDeleteResponse.OffsetDeleteResponseTopic t : r.topics()) {
            for (OffsetDeleteResponse.OffsetDeleteResponsePartition p : t.partitions()) {
                out.put(
                        new TopicPartition(t.name(), p.partitionIndex()),
                        Outcome.of(p.errorCode(), null, Boolean.TRUE));
            }
        }
        return out;
    }

    private static Map<String, List<Integer>> byTopic(Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        return byTopic;
    }
}
