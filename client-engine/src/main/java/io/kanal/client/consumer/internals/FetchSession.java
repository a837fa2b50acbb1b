package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.Errors;
import io.kanal.client.protocol.message.FetchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of one broker's incremental fetch session (KIP-227). The first request of a session is full: it
 * lists every partition and asks the broker to create a session. After that a request lists only the partitions whose
 * fetch parameters changed since the broker last heard of them (in practice: those whose position moved) and the ones
 * to forget; the broker fetches the rest from its own copy and answers only for partitions with something new. With
 * hundreds of partitions, most of them idle, that keeps requests and responses small.
 *
 * <p>Any failure, or a session error from the broker, makes the next request full again (closing the old session and
 * asking for a new one). Background thread only; one request of a session is in flight at a time.
 */
final class FetchSession {
    /** The epoch of a full request that creates a session (replacing {@code sessionId} if it is not 0). */
    static final int INITIAL_EPOCH = 0;
    /** The epoch that closes a session, or asks for a sessionless fetch. */
    static final int FINAL_EPOCH = -1;

    /**
     * One request of the session.
     *
     * @param sessionId the session to use or replace, 0 for none
     * @param epoch the request's epoch: {@link #INITIAL_EPOCH} for a full request
     * @param toSend the partitions to list: all of them in a full request, the changed ones otherwise
     * @param toForget the partitions the broker should drop from the session
     */
    record Request(
            int sessionId,
            int epoch,
            Map<TopicPartition, FetchRequest.FetchPartition> toSend,
            List<TopicPartition> toForget) {
        boolean full() {
            return epoch == INITIAL_EPOCH;
        }
    }

    private int sessionId;
    private int nextEpoch = INITIAL_EPOCH;
    private boolean usesTopicIds;
    // The partitions as the broker's session will hold them once the request in flight is answered.
    private Map<TopicPartition, FetchRequest.FetchPartition> partitions = Map.of();

    /**
     * The session id the broker gave, 0 if there is none.
     *
     * @return the id
     */
    int sessionId() {
        return sessionId;
    }

    /**
     * Builds the next request for the partitions to fetch now from this broker.
     *
     * @param wanted every partition to fetch from this broker, with its parameters
     * @param topicIds whether the request will name topics by id (v13+); a session does not mix the two
     * @return the request
     */
    Request next(Map<TopicPartition, FetchRequest.FetchPartition> wanted, boolean topicIds) {
        Map<TopicPartition, FetchRequest.FetchPartition> now = new LinkedHashMap<>(wanted);
        if (nextEpoch == INITIAL_EPOCH || topicIds != usesTopicIds) {
            partitions = now;
            usesTopicIds = topicIds;
            nextEpoch = INITIAL_EPOCH;
            return new Request(sessionId, INITIAL_EPOCH, now, List.of());
        }
        Map<TopicPartition, FetchRequest.FetchPartition> changed = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, FetchRequest.FetchPartition> e : now.entrySet()) {
            if (!e.getValue().equals(partitions.get(e.getKey()))) {
                changed.put(e.getKey(), e.getValue());
            }
        }
        List<TopicPartition> forgotten = new ArrayList<>();
        for (TopicPartition tp : partitions.keySet()) {
            if (!now.containsKey(tp)) {
                forgotten.add(tp);
            }
        }
        partitions = now;
        return new Request(sessionId, nextEpoch, changed, forgotten);
    }

    /**
     * A response to {@code request} arrived without a top-level error.
     *
     * @param request the request it answers
     * @param responseSessionId the session id in the response
     */
    void onResponse(Request request, int responseSessionId) {
        if (request.full()) {
            sessionId = responseSessionId;
            // A broker whose session cache is full answers with id 0: keep sending full requests.
            nextEpoch = responseSessionId == 0 ? INITIAL_EPOCH : 1;
        } else {
            nextEpoch = nextEpoch == Integer.MAX_VALUE ? 1 : nextEpoch + 1;
        }
    }

    /**
     * The request failed, or the broker answered with a top-level error: the next request is full.
     *
     * @param error the broker's error, or null for a failed request
     */
    void onError(Errors error) {
        if (error == Errors.FETCH_SESSION_ID_NOT_FOUND) {
            sessionId = 0;
        }
        nextEpoch = INITIAL_EPOCH;
    }
}
