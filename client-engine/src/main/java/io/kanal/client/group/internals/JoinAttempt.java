package io.kanal.client.group.internals;

import io.kanal.client.group.Generation;
import io.kanal.client.group.MemberMetadata;
import io.kanal.client.group.ProtocolMetadata;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The member's current JoinGroup attempt, from asking the user for metadata to the SyncGroup: the
 * {@link GroupAction.PrepareJoin} and {@link GroupAction.ComputeAssignment} awaiting the user's answer (answers to
 * any other action are stale and ignored), the answers, when the attempt may start, and the id of the JoinGroup or
 * SyncGroup in flight. A new attempt forgets all of it, so that nothing of an older one is ever sent or applied.
 *
 * <p>Owned by the machine's thread.
 */
final class JoinAttempt {
    private long notBeforeMs;
    private GroupAction.PrepareJoin pendingPrepare;
    private List<ProtocolMetadata> protocols;
    private GroupAction.ComputeAssignment pendingAssignment;
    private Map<String, ByteBuffer> leaderAssignments;
    private long requestId;

    /** Forgets everything; the next attempt starts no earlier than {@code notBeforeMs}. */
    void reset(long notBeforeMs) {
        this.notBeforeMs = notBeforeMs;
        pendingPrepare = null;
        protocols = null;
        pendingAssignment = null;
        leaderAssignments = null;
        requestId = 0;
    }

    /** Whether the user has not been asked for metadata yet (so a rejoin request can still be folded in). */
    boolean notAskedYet() {
        return pendingPrepare == null && protocols == null;
    }

    /** The PrepareJoin to emit now, or null if it went already or the back-off still runs. */
    GroupAction.PrepareJoin prepareIfDue(long nowMs, Generation generation, boolean revoke, String reason) {
        if (pendingPrepare != null || protocols != null || nowMs < notBeforeMs) {
            return null;
        }
        pendingPrepare = new GroupAction.PrepareJoin(generation.generationId(), generation.memberId(), revoke, reason);
        return pendingPrepare;
    }

    /** When the PrepareJoin will be due; {@link Long#MAX_VALUE} once it went. */
    long prepareDueMs() {
        return pendingPrepare == null && protocols == null ? notBeforeMs : Long.MAX_VALUE;
    }

    boolean awaits(GroupAction.PrepareJoin prepare) {
        return prepare != null && prepare == pendingPrepare;
    }

    void prepared(List<ProtocolMetadata> answer) {
        pendingPrepare = null;
        protocols = List.copyOf(answer);
    }

    List<ProtocolMetadata> protocols() {
        return protocols;
    }

    GroupAction.ComputeAssignment askLeader(Generation generation, List<MemberMetadata> members) {
        pendingAssignment = new GroupAction.ComputeAssignment(
                generation.generationId(), generation.memberId(), generation.protocolName(), members);
        return pendingAssignment;
    }

    boolean awaits(GroupAction.ComputeAssignment request) {
        return request != null && request == pendingAssignment;
    }

    void assigned(Map<String, ByteBuffer> assignments) {
        pendingAssignment = null;
        leaderAssignments = Map.copyOf(assignments);
    }

    /** The SyncGroup assignments once known: none for a follower, the user's answer for a leader. */
    Map<String, ByteBuffer> syncAssignments(Generation generation) {
        return generation.isLeader() ? leaderAssignments : Map.of();
    }

    long requestId() {
        return requestId;
    }

    void requestId(long id) {
        requestId = id;
    }
}
