package io.kanal.client.admin;

import io.kanal.client.IsolationLevel;
import io.kanal.client.TopicPartition;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.DeleteRecordsRequest;
import io.kanal.client.protocol.message.DeleteRecordsResponse;
import io.kanal.client.protocol.message.ListOffsetsRequest;
import io.kanal.client.protocol.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets and DeleteRecords, both sent to each partition's leader, one request per leader per attempt. Partitions
 * whose leader moved (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH...) are rerouted with fresh metadata and retried
 * alone. Stateless.
 */
final class PartitionOperations {
    private final AdminContext ctx;

    PartitionOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<BatchResult<TopicPartition, ListedOffset>> listOffsets(
            Map<TopicPartition, OffsetSpec> specs, IsolationLevel isolation, long timeoutMs) {
        CallSpec<TopicPartition, ListedOffset> spec = CallSpec.of(
                "listOffsets",
                Lane.GENERAL,
                (node, keys, timeout) -> listOffsetsRequest(keys, specs, isolation, timeout),
                (response, keys) -> listOffsetsOutcomes((ListOffsetsResponse) response.body()));
        return RetryingCall.run(
                ctx, spec, Routers.partitionLeader(ctx, tp -> tp), List.copyOf(specs.keySet()), timeoutMs);
    }

    static ApiRequest listOffsetsRequest(
            List<TopicPartition> partitions,
            Map<TopicPartition, OffsetSpec> specs,
            IsolationLevel isolation,
            int timeoutMs) {
        short minVersion = isolation == IsolationLevel.READ_COMMITTED ? (short) 2 : (short) 1;
        Map<String, List<ListOffsetsRequest.ListOffsetsPartition>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetSpec s = specs.get(tp);
            minVersion = (short) Math.max(minVersion, s.minVersion());
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(ListOffsetsRequest.ListOffsetsPartition.builder()
                            .partitionIndex(tp.partition())
                            .currentLeaderEpoch(-1)
                            .timestamp(s.timestamp())
                            .build());
        }
        List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
        byTopic.forEach((name, parts) -> topics.add(ListOffsetsRequest.ListOffsetsTopic.builder()
                .name(name)
                .partitions(parts)
                .build()));
        ListOffsetsRequest body = ListOffsetsRequest.builder()
                .replicaId(-1)
                .isolationLevel(isolation.id())
                .topics(topics)
                .timeoutMs(timeoutMs)
                .build();
        return new ApiRequest(ApiKey.LIST_OFFSETS, minVersion, ApiKey.LIST_OFFSETS.highestVersion(), v -> body);
    }

    static Map<TopicPartition, Outcome<ListedOffset>> listOffsetsOutcomes(ListOffsetsResponse response) {
        Map<TopicPartition, Outcome<ListedOffset>> out = new HashMap<>();
        for (ListOffsetsResponse.ListOffsetsTopicResponse t : response.topics()) {
            for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                Optional<Integer> epoch = p.leaderEpoch() < 0 ? Optional.empty() : Optional.of(p.leaderEpoch());
                out.put(
                        new TopicPartition(t.name(), p.partitionIndex()),
                        Outcome.of(p.errorCode(), null, new ListedOffset(p.offset(), p.timestamp(), epoch)));
            }
        }
        return out;
    }

    CompletableFuture<BatchResult<TopicPartition, Long>> deleteRecords(
            Map<TopicPartition, Long> beforeOffsets, long timeoutMs) {
        CallSpec<TopicPartition, Long> spec = CallSpec.of(
                "deleteRecords",
                Lane.GENERAL,
                (node, keys, timeout) -> deleteRecordsRequest(keys, beforeOffsets, timeout),
                (response, keys) -> {
                    Map<TopicPartition, Outcome<Long>> out = new HashMap<>();
                    for (DeleteRecordsResponse.DeleteRecordsTopicResult t :
                            ((DeleteRecordsResponse) response.body()).topics()) {
                        for (DeleteRecordsResponse.DeleteRecordsPartitionResult p : t.partitions()) {
                            out.put(
                                    new TopicPartition(t.name(), p.partitionIndex()),
                                    Outcome.of(p.errorCode(), null, p.lowWatermark()));
                        }
                    }
                    return out;
                });
        return RetryingCall.run(
                ctx, spec, Routers.partitionLeader(ctx, tp -> tp), List.copyOf(beforeOffsets.keySet()), timeoutMs);
    }

    static ApiRequest deleteRecordsRequest(
            List<TopicPartition> partitions, Map<TopicPartition, Long> beforeOffsets, int timeoutMs) {
        Map<String, List<DeleteRecordsRequest.DeleteRecordsPartition>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(DeleteRecordsRequest.DeleteRecordsPartition.builder()
                            .partitionIndex(tp.partition())
                            .offset(beforeOffsets.get(tp))
                            .build());
        }
        List<DeleteRecordsRequest.DeleteRecordsTopic> topics = new ArrayList<>();
        byTopic.forEach((name, parts) -> topics.add(DeleteRecordsRequest.DeleteRecordsTopic.builder()
                .name(name)
                .partitions(parts)
                .build()));
        DeleteRecordsRequest body = DeleteRecordsRequest.builder()
                .topics(topics)
                .timeoutMs(timeoutMs)
                .build();
        return ApiRequest.of(ApiKey.DELETE_RECORDS, v -> body);
    }
}
