package io.kanal.client.group.internals;

import static io.kanal.client.group.internals.MemberHarness.action;
import static io.kanal.client.group.internals.MemberHarness.bytes;
import static io.kanal.client.group.internals.MemberHarness.joined;
import static io.kanal.client.group.internals.MemberHarness.request;
import static io.kanal.client.group.internals.MemberHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.group.ClassicMemberState;
import io.kanal.client.group.GroupProtocol;
import io.kanal.client.group.MemberAssignment;
import io.kanal.client.group.MemberMetadata;
import io.kanal.client.group.ProtocolMetadata;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.SyncGroupRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-off of actions to a {@link GroupProtocol} and back, as a driver does it (here on one thread). */
class GroupCallbacksTest {
    /** A protocol that records the calls it gets, in order. */
    private static final class RecordingProtocol implements GroupProtocol {
        final List<String> calls = new ArrayList<>();
        RuntimeException failMetadata;

        @Override
        public String protocolType() {
            return "connect";
        }

        @Override
        public List<ProtocolMetadata> metadata() {
            calls.add("metadata");
            if (failMetadata != null) {
                throw failMetadata;
            }
            return MemberHarness.PROTOCOLS;
        }

        @Override
        public void onJoinPrepare(int generationId, String memberId) {
            calls.add("revoke " + generationId + " " + memberId);
        }

        @Override
        public Map<String, ByteBuffer> assign(
                int generationId, String leaderId, String protocol, List<MemberMetadata> members) {
            calls.add("assign " + generationId + " " + protocol + " " + members.size());
            return Map.of(leaderId, bytes("all"));
        }

        @Override
        public void onAssignment(MemberAssignment assignment) {
            calls.add("assigned " + assignment.generationId() + " " + text(assignment.assignment()));
        }

        @Override
        public void onLost(int generationId, String memberId, KafkaException cause) {
            calls.add("lost " + generationId + " " + cause.error().orElseThrow());
        }
    }

    private final MemberHarness h = new MemberHarness(null);
    private final ClassicMembershipStateMachine m = h.machine;
    private final RecordingProtocol protocol = new RecordingProtocol();

    /** Runs what a driver would run for the actions of a poll, feeding back on the same thread. */
    private ClassicMembershipStateMachine.PollResult drive() {
        ClassicMembershipStateMachine.PollResult r = h.poll();
        for (GroupAction a : r.actions()) {
            if (GroupCallbacks.isForProtocol(a)) {
                GroupCallbacks.run(a, protocol).applyTo(m, h.now);
            } else if (a instanceof GroupAction.FindCoordinator) {
                m.onCoordinatorFound(h.now);
            }
        }
        return r;
    }

    @Test
    void aLeaderRoundTripCallsTheProtocolInOrderAndFeedsItsAnswersBack() {
        m.join();
        drive();
        drive();
        GroupRequest join = request(drive(), ApiKey.JOIN_GROUP);
        h.respond(join, joined(1, "m1", "m1", "m1", "m2"));
        drive();
        GroupRequest sync = request(drive(), ApiKey.SYNC_GROUP);
        assertThat(((SyncGroupRequest) sync.body()).assignments()).hasSize(1);
        h.respond(sync, MemberHarness.synced("all"));
        drive();
        h.now += MemberHarness.HEARTBEAT_MS;
        h.respond(request(drive(), ApiKey.HEARTBEAT), MemberHarness.heartbeat(Errors.REBALANCE_IN_PROGRESS));
        drive();
        h.respond(request(drive(), ApiKey.JOIN_GROUP), MemberHarness.joinError(Errors.UNKNOWN_MEMBER_ID, ""));
        drive();
        assertThat(protocol.calls)
                .containsExactly(
                        "metadata",
                        "assign 1 sessioned 2",
                        "assigned 1 all",
                        "revoke 1 m1",
                        "metadata",
                        "lost 1 UNKNOWN_MEMBER_ID",
                        "metadata");
    }

    @Test
    void aThrowingCallbackBecomesAFailureFeedback() {
        m.join();
        drive();
        protocol.failMetadata = new IllegalStateException("config topic unreadable");
        drive();
        ClassicMembershipStateMachine.PollResult r = h.poll();
        GroupAction.Failure failure = action(r, GroupAction.Failure.class);
        assertThat(failure.fatal()).isFalse();
        assertThat(failure.error().getCause()).isSameAs(protocol.failMetadata);
        assertThat(m.state()).isEqualTo(ClassicMemberState.PREPARING_REBALANCE);
    }

    @Test
    void driverActionsAreNotForTheProtocol() {
        assertThat(GroupCallbacks.isForProtocol(new GroupAction.FindCoordinator()))
                .isFalse();
        assertThat(GroupCallbacks.isForProtocol(new GroupAction.LeaveComplete()))
                .isFalse();
        assertThatThrownBy(() -> GroupCallbacks.run(new GroupAction.LeaveComplete(), protocol))
                .isInstanceOf(IllegalArgumentException.class);
        GroupCallbacks.NONE.applyTo(m, h.now);
        assertThat(m.state()).isEqualTo(ClassicMemberState.UNJOINED);
    }
}
