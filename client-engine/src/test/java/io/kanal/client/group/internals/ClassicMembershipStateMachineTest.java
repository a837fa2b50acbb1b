package io.kanal.client.group.internals;

import static io.kanal.client.group.internals.MemberHarness.PROTOCOLS;
import static io.kanal.client.group.internals.MemberHarness.action;
import static io.kanal.client.group.internals.MemberHarness.body;
import static io.kanal.client.group.internals.MemberHarness.bytes;
import static io.kanal.client.group.internals.MemberHarness.joinError;
import static io.kanal.client.group.internals.MemberHarness.joined;
import static io.kanal.client.group.internals.MemberHarness.request;
import static io.kanal.client.group.internals.MemberHarness.synced;
import static io.kanal.client.group.internals.MemberHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.Errors;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.group.ClassicMemberState;
import io.kanal.client.group.Generation;
import io.kanal.client.group.GroupMembershipOperation;
import io.kanal.client.group.MemberAssignment;
import io.kanal.client.group.MemberMetadata;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.HeartbeatRequest;
import io.kanal.client.protocol.message.JoinGroupRequest;
import io.kanal.client.protocol.message.LeaveGroupRequest;
import io.kanal.client.protocol.message.LeaveGroupResponse;
import io.kanal.client.protocol.message.SyncGroupRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joining, syncing, leaving and the races between them, driven by feeding responses: no threads, no broker. */
class ClassicMembershipStateMachineTest {
    private final MemberHarness h = new MemberHarness(null);
    private final ClassicMembershipStateMachine m = h.machine;

    @Test
    void aNewMemberDoesNothingUntilToldToJoinThenFindsTheCoordinatorFirst() {
        ClassicMembershipStateMachine.PollResult idle = h.poll();
        assertThat(idle.requests()).isEmpty();
        assertThat(idle.actions()).isEmpty();
        assertThat(idle.nextWakeupMs()).isEqualTo(Long.MAX_VALUE);

        m.join();
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.actions()).containsExactly(new GroupAction.FindCoordinator());
        assertThat(r.requests()).isEmpty();
        assertThat(h.poll().actions()).as("one lookup at a time").isEmpty();
        m.onCoordinatorFound(h.now);
        assertThat(h.poll().actions())
                .as("the first join has nothing to revoke")
                .containsExactly(new GroupAction.PrepareJoin(-1, "", false, ""));
    }

    @Test
    void joinsAsLeaderThroughMemberIdRequiredAndSyncsTheAssignmentTheUserComputed() {
        m.join();
        h.findCoordinator();
        GroupRequest first = h.prepareAndJoin();
        JoinGroupRequest firstBody = body(first, JoinGroupRequest.class);
        assertThat(firstBody.groupId()).isEqualTo("workers");
        assertThat(firstBody.memberId()).isEmpty();
        assertThat(firstBody.groupInstanceId()).isNull();
        assertThat(firstBody.protocolType()).isEqualTo("connect");
        assertThat(firstBody.sessionTimeoutMs()).isEqualTo(MemberHarness.SESSION_MS);
        assertThat(firstBody.rebalanceTimeoutMs()).isEqualTo(MemberHarness.REBALANCE_MS);
        assertThat(firstBody.protocols())
                .extracting(JoinGroupRequest.JoinGroupRequestProtocol::name)
                .containsExactly("sessioned", "eager");
        assertThat(text(firstBody.protocols().get(0).metadata())).isEqualTo("s-meta");
        assertThat(first.timeoutMs())
                .as("longer than the rebalance timeout: the coordinator holds a JoinGroup that long")
                .isEqualTo(MemberHarness.REBALANCE_MS + 5_000);
        assertThat(first.minVersion()).isZero();
        assertThat(h.poll().requests()).as("one JoinGroup at a time").isEmpty();

        // KIP-394: the coordinator gives the member id; the member asks for metadata again and rejoins at once.
        h.respond(first, joinError(Errors.MEMBER_ID_REQUIRED, "m1"));
        assertThat(m.generation()).isEqualTo(Generation.memberIdOnly("m1"));
        GroupAction.PrepareJoin again = action(h.poll(), GroupAction.PrepareJoin.class);
        assertThat(again.memberId()).isEqualTo("m1");
        assertThat(again.revoke()).isFalse();
        m.onJoinPrepared(again, PROTOCOLS);
        GroupRequest second = request(h.poll(), ApiKey.JOIN_GROUP);
        assertThat(body(second, JoinGroupRequest.class).memberId()).isEqualTo("m1");
        assertThat(body(second, JoinGroupRequest.class).reason()).contains("m1");

        h.respond(second, joined(1, "m1", "m1", "m1", "m2"));
        assertThat(m.state()).isEqualTo(ClassicMemberState.AWAITING_SYNC);
        assertThat(m.generation()).isEqualTo(new Generation(1, "m1", "sessioned", "m1"));
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.requests()).as("no SyncGroup before the assignment").isEmpty();
        GroupAction.ComputeAssignment compute = action(r, GroupAction.ComputeAssignment.class);
        assertThat(compute.generationId()).isEqualTo(1);
        assertThat(compute.leaderId()).isEqualTo("m1");
        assertThat(compute.protocol()).isEqualTo("sessioned");
        assertThat(compute.members()).extracting(MemberMetadata::memberId).containsExactly("m1", "m2");
        assertThat(text(compute.members().get(1).metadata())).isEqualTo("meta-m2");

        m.onAssignmentComputed(compute, Map.of("m1", bytes("a1"), "m2", bytes("a2")));
        GroupRequest sync = request(h.poll(), ApiKey.SYNC_GROUP);
        SyncGroupRequest syncBody = body(sync, SyncGroupRequest.class);
        assertThat(syncBody.generationId()).isEqualTo(1);
        assertThat(syncBody.memberId()).isEqualTo("m1");
        assertThat(syncBody.protocolType()).isEqualTo("connect");
        assertThat(syncBody.protocolName()).isEqualTo("sessioned");
        assertThat(syncBody.assignments())
                .extracting(a -> a.memberId() + "=" + text(a.assignment()))
                .containsExactly("m1=a1", "m2=a2");
        assertThat(sync.timeoutMs()).isEqualTo(MemberHarness.REQUEST_MS);

        h.respond(sync, synced("a1"));
        assertThat(m.state()).isEqualTo(ClassicMemberState.STABLE);
        GroupAction.Assigned assigned = action(h.poll(), GroupAction.Assigned.class);
        MemberAssignment a = assigned.assignment();
        assertThat(a.generationId()).isEqualTo(1);
        assertThat(a.memberId()).isEqualTo("m1");
        assertThat(a.protocol()).isEqualTo("sessioned");
        assertThat(a.leaderId()).isEqualTo("m1");
        assertThat(a.isLeader()).isTrue();
        assertThat(text(a.assignment())).isEqualTo("a1");
    }

    @Test
    void aFollowerSendsAnEmptySyncGroupAtOnceAndGetsItsAssignment() {
        GroupAction.Assigned assigned = h.stableFollower();
        assertThat(assigned.assignment().isLeader()).isFalse();
        assertThat(assigned.assignment().leaderId()).isEqualTo("m1");
        assertThat(text(assigned.assignment().assignment())).isEqualTo("tasks-of-m2");
        assertThat(m.generation()).isEqualTo(new Generation(1, "m2", "sessioned", "m1"));
    }

    @Test
    void aStaticMemberJoinsWithItsInstanceIdAndNeedsTheVersionsThatCarryIt() {
        MemberHarness s = new MemberHarness("worker-7");
        s.machine.join();
        s.findCoordinator();
        GroupRequest join = s.prepareAndJoin();
        assertThat(body(join, JoinGroupRequest.class).groupInstanceId()).isEqualTo("worker-7");
        assertThat(body(join, JoinGroupRequest.class).memberId())
                .as("a static member also starts with an empty member id: the coordinator maps the instance id")
                .isEmpty();
        assertThat(join.minVersion()).isEqualTo((short) 5);
        assertThatThrownBy(() -> join.body((short) 4)).isInstanceOf(IllegalArgumentException.class);

        s.respond(join, joined(4, "m-new", "m-other"));
        GroupRequest sync = request(s.poll(), ApiKey.SYNC_GROUP);
        assertThat(sync.minVersion()).isEqualTo((short) 3);
        assertThat(body(sync, SyncGroupRequest.class).groupInstanceId()).isEqualTo("worker-7");
        s.respond(sync, synced("x"));
        s.now += MemberHarness.HEARTBEAT_MS;
        GroupRequest beat = request(s.poll(), ApiKey.HEARTBEAT);
        assertThat(beat.minVersion()).isEqualTo((short) 3);
        assertThat(body(beat, HeartbeatRequest.class).groupInstanceId()).isEqualTo("worker-7");
    }

    @Test
    void aStaticLeaderThatRejoinsAStableGroupSkipsTheAssignment() {
        MemberHarness s = new MemberHarness("worker-1");
        s.machine.join();
        s.findCoordinator();
        GroupRequest join = s.prepareAndJoin();
        s.respond(
                join,
                joined(3, "m1", "m1", "m1", "m2").toBuilder()
                        .skipAssignment(true)
                        .build());
        ClassicMembershipStateMachine.PollResult r = s.poll();
        assertThat(r.actions())
                .as("KIP-814: the leader must not run the assignor")
                .isEmpty();
        assertThat(body(request(r, ApiKey.SYNC_GROUP), SyncGroupRequest.class).assignments())
                .isEmpty();
    }

    @Test
    void aDynamicMemberLeavesWithItsMemberIdAndTheReasonTruncatedTo255Characters() {
        h.stableFollower();
        String reason = "x".repeat(300);
        m.leave(reason);
        assertThat(m.state()).isEqualTo(ClassicMemberState.LEAVING);
        assertThat(m.generation()).isEqualTo(Generation.NONE);
        GroupRequest leave = request(h.poll(), ApiKey.LEAVE_GROUP);
        LeaveGroupRequest v5 = body(leave, LeaveGroupRequest.class);
        assertThat(v5.members()).hasSize(1);
        assertThat(v5.members().get(0).memberId()).isEqualTo("m2");
        assertThat(v5.members().get(0).groupInstanceId()).isNull();
        assertThat(v5.members().get(0).reason()).hasSize(255);
        LeaveGroupRequest v2 = (LeaveGroupRequest) leave.body((short) 2);
        assertThat(v2.memberId()).isEqualTo("m2");
        assertThat(v2.members()).isEmpty();

        assertThat(h.poll().actions()).as("done only when answered").isEmpty();
        h.respond(leave, LeaveGroupResponse.builder().build());
        assertThat(m.state()).isEqualTo(ClassicMemberState.UNJOINED);
        assertThat(h.poll().actions()).containsExactly(new GroupAction.LeaveComplete());
        assertThat(h.poll().requests()).as("no heartbeats after leaving").isEmpty();
    }

    @Test
    void aStaticMemberLeavesSilentlyUnlessAskedAsKafkaDoes() {
        MemberHarness s = new MemberHarness("worker-7");
        s.machine.join();
        s.findCoordinator();
        s.respond(s.prepareAndJoin(), joined(1, "m7", "m1"));
        s.respond(request(s.poll(), ApiKey.SYNC_GROUP), synced("x"));
        s.poll();
        s.machine.leave("shutting down");
        ClassicMembershipStateMachine.PollResult r = s.poll();
        assertThat(r.requests())
                .as("KIP-345: the instance keeps its place until the session expires")
                .isEmpty();
        assertThat(r.actions()).containsExactly(new GroupAction.LeaveComplete());
        assertThat(s.machine.state()).isEqualTo(ClassicMemberState.UNJOINED);

        s.machine.join();
        s.respond(s.prepareAndJoin(), joined(2, "m8", "m1"));
        s.respond(request(s.poll(), ApiKey.SYNC_GROUP), synced("x"));
        s.poll();
        s.machine.leave("scaling down", GroupMembershipOperation.LEAVE_GROUP);
        LeaveGroupRequest leave = body(request(s.poll(), ApiKey.LEAVE_GROUP), LeaveGroupRequest.class);
        assertThat(leave.members().get(0).memberId()).isEqualTo("m8");
        assertThat(leave.members().get(0).reason()).isEqualTo("scaling down");
    }

    @Test
    void aDynamicMemberAskedToRemainInTheGroupSendsNoLeaveGroup() {
        h.stableFollower();
        m.leave("restarting", GroupMembershipOperation.REMAIN_IN_GROUP);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.requests()).isEmpty();
        assertThat(r.actions()).containsExactly(new GroupAction.LeaveComplete());
    }

    @Test
    void aLeaveWhileJoiningSendsLeaveGroupAndTheLateJoinGroupResponseIsIgnored() {
        m.join();
        h.findCoordinator();
        h.respond(h.prepareAndJoin(), joinError(Errors.MEMBER_ID_REQUIRED, "m3"));
        GroupRequest join = h.prepareAndJoin();
        m.leave("closing");
        GroupRequest leave = request(h.poll(), ApiKey.LEAVE_GROUP);
        assertThat(body(leave, LeaveGroupRequest.class).members().get(0).memberId())
                .isEqualTo("m3");

        h.respond(join, joined(1, "m3", "m3", "m3"));
        assertThat(m.state()).isEqualTo(ClassicMemberState.LEAVING);
        assertThat(h.poll().actions())
                .as("no assignment asked for a generation left")
                .isEmpty();
        m.onRequestFailed(leave.id(), new NetworkException("gone", true, null), h.now);
        assertThat(m.state()).isEqualTo(ClassicMemberState.UNJOINED);
        assertThat(h.poll().actions()).containsExactly(new GroupAction.LeaveComplete());
    }

    @Test
    void aLeaveWithoutAKnownCoordinatorCompletesAtOnce() {
        m.join();
        h.poll();
        m.leave("closing");
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.requests()).isEmpty();
        assertThat(r.actions()).containsExactly(new GroupAction.LeaveComplete());
        m.leave("again");
        assertThat(h.poll().actions())
                .as("every leave() gets its LeaveComplete")
                .containsExactly(new GroupAction.LeaveComplete());
    }

    @Test
    void aSyncGroupResponseOfAnAbandonedGenerationIsIgnored() {
        m.join();
        h.findCoordinator();
        h.respond(h.prepareAndJoin(), joined(5, "m2", "m1"));
        GroupRequest sync = request(h.poll(), ApiKey.SYNC_GROUP);
        h.now += MemberHarness.HEARTBEAT_MS;
        GroupRequest beat = request(h.poll(), ApiKey.HEARTBEAT);
        h.respond(beat, MemberHarness.heartbeat(Errors.UNKNOWN_MEMBER_ID));
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
        assertThat(m.generation()).isEqualTo(Generation.NONE);

        h.respond(sync, synced("stale"));
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.actions()).noneMatch(a -> a instanceof GroupAction.Assigned);
        assertThat(action(r, GroupAction.PrepareJoin.class).memberId()).isEmpty();
    }

    @Test
    void aJoinGroupResponseToARequestGivenUpIsIgnoredAndTheNewOneCounts() {
        m.join();
        h.findCoordinator();
        GroupRequest old = h.prepareAndJoin();
        m.onRequestFailed(old.id(), new TimeoutException("no answer"), h.now);
        h.findCoordinator();
        h.now += 100;
        GroupRequest retry = h.prepareAndJoin();
        assertThat(retry.id()).isNotEqualTo(old.id());

        h.respond(old, joined(7, "m-old", "m-old", "m-old"));
        assertThat(m.state()).isEqualTo(ClassicMemberState.JOINING);
        h.respond(retry, joined(8, "m9", "m1"));
        assertThat(m.generation().generationId()).isEqualTo(8);
    }

    @Test
    void answersToActionsOfAnEarlierAttemptAreIgnored() {
        m.join();
        h.findCoordinator();
        GroupAction.PrepareJoin stale = action(h.poll(), GroupAction.PrepareJoin.class);
        m.leave("bye");
        h.poll();
        m.join();
        GroupAction.PrepareJoin current = action(h.poll(), GroupAction.PrepareJoin.class);
        assertThat(current).isEqualTo(stale).isNotSameAs(stale);
        m.onJoinPrepared(stale, PROTOCOLS);
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
        m.onJoinPrepared(current, PROTOCOLS);
        assertThat(m.state()).isEqualTo(ClassicMemberState.JOINING);
    }

    @Test
    void aFailedAssignmentIsReportedAndTheLeaderRejoinsAfterBackOff() {
        m.join();
        h.findCoordinator();
        h.respond(h.prepareAndJoin(), joined(1, "m1", "m1", "m1"));
        GroupAction.ComputeAssignment compute = action(h.poll(), GroupAction.ComputeAssignment.class);
        m.onAssignmentFailed(compute, new IllegalStateException("bug"), h.now);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        GroupAction.Failure failure = action(r, GroupAction.Failure.class);
        assertThat(failure.fatal()).isFalse();
        assertThat(failure.error()).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(r.actions()).noneMatch(a -> a instanceof GroupAction.PrepareJoin);
        assertThat(r.nextWakeupMs()).isBetween(h.now + 80, h.now + 100);
        m.onAssignmentComputed(compute, Map.of("m1", bytes("late")));
        h.now = r.nextWakeupMs();
        GroupAction.PrepareJoin prepare = action(h.poll(), GroupAction.PrepareJoin.class);
        assertThat(prepare.memberId()).isEqualTo("m1");
        assertThat(prepare.revoke()).isFalse();
    }

    @Test
    void aFailedPrepareIsReportedAndRetriedAfterBackOff() {
        m.join();
        h.findCoordinator();
        GroupAction.PrepareJoin prepare = action(h.poll(), GroupAction.PrepareJoin.class);
        m.onJoinPrepareFailed(prepare, new RuntimeException("metadata unavailable"), h.now);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(action(r, GroupAction.Failure.class).fatal()).isFalse();
        h.now = r.nextWakeupMs();
        assertThat(action(h.poll(), GroupAction.PrepareJoin.class)).isNotSameAs(prepare);
    }

    @Test
    void anEmptyProtocolListIsFatal() {
        m.join();
        h.findCoordinator();
        m.onJoinPrepared(action(h.poll(), GroupAction.PrepareJoin.class), List.of());
        assertThat(m.state()).isEqualTo(ClassicMemberState.FATAL);
        assertThat(action(h.poll(), GroupAction.Failure.class).fatal()).isTrue();
        assertThatThrownBy(m::join).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRejoinRequestedAfterTheJoinGroupWentStartsAnotherRebalanceOnceSynced() {
        m.join();
        h.findCoordinator();
        m.requestRejoin("before asking: folded into this join");
        GroupRequest join = h.prepareAndJoin();
        assertThat(body(join, JoinGroupRequest.class).reason()).isEqualTo("before asking: folded into this join");
        m.requestRejoin("config changed");
        h.respond(join, joined(1, "m2", "m1"));
        h.respond(request(h.poll(), ApiKey.SYNC_GROUP), synced("x"));
        ClassicMembershipStateMachine.PollResult r = h.poll();
        action(r, GroupAction.Assigned.class);
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
        GroupAction.PrepareJoin prepare = action(r, GroupAction.PrepareJoin.class);
        assertThat(prepare.revoke()).isTrue();
        assertThat(prepare.reason()).isEqualTo("config changed");
        assertThat(prepare.generationId()).isEqualTo(1);
    }

    @Test
    void requestsCarryTheBodiesBuiltForTheNegotiatedVersion() {
        h.stableFollower();
        h.now += MemberHarness.HEARTBEAT_MS;
        GroupRequest beat = request(h.poll(), ApiKey.HEARTBEAT);
        assertThat(beat.maxVersion()).isEqualTo(ApiKey.HEARTBEAT.highestVersion());
        HeartbeatRequest v0 = (HeartbeatRequest) beat.body((short) 0);
        assertThat(v0.generationId()).isEqualTo(1);
        assertThat(v0.memberId()).isEqualTo("m2");
        assertThat(beat.toString()).startsWith("Heartbeat#");
    }
}
