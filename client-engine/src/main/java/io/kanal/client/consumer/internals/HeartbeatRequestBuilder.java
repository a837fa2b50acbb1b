package io.kanal.client.consumer.internals;

import io.kanal.client.protocol.message.ConsumerGroupHeartbeatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.UUID;

/**
 * Builds ConsumerGroupHeartbeat requests with delta semantics: group id, member id, epoch and instance id always; the
 * rest only when it changed since the last request, or in full when joining or after any error ({@link #reset()}).
 * The owned partitions, re-sent whenever the reconciled assignment changes, are the acknowledgement.
 *
 * <p>Pure logic; owned by the background thread.
 */
final class HeartbeatRequestBuilder {
    private List<String> sentTopics;
    private String sentRegex;
    private int sentRebalanceTimeoutMs = -1;
    private String sentAssignor;
    private Map<UUID, SortedSet<Integer>> sentOwned;
    private boolean full = true;
    private boolean regexEverUsed;

    /** The next request is a full one. */
    void reset() {
        full = true;
        sentTopics = null;
        sentRegex = null;
        sentRebalanceTimeoutMs = -1;
        sentAssignor = null;
        sentOwned = null;
    }

    ConsumerGroupHeartbeatRequest build(
            String groupId,
            String memberId,
            int memberEpoch,
            String instanceId,
            int rebalanceTimeoutMs,
            List<String> topics,
            String regex,
            String assignor,
            Map<UUID, SortedSet<Integer>> owned,
            boolean joining) {
        boolean sendAll = full || joining;
        ConsumerGroupHeartbeatRequest.Builder b = ConsumerGroupHeartbeatRequest.builder()
                .groupId(groupId)
                .memberId(memberId)
                .memberEpoch(memberEpoch)
                .instanceId(instanceId)
                .rebalanceTimeoutMs(-1)
                .subscribedTopicNames(null)
                .subscribedTopicRegex(null)
                .serverAssignor(null)
                .topicPartitions(null);
        if (sendAll || rebalanceTimeoutMs != sentRebalanceTimeoutMs) {
            b.rebalanceTimeoutMs(rebalanceTimeoutMs);
            sentRebalanceTimeoutMs = rebalanceTimeoutMs;
        }
        // A regex subscription sends an empty name list; leaving a regex for names clears it with "".
        List<String> names = regex != null ? List.of() : topics;
        if (sendAll || !Objects.equals(names, sentTopics)) {
            b.subscribedTopicNames(names);
            sentTopics = names;
        }
        if (sendAll) {
            if (regex != null) {
                b.subscribedTopicRegex(regex);
            } else if (regexEverUsed) {
                b.subscribedTopicRegex("");
            }
        } else if (!Objects.equals(regex, sentRegex)) {
            b.subscribedTopicRegex(regex != null ? regex : "");
        }
        sentRegex = regex;
        regexEverUsed |= regex != null;
        if (assignor != null && (sendAll || !assignor.equals(sentAssignor))) {
            b.serverAssignor(assignor);
            sentAssignor = assignor;
        }
        if (joining) {
            b.topicPartitions(List.of());
            sentOwned = Map.of();
        } else if (sendAll || !owned.equals(sentOwned)) {
            List<ConsumerGroupHeartbeatRequest.TopicPartitions> list = new ArrayList<>();
            owned.forEach((id, parts) ->
                    list.add(new ConsumerGroupHeartbeatRequest.TopicPartitions(id, new ArrayList<>(parts), List.of())));
            b.topicPartitions(list);
            sentOwned = Map.copyOf(owned);
        }
        full = false;
        return b.build();
    }

    ConsumerGroupHeartbeatRequest leave(String groupId, String memberId, int leaveEpoch, String instanceId) {
        return ConsumerGroupHeartbeatRequest.builder()
                .groupId(groupId)
                .memberId(memberId)
                .memberEpoch(leaveEpoch)
                .instanceId(instanceId)
                .rebalanceTimeoutMs(-1)
                .subscribedTopicNames(null)
                .subscribedTopicRegex(null)
                .serverAssignor(null)
                .topicPartitions(null)
                .build();
    }
}
