package io.kanal.client.group.internals;

import static io.kanal.client.group.internals.MemberHarness.action;
import static io.kanal.client.group.internals.MemberHarness.body;
import static io.kanal.client.group.internals.MemberHarness.joinError;
import static io.kanal.client.group.internals.MemberHarness.joined;
import static io.kanal.client.group.internals.MemberHarness.request;
import static io.kanal.client.group.internals.MemberHarness.syncError;
import static io.kanal.client.group.internals.MemberHarness.synced;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.ErrorCategory;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.errors.UnsupportedVersionException;
import io.kanal.client.group.ClassicMemberState;
import io.kanal.client.group.Generation;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.JoinGroupRequest;
import io.kanal.client.protocol.message.SyncGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every error code's outcome on JoinGroup and SyncGroup, lost coordinators and failed requests. */
class ClassicMembershipErrorsTest {
    private final MemberHarness h = new MemberHarness(null);
    private final ClassicMembershipStateMachine m = h.machine;

    private GroupRequest firstJoin() {
        m.join();
        h.findCoordinator();
        return h.prepareAndJoin();
    }

    @ParameterizedTest
    @EnumSource(
            value = Errors.class,
            names = {
                "GROUP_AUTHORIZATION_FAILED",
                "INCONSISTENT_GROUP_PROTOCOL",
                "INVALID_SESSION_TIMEOUT",
                "INVALID_GROUP_ID",
                "GROUP_MAX_SIZE_REACHED",
                "FENCED_INSTANCE_ID",
                "UNSUPPORTED_VERSION",
                "UNKNOWN_SERVER_ERROR"
            })
    void joinGroupErrorsThatRetryingCannotFixAreFatal(Errors error) {
        h.respond(firstJoin(), joinError(error, ""));
        assertThat(m.state()).isEqualTo(ClassicMemberState.FATAL);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        GroupAction.Failure failure = action(r, GroupAction.Failure.class);
        assertThat(failure.fatal()).isTrue();
        assertThat(failure.error().error()).contains(error);
        assertThat(r.requests()).isEmpty();
        h.now += 60_000;
        assertThat(h.poll().requests()).as("a FATAL member sends nothing").isEmpty();
    }

    @Test
    void fatalErrorsCarryTheirTypedException() {
        h.respond(firstJoin(), joinError(Errors.GROUP_AUTHORIZATION_FAILED, ""));
        assertThat(action(h.poll(), GroupAction.Failure.class).error()).isInstanceOf(AuthorizationException.class);

        MemberHarness other = new MemberHarness(null);
        other.machine.join();
        other.findCoordinator();
        other.respond(other.prepareAndJoin(), joinError(Errors.INVALID_SESSION_TIMEOUT, ""));
        KafkaException invalidSession =
                action(other.poll(), GroupAction.Failure.class).error();
        assertThat(invalidSession.error()).contains(Errors.INVALID_SESSION_TIMEOUT);
        assertThat(invalidSession.category()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT.category());
    }

    @Test
    void aFencedStaticMemberHoldingAnAssignmentLosesItAndFails() {
        MemberHarness s = new MemberHarness("worker-7");
        s.machine.join();
        s.findCoordinator();
        s.respond(s.prepareAndJoin(), joined(2, "m7", "m1"));
        s.respond(request(s.poll(), ApiKey.SYNC_GROUP), synced("x"));
        s.poll();
        s.now += MemberHarness.HEARTBEAT_MS;
        s.respond(request(s.poll(), ApiKey.HEARTBEAT), MemberHarness.heartbeat(Errors.FENCED_INSTANCE_ID));
        ClassicMembershipStateMachine.PollResult r = s.poll();
        GroupAction.Lost lost = action(r, GroupAction.Lost.class);
        assertThat(lost.generationId()).isEqualTo(2);
        assertThat(lost.memberId()).isEqualTo("m7");
        assertThat(lost.cause().error()).contains(Errors.FENCED_INSTANCE_ID);
        assertThat(action(r, GroupAction.Failure.class).fatal()).isTrue();
        assertThat(r.actions().get(0)).as("lost before the failure").isInstanceOf(GroupAction.Lost.class);
        assertThat(s.machine.state()).isEqualTo(ClassicMemberState.FATAL);
    }

    @Test
    void coordinatorLoadInProgressIsRetriedAfterBackOffWithFreshMetadata() {
        h.respond(firstJoin(), joinError(Errors.COORDINATOR_LOAD_IN_PROGRESS, ""));
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.actions()).as("waits for the back-off").isEmpty();
        assertThat(r.nextWakeupMs()).isBetween(h.now + 80, h.now + 100);
        h.now = r.nextWakeupMs() - 1;
        assertThat(h.poll().actions()).isEmpty();
        h.now++;
        GroupRequest retry = h.prepareAndJoin();
        assertThat(body(retry, JoinGroupRequest.class).reason()).contains("COORDINATOR_LOAD_IN_PROGRESS");
    }

    @Test
    void notCoordinatorOnJoinGroupLooksTheCoordinatorUpAndRetries() {
        h.respond(firstJoin(), joinError(Errors.NOT_COORDINATOR, ""));
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.actions()).containsExactly(new GroupAction.FindCoordinator());
        m.onCoordinatorFound(h.now);
        h.now += 100;
        assertThat(h.prepareAndJoin()).isNotNull();
    }

    @Test
    void rebalanceInProgressOnJoinGroupRejoinsAtOnceKeepingTheMemberId() {
        h.respond(firstJoin(), joinError(Errors.MEMBER_ID_REQUIRED, "m5"));
        h.respond(h.prepareAndJoin(), joinError(Errors.REBALANCE_IN_PROGRESS, ""));
        GroupRequest again = h.prepareAndJoin();
        assertThat(body(again, JoinGroupRequest.class).memberId()).isEqualTo("m5");
    }

    @Test
    void unknownMemberIdOnJoinGroupRejoinsAtOnceWithAnEmptyMemberId() {
        h.respond(firstJoin(), joinError(Errors.MEMBER_ID_REQUIRED, "m5"));
        h.respond(h.prepareAndJoin(), joinError(Errors.UNKNOWN_MEMBER_ID, ""));
        assertThat(m.generation()).isEqualTo(Generation.NONE);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.actions())
                .as("nothing was assigned, so nothing is lost")
                .noneMatch(a -> a instanceof GroupAction.Lost);
        assertThat(action(r, GroupAction.PrepareJoin.class).memberId()).isEmpty();
    }

    @Test
    void rebalanceInProgressOnSyncGroupRejoinsWithoutAskingToRevokeAgain() {
        h.stableFollower();
        m.requestRejoin("new connector");
        GroupAction.PrepareJoin first = action(h.poll(), GroupAction.PrepareJoin.class);
        assertThat(first.revoke()).isTrue();
        m.onJoinPrepared(first, MemberHarness.PROTOCOLS);
        h.respond(request(h.poll(), ApiKey.JOIN_GROUP), joined(2, "m2", "m1"));
        h.respond(request(h.poll(), ApiKey.SYNC_GROUP), syncError(Errors.REBALANCE_IN_PROGRESS));
        ClassicMembershipStateMachine.PollResult r = h.poll();
        GroupAction.PrepareJoin second = action(r, GroupAction.PrepareJoin.class);
        assertThat(second.revoke()).as("revocation happens once per rebalance").isFalse();
        assertThat(second.memberId()).isEqualTo("m2");
        assertThat(second.generationId()).isEqualTo(2);
        assertThat(r.actions()).noneMatch(a -> a instanceof GroupAction.Lost);
    }

    @Test
    void illegalGenerationOnSyncGroupLosesTheAssignmentButKeepsTheMemberId() {
        h.stableFollower();
        m.requestRejoin("new connector");
        m.onJoinPrepared(action(h.poll(), GroupAction.PrepareJoin.class), MemberHarness.PROTOCOLS);
        h.respond(request(h.poll(), ApiKey.JOIN_GROUP), joined(2, "m2", "m1"));
        h.respond(request(h.poll(), ApiKey.SYNC_GROUP), syncError(Errors.ILLEGAL_GENERATION));
        assertThat(m.generation()).isEqualTo(Generation.memberIdOnly("m2"));
        ClassicMembershipStateMachine.PollResult r = h.poll();
        GroupAction.Lost lost = action(r, GroupAction.Lost.class);
        assertThat(lost.generationId())
                .as("the generation whose assignment the user holds")
                .isEqualTo(1);
        assertThat(action(r, GroupAction.PrepareJoin.class).memberId()).isEqualTo("m2");
    }

    @Test
    void unknownMemberIdOnSyncGroupLosesTheAssignmentAndTheMemberId() {
        h.stableFollower();
        m.requestRejoin("new connector");
        m.onJoinPrepared(action(h.poll(), GroupAction.PrepareJoin.class), MemberHarness.PROTOCOLS);
        h.respond(request(h.poll(), ApiKey.JOIN_GROUP), joined(2, "m2", "m1"));
        h.respond(request(h.poll(), ApiKey.SYNC_GROUP), syncError(Errors.UNKNOWN_MEMBER_ID));
        ClassicMembershipStateMachine.PollResult r = h.poll();
        action(r, GroupAction.Lost.class);
        assertThat(action(r, GroupAction.PrepareJoin.class).memberId()).isEmpty();
    }

    @Test
    void coordinatorNotAvailableOnSyncGroupRejoinsAfterALookup() {
        m.join();
        h.findCoordinator();
        h.respond(h.prepareAndJoin(), joined(1, "m2", "m1"));
        h.respond(request(h.poll(), ApiKey.SYNC_GROUP), syncError(Errors.COORDINATOR_NOT_AVAILABLE));
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
        assertThat(h.poll().actions()).containsExactly(new GroupAction.FindCoordinator());
    }

    @Test
    void protocolTypeAndNameMustMatchWhatTheMemberJoinedWith() {
        h.respond(
                firstJoin(),
                joined(1, "m2", "m1").toBuilder().protocolType("consumer").build());
        assertThat(action(h.poll(), GroupAction.Failure.class).error().error())
                .contains(Errors.INCONSISTENT_GROUP_PROTOCOL);

        MemberHarness other = new MemberHarness(null);
        other.machine.join();
        other.findCoordinator();
        other.respond(other.prepareAndJoin(), joined(1, "m2", "m1"));
        SyncGroupResponse wrongName =
                synced("x").toBuilder().protocolName("eager").build();
        other.respond(request(other.poll(), ApiKey.SYNC_GROUP), wrongName);
        assertThat(other.machine.state()).isEqualTo(ClassicMemberState.FATAL);
    }

    @Test
    void aLostConnectionDuringSyncGroupLooksTheCoordinatorUpAndRejoins() {
        m.join();
        h.findCoordinator();
        h.respond(h.prepareAndJoin(), joined(1, "m2", "m1"));
        GroupRequest sync = request(h.poll(), ApiKey.SYNC_GROUP);
        m.onRequestFailed(sync.id(), new NetworkException("reset", true, null), h.now);
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
        assertThat(m.generation().generationId())
                .as("the generation may still be valid")
                .isEqualTo(1);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.actions()).containsExactly(new GroupAction.FindCoordinator());
        m.onCoordinatorFound(h.now);
        h.now += 100;
        GroupAction.PrepareJoin prepare = action(h.poll(), GroupAction.PrepareJoin.class);
        assertThat(prepare.memberId()).isEqualTo("m2");
    }

    @Test
    void aRequestThatCannotBeSentAtAllIsFatal() {
        GroupRequest join = firstJoin();
        m.onRequestFailed(join.id(), new UnsupportedVersionException("no common JoinGroup version"), h.now);
        GroupAction.Failure failure = action(h.poll(), GroupAction.Failure.class);
        assertThat(failure.fatal()).isTrue();
        assertThat(failure.error()).isInstanceOf(UnsupportedVersionException.class);
    }

    @Test
    void aFailedCoordinatorLookupIsRetriedAfterBackOffUnlessItIsFatal() {
        m.join();
        action(h.poll(), GroupAction.FindCoordinator.class);
        m.onCoordinatorLookupFailed(new TimeoutException("no broker"), h.now);
        ClassicMembershipStateMachine.PollResult r = h.poll();
        assertThat(r.actions()).isEmpty();
        assertThat(r.nextWakeupMs()).isBetween(h.now + 80, h.now + 100);
        h.now = r.nextWakeupMs();
        action(h.poll(), GroupAction.FindCoordinator.class);
        KafkaException denied = BrokerErrors.exception(Errors.GROUP_AUTHORIZATION_FAILED, null);
        m.onCoordinatorLookupFailed(denied, h.now);
        assertThat(m.state()).isEqualTo(ClassicMemberState.FATAL);
        assertThat(denied.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
    }
}
