package io.kanal.client.group.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.errors.Errors;
import io.kanal.client.group.ClassicGroupConfig;
import io.kanal.client.group.ClassicMemberState;
import io.kanal.client.group.ProtocolMetadata;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.message.HeartbeatResponse;
import io.kanal.client.protocol.message.JoinGroupResponse;
import io.kanal.client.protocol.message.SyncGroupResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link ClassicMembershipStateMachine} by hand, playing driver, coordinator and user, with a clock that is
 * a number: no threads, no network.
 */
final class MemberHarness {
    /** 100 ms back-off, so with the ±20% jitter every retry waits 80 to 100 ms. */
    static final ExponentialBackoff BACKOFF = new ExponentialBackoff(100, 100);

    static final int SESSION_MS = 10_000;
    static final int HEARTBEAT_MS = 3_000;
    static final int REBALANCE_MS = 60_000;
    static final int REQUEST_MS = 30_000;
    static final List<ProtocolMetadata> PROTOCOLS =
            List.of(new ProtocolMetadata("sessioned", bytes("s-meta")), new ProtocolMetadata("eager", bytes("e-meta")));

    final ClassicMembershipStateMachine machine;
    long now = 1_000;

    MemberHarness(String instanceId) {
        machine = new ClassicMembershipStateMachine(config(instanceId), "connect");
    }

    static ClassicGroupConfig config(String instanceId) {
        return ClassicGroupConfig.builder("workers")
                .groupInstanceId(instanceId)
                .sessionTimeoutMs(SESSION_MS)
                .heartbeatIntervalMs(HEARTBEAT_MS)
                .rebalanceTimeoutMs(REBALANCE_MS)
                .requestTimeoutMs(REQUEST_MS)
                .backoff(BACKOFF)
                .build();
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    ClassicMembershipStateMachine.PollResult poll() {
        return machine.poll(now);
    }

    /** The one action of this type in the result (there must be exactly one). */
    static <T extends GroupAction> T action(ClassicMembershipStateMachine.PollResult r, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (GroupAction a : r.actions()) {
            if (type.isInstance(a)) {
                found.add(type.cast(a));
            }
        }
        assertThat(found).as("%s in %s", type.getSimpleName(), r.actions()).hasSize(1);
        return found.get(0);
    }

    /** The one request of this API in the result (there must be exactly one). */
    static GroupRequest request(ClassicMembershipStateMachine.PollResult r, ApiKey api) {
        List<GroupRequest> found =
                r.requests().stream().filter(q -> q.api() == api).toList();
        assertThat(found).as("%s in %s", api, r.requests()).hasSize(1);
        return found.get(0);
    }

    static <T extends ApiMessage> T body(GroupRequest request, Class<T> type) {
        return type.cast(request.body());
    }

    /** Polls, expects FindCoordinator, and answers that the coordinator was found. */
    void findCoordinator() {
        action(poll(), GroupAction.FindCoordinator.class);
        machine.onCoordinatorFound(now);
    }

    /** Polls for the PrepareJoin, answers it with {@link #PROTOCOLS}, and polls for the JoinGroup. */
    GroupRequest prepareAndJoin() {
        GroupAction.PrepareJoin prepare = action(poll(), GroupAction.PrepareJoin.class);
        machine.onJoinPrepared(prepare, PROTOCOLS);
        return request(poll(), ApiKey.JOIN_GROUP);
    }

    void respond(GroupRequest request, ApiMessage response) {
        machine.onResponse(request.id(), response, now);
    }

    static JoinGroupResponse joinError(Errors error, String memberId) {
        return JoinGroupResponse.builder()
                .errorCode(error.code())
                .memberId(memberId)
                .protocolName(null)
                .build();
    }

    /** A successful JoinGroup: the leader sees every member with metadata "meta-<id>", followers see none. */
    static JoinGroupResponse joined(int generation, String memberId, String leader, String... members) {
        List<JoinGroupResponse.JoinGroupResponseMember> list = new ArrayList<>();
        if (memberId.equals(leader)) {
            for (String m : members) {
                list.add(JoinGroupResponse.JoinGroupResponseMember.builder()
                        .memberId(m)
                        .metadata(bytes("meta-" + m))
                        .build());
            }
        }
        return JoinGroupResponse.builder()
                .generationId(generation)
                .protocolType("connect")
                .protocolName("sessioned")
                .leader(leader)
                .memberId(memberId)
                .members(list)
                .build();
    }

    static SyncGroupResponse synced(String assignment) {
        return SyncGroupResponse.builder()
                .protocolType("connect")
                .protocolName("sessioned")
                .assignment(bytes(assignment))
                .build();
    }

    static SyncGroupResponse syncError(Errors error) {
        return SyncGroupResponse.builder().errorCode(error.code()).build();
    }

    static HeartbeatResponse heartbeat(Errors error) {
        return HeartbeatResponse.builder().errorCode(error.code()).build();
    }

    /**
     * UNJOINED to STABLE as the follower "m2" of leader "m1" in generation 1, through MEMBER_ID_REQUIRED; returns the
     * Assigned action.
     */
    GroupAction.Assigned stableFollower() {
        machine.join();
        findCoordinator();
        respond(prepareAndJoin(), joinError(Errors.MEMBER_ID_REQUIRED, "m2"));
        respond(prepareAndJoin(), joined(1, "m2", "m1"));
        GroupRequest sync = request(poll(), ApiKey.SYNC_GROUP);
        respond(sync, synced("tasks-of-m2"));
        GroupAction.Assigned assigned = action(poll(), GroupAction.Assigned.class);
        assertThat(machine.state()).isEqualTo(ClassicMemberState.STABLE);
        return assigned;
    }
}
