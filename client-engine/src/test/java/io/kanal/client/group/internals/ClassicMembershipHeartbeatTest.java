package io.kanal.client.group.internals;

import static io.kanal.client.group.internals.MemberHarness.HEARTBEAT_MS;
import static io.kanal.client.group.internals.MemberHarness.SESSION_MS;
import static io.kanal.client.group.internals.MemberHarness.action;
import static io.kanal.client.group.internals.MemberHarness.body;
import static io.kanal.client.group.internals.MemberHarness.heartbeat;
import static io.kanal.client.group.internals.MemberHarness.joined;
import static io.kanal.client.group.internals.MemberHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.errors.Errors;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.group.ClassicMemberState;
import io.kanal.client.group.Generation;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.HeartbeatRequest;
import io.kanal.client.protocol.message.JoinGroupRequest;
import org.junit.jupiter.api.Test;

/** Heartbeat scheduling, session expiry, rebalances announced by heartbeats, and coordinator loss. */
class ClassicMembershipHeartbeatTest {
    private final MemberHarness h = new MemberHarness(null);
    private final ClassicMembershipStateMachine m = h.machine;

    @Test
    void heartbeatsGoEveryIntervalFromTheLastSendOneAtATime() {
        h.stableFollower();
        long joinedAt = h.now;
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.requests()).isEmpty();
        assertThat(r.nextWakeupMs()).isEqualTo(joinedAt + HEARTBEAT_MS);

        h.now = joinedAt + HEARTBEAT_MS;
        GroupRequest beat = request(h.poll(), ApiKey.HEARTBEAT);
        HeartbeatRequest body = body(beat, HeartbeatRequest.class);
        assertThat(body.groupId()).isEqualTo("workers");
        assertThat(body.generationId()).isEqualTo(1);
        assertThat(body.memberId()).isEqualTo("m2");
        assertThat(beat.timeoutMs()).isEqualTo(MemberHarness.REQUEST_MS);

        h.now += HEARTBEAT_MS + 500;
        assertThat(h.poll().requests()).as("never two in flight").isEmpty();
        h.respond(beat, heartbeat(Errors.NONE));
        assertThat(request(h.poll(), ApiKey.HEARTBEAT))
                .as("overdue: interval counted from the previous send")
                .isNotNull();
    }

    @Test
    void aLeaderHeartbeatsWhileItsAssignmentIsComputed() {
        m.join();
        h.findCoordinator();
        h.respond(h.prepareAndJoin(), joined(1, "m1", "m1", "m1"));
        action(h.poll(), GroupAction.ComputeAssignment.class);
        h.now += HEARTBEAT_MS;
        assertThat(request(h.poll(), ApiKey.HEARTBEAT)).isNotNull();
        assertThat(m.state()).isEqualTo(ClassicMemberState.AWAITING_SYNC);
    }

    @Test
    void noHeartbeatsBeforeAGenerationNorWhileAJoinGroupIsOut() {
        m.join();
        h.findCoordinator();
        GroupRequest join = h.prepareAndJoin();
        h.now += 5 * SESSION_MS;
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.requests()).isEmpty();
        assertThat(r.nextWakeupMs()).isEqualTo(Long.MAX_VALUE);
        h.respond(join, joined(1, "m2", "m1"));
        assertThat(m.state()).as("no session expiry counted while joining").isEqualTo(ClassicMemberState.AWAITING_SYNC);
    }

    @Test
    void aFailedHeartbeatIsRetriedAfterBackOff() {
        h.stableFollower();
        h.now += HEARTBEAT_MS;
        GroupRequest beat = request(h.poll(), ApiKey.HEARTBEAT);
        h.respond(beat, heartbeat(Errors.UNKNOWN_SERVER_ERROR));
        assertThat(m.state()).isEqualTo(ClassicMemberState.STABLE);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.requests()).isEmpty();
        assertThat(r.nextWakeupMs()).isBetween(h.now + 80, h.now + 100);
        h.now = r.nextWakeupMs();
        assertThat(request(h.poll(), ApiKey.HEARTBEAT)).isNotNull();
    }

    @Test
    void withoutASuccessfulHeartbeatForTheSessionTimeoutTheAssignmentIsLostAndTheMemberRejoinsAfresh() {
        h.stableFollower();
        long lastSuccess = h.now;
        h.now += HEARTBEAT_MS;
        GroupRequest beat = request(h.poll(), ApiKey.HEARTBEAT);
        m.onRequestFailed(beat.id(), new TimeoutException("no answer"), h.now);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.actions()).containsExactly(new GroupAction.FindCoordinator());
        assertThat(r.nextWakeupMs()).as("the session deadline").isEqualTo(lastSuccess + SESSION_MS);

        h.now = lastSuccess + SESSION_MS - 1;
        assertThat(h.poll().actions()).isEmpty();
        h.now++;
        r = h.poll();
        GroupAction.Lost lost = action(r, GroupAction.Lost.class);
        assertThat(lost.generationId()).isEqualTo(1);
        assertThat(lost.memberId()).isEqualTo("m2");
        assertThat(lost.cause()).isInstanceOf(TimeoutException.class);
        assertThat(m.generation()).isEqualTo(Generation.NONE);
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);

        m.onCoordinatorFound(h.now);
        GroupAction.PrepareJoin prepare = action(h.poll(), GroupAction.PrepareJoin.class);
        assertThat(prepare.memberId()).isEmpty();
        assertThat(prepare.revoke()).as("already reported lost").isFalse();
        m.onJoinPrepared(prepare, MemberHarness.PROTOCOLS);
        assertThat(body(request(h.poll(), ApiKey.JOIN_GROUP), JoinGroupRequest.class)
                        .memberId())
                .isEmpty();
    }

    @Test
    void rebalanceInProgressOnAHeartbeatStartsARebalanceThatRevokesFirstAndKeepsHeartbeating() {
        h.stableFollower();
        h.now += HEARTBEAT_MS;
        h.respond(request(h.poll(), ApiKey.HEARTBEAT), heartbeat(Errors.REBALANCE_IN_PROGRESS));
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
        GroupAction.PrepareJoin prepare = action(h.poll(), GroupAction.PrepareJoin.class);
        assertThat(prepare).isEqualTo(new GroupAction.PrepareJoin(1, "m2", true, "the group is rebalancing"));

        // The user revokes for a while: heartbeats go on, REBALANCE_IN_PROGRESS keeps the session alive.
        for (int i = 0; i < 5; i++) {
            h.now += HEARTBEAT_MS;
            GroupRequest beat = request(h.poll(), ApiKey.HEARTBEAT);
            assertThat(body(beat, HeartbeatRequest.class).generationId()).isEqualTo(1);
            h.respond(beat, heartbeat(Errors.REBALANCE_IN_PROGRESS));
        }
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);

        m.onJoinPrepared(prepare, MemberHarness.PROTOCOLS);
        GroupRequest join = request(h.poll(), ApiKey.JOIN_GROUP);
        JoinGroupRequest body = body(join, JoinGroupRequest.class);
        assertThat(body.memberId()).isEqualTo("m2");
        assertThat(body.reason()).isEqualTo("the group is rebalancing");
        h.now += 10 * SESSION_MS;
        assertThat(h.poll().requests())
                .as("no heartbeats while the JoinGroup is out")
                .isEmpty();
        h.respond(join, joined(2, "m2", "m1"));
        assertThat(m.generation().generationId()).isEqualTo(2);
    }

    @Test
    void unknownMemberIdOnAHeartbeatLosesTheAssignmentAndTheMemberId() {
        h.stableFollower();
        h.now += HEARTBEAT_MS;
        h.respond(request(h.poll(), ApiKey.HEARTBEAT), heartbeat(Errors.UNKNOWN_MEMBER_ID));
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(action(r, GroupAction.Lost.class).cause().error()).contains(Errors.UNKNOWN_MEMBER_ID);
        assertThat(action(r, GroupAction.PrepareJoin.class))
                .isEqualTo(new GroupAction.PrepareJoin(-1, "", false, "Heartbeat answered UNKNOWN_MEMBER_ID"));
        h.now += 10 * HEARTBEAT_MS;
        assertThat(h.poll().requests()).as("no generation, no heartbeats").isEmpty();
    }

    @Test
    void illegalGenerationOnAHeartbeatLosesTheAssignmentButKeepsTheMemberId() {
        h.stableFollower();
        h.now += HEARTBEAT_MS;
        h.respond(request(h.poll(), ApiKey.HEARTBEAT), heartbeat(Errors.ILLEGAL_GENERATION));
        ClassicMembershipStateMachine.PollResult r = h.poll();
        action(r, GroupAction.Lost.class);
        assertThat(action(r, GroupAction.PrepareJoin.class).memberId()).isEqualTo("m2");
        assertThat(m.generation()).isEqualTo(Generation.memberIdOnly("m2"));
    }

    @Test
    void notCoordinatorOnAHeartbeatStopsHeartbeatsUntilTheCoordinatorIsFoundAgain() {
        h.stableFollower();
        h.now += HEARTBEAT_MS;
        h.respond(request(h.poll(), ApiKey.HEARTBEAT), heartbeat(Errors.NOT_COORDINATOR));
        assertThat(m.state()).as("the membership itself is fine").isEqualTo(ClassicMemberState.STABLE);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.actions()).containsExactly(new GroupAction.FindCoordinator());
        h.now += HEARTBEAT_MS;
        assertThat(h.poll().requests()).isEmpty();
        m.onCoordinatorFound(h.now);
        assertThat(request(h.poll(), ApiKey.HEARTBEAT)).isNotNull();
        assertThat(m.state()).isEqualTo(ClassicMemberState.STABLE);
    }

    @Test
    void aHeartbeatAnsweredAfterTheCoordinatorWasLostIsIgnored() {
        h.stableFollower();
        h.now += HEARTBEAT_MS;
        GroupRequest old = request(h.poll(), ApiKey.HEARTBEAT);
        m.onRequestFailed(old.id(), new NetworkException("reset", true, null), h.now);
        h.respond(old, heartbeat(Errors.UNKNOWN_MEMBER_ID));
        assertThat(m.state()).isEqualTo(ClassicMemberState.STABLE);
        assertThat(m.generation().generationId()).isEqualTo(1);
    }
}
