package io.kanal.client.group.internals;

import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.group.ClassicMemberState;
import io.kanal.client.group.Generation;
import io.kanal.client.group.MemberMetadata;
import io.kanal.client.protocol.message.HeartbeatResponse;
import io.kanal.client.protocol.message.JoinGroupResponse;
import io.kanal.client.protocol.message.SyncGroupResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What a JoinGroup, SyncGroup or Heartbeat response means for the member, turned into {@link Membership} transitions
 * ({@link GroupErrorPolicy} says what each error code calls for). Only responses to the requests the member still
 * waits for get here.
 *
 * <p>Owned by the machine's thread.
 */
final class GroupResponseHandler {
    private final Membership member;
    private final String protocolType;

    GroupResponseHandler(Membership member, String protocolType) {
        this.member = member;
        this.protocolType = protocolType;
    }

    void onJoinGroup(JoinGroupResponse r, long nowMs) {
        Errors error = Errors.forCode(r.errorCode());
        if (error == Errors.NONE) {
            if (GroupErrorPolicy.differs(r.protocolType(), protocolType)) {
                member.fail(GroupErrorPolicy.inconsistent("JoinGroup", r.protocolType(), protocolType));
                return;
            }
            List<MemberMetadata> members = new ArrayList<>(r.members().size());
            for (JoinGroupResponse.JoinGroupResponseMember m : r.members()) {
                members.add(new MemberMetadata(
                        m.memberId(), m.groupInstanceId(), m.metadata().asReadOnlyBuffer()));
            }
            Generation joined = new Generation(r.generationId(), r.memberId(), r.protocolName(), r.leader());
            member.joined(joined, r.skipAssignment(), members);
            return;
        }
        GroupErrorPolicy.Outcome outcome = GroupErrorPolicy.forJoinGroup(error);
        if (outcome == GroupErrorPolicy.Outcome.MEMBER_ID_REQUIRED) {
            member.rejoinWithMemberId(r.memberId());
        } else {
            onJoinOrSyncError(outcome, error, "JoinGroup answered " + error, nowMs);
        }
    }

    void onSyncGroup(SyncGroupResponse r, long nowMs) {
        Errors error = Errors.forCode(r.errorCode());
        if (error == Errors.NONE) {
            String protocolName = member.generation().protocolName();
            if (GroupErrorPolicy.differs(r.protocolType(), protocolType)) {
                member.fail(GroupErrorPolicy.inconsistent("SyncGroup", r.protocolType(), protocolType));
            } else if (GroupErrorPolicy.differs(r.protocolName(), protocolName)) {
                member.fail(GroupErrorPolicy.inconsistent("SyncGroup", r.protocolName(), protocolName));
            } else {
                member.synced(r.assignment());
            }
            return;
        }
        onJoinOrSyncError(GroupErrorPolicy.forSyncGroup(error), error, "SyncGroup answered " + error, nowMs);
    }

    /** What JoinGroup and SyncGroup errors lead to alike. */
    private void onJoinOrSyncError(GroupErrorPolicy.Outcome outcome, Errors error, String reason, long nowMs) {
        switch (outcome) {
            case REJOIN -> member.rejoin(reason);
            case RESET_MEMBER -> member.resetAndRejoin(true, exception(error), reason);
            case RESET_GENERATION -> member.resetAndRejoin(false, exception(error), reason);
            case FIND_COORDINATOR -> {
                member.coordinatorLost(nowMs);
                member.retryLater(nowMs, reason);
            }
            case RETRY -> member.retryLater(nowMs, reason);
            default -> member.fail(exception(error));
        }
    }

    void onHeartbeat(HeartbeatResponse r, long nowMs) {
        HeartbeatTimer heartbeat = member.heartbeat;
        Errors error = Errors.forCode(r.errorCode());
        if (error == Errors.NONE) {
            heartbeat.onSuccess(nowMs);
            return;
        }
        String reason = "Heartbeat answered " + error;
        switch (GroupErrorPolicy.forHeartbeat(error)) {
            case REBALANCE -> {
                heartbeat.onSuccess(nowMs); // the coordinator still knows the member
                if (member.is(ClassicMemberState.STABLE)) {
                    member.rejoin("the group is rebalancing");
                }
            }
            case RESET_MEMBER -> member.resetAndRejoin(true, exception(error), reason);
            case RESET_GENERATION -> member.resetAndRejoin(false, exception(error), reason);
            case FIND_COORDINATOR -> {
                heartbeat.onFailure(nowMs);
                member.coordinatorLost(nowMs);
            }
            case FATAL -> member.fail(exception(error));
            default -> heartbeat.onFailure(nowMs);
        }
    }

    private static KafkaException exception(Errors error) {
        return BrokerErrors.exception(error, null);
    }
}
