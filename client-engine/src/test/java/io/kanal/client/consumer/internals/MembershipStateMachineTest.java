package io.kanal.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.errors.Errors;
import io.kanal.client.protocol.message.ConsumerGroupHeartbeatRequest;
import io.kanal.client.protocol.message.ConsumerGroupHeartbeatResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The KIP-848 member state machine driven by hand with a fake clock: no I/O, no threads. */
class MembershipStateMachineTest {
    private static final UUID ORDERS = UUID.randomUUID();
    private static final UUID LATE = UUID.randomUUID();
    private final Map<UUID, String> names = new HashMap<>(Map.of(ORDERS, "orders"));
    private long now = 1_000;

    private MembershipStateMachine member(String instanceId) {
        return new MembershipStateMachine("g", instanceId, null, 300_000, new ExponentialBackoff(100, 1_000));
    }

    private static ConsumerGroupHeartbeatResponse ok(int epoch, int interval, Map<UUID, List<Integer>> assignment) {
        ConsumerGroupHeartbeatResponse.Assignment a = null;
        if (assignment != null) {
            a = new ConsumerGroupHeartbeatResponse.Assignment(
                    assignment.entrySet().stream()
                            .map(e -> new ConsumerGroupHeartbeatResponse.TopicPartitions(
                                    e.getKey(), e.getValue(), List.of()))
                            .toList(),
                    List.of());
        }
        return ConsumerGroupHeartbeatResponse.builder()
                .memberEpoch(epoch)
                .heartbeatIntervalMs(interval)
                .assignment(a)
                .build();
    }

    private static ConsumerGroupHeartbeatResponse error(Errors error) {
        return ConsumerGroupHeartbeatResponse.builder().errorCode(error.code()).build();
    }

    /** Joins and reconciles an initial assignment of orders-0 and orders-1, ending STABLE at epoch 1. */
    private MembershipStateMachine stableMember(String instanceId) {
        MembershipStateMachine m = member(instanceId);
        m.subscribe(Set.of("orders"));
        ConsumerGroupHeartbeatRequest join = m.poll(now).request();
        assertThat(join).isNotNull();
        m.onResponse(ok(1, 1_000, Map.of(ORDERS, List.of(0, 1))), now);
        Reconciliation step = m.maybeReconcile(names::get);
        m.onReconciled(step, true);
        assertThat(m.poll(now).request()).isNotNull(); // the acknowledgement
        m.onResponse(ok(1, 1_000, null), now);
        assertThat(m.state()).isEqualTo(MemberState.STABLE);
        return m;
    }

    @Test
    void joinsWithAFullRequestAtEpochZeroAndAClientGeneratedId() {
        MembershipStateMachine m = member(null);
        assertThat(m.poll(now).request()).as("no heartbeats while unsubscribed").isNull();
        m.subscribe(Set.of("orders"));
        assertThat(m.state()).isEqualTo(MemberState.JOINING);
        ConsumerGroupHeartbeatRequest join = m.poll(now).request();
        assertThat(join.memberEpoch()).isZero();
        assertThat(join.memberId()).isEqualTo(m.memberId()).hasSize(22);
        assertThat(join.subscribedTopicNames()).containsExactly("orders");
        assertThat(join.topicPartitions()).isNotNull().isEmpty();
        assertThat(join.rebalanceTimeoutMs()).isEqualTo(300_000);
        assertThat(m.poll(now).request())
                .as("one heartbeat in flight at a time")
                .isNull();
    }

    @Test
    void reconcilesThenAcknowledgesAtOnceThenHeartbeatsOnTheIntervalWithDeltas() {
        MembershipStateMachine m = member(null);
        m.subscribe(Set.of("orders"));
        m.poll(now);
        m.onResponse(ok(3, 2_000, Map.of(ORDERS, List.of(0, 1))), now);
        assertThat(m.state()).isEqualTo(MemberState.RECONCILING);
        Reconciliation step = m.maybeReconcile(names::get);
        assertThat(step.added())
                .containsExactlyInAnyOrder(new TopicPartition("orders", 0), new TopicPartition("orders", 1));
        assertThat(step.revoked()).isEmpty();
        assertThat(m.maybeReconcile(names::get)).as("one step at a time").isNull();
        m.onReconciled(step, true);
        assertThat(m.state()).isEqualTo(MemberState.ACKNOWLEDGING);

        ConsumerGroupHeartbeatRequest ack = m.poll(now).request();
        assertThat(ack.memberEpoch()).isEqualTo(3);
        assertThat(ack.topicPartitions()).hasSize(1);
        assertThat(ack.topicPartitions().get(0).partitions()).containsExactly(0, 1);
        assertThat(ack.subscribedTopicNames()).as("unchanged: not re-sent").isNull();
        assertThat(m.state()).isEqualTo(MemberState.STABLE);
        m.onResponse(ok(3, 2_000, null), now);

        assertThat(m.poll(now + 1_999).request())
                .as("waits for the interval from the response")
                .isNull();
        ConsumerGroupHeartbeatRequest beat = m.poll(now + 2_000).request();
        assertThat(beat.topicPartitions()).isNull();
        assertThat(beat.rebalanceTimeoutMs()).isEqualTo(-1);
        assertThat(m.heartbeatIntervalMs()).isEqualTo(2_000);
    }

    @Test
    void revokesBeforeAssigningOnANewTarget() {
        MembershipStateMachine m = stableMember(null);
        now += 1_000;
        m.poll(now);
        m.onResponse(ok(2, 1_000, Map.of(ORDERS, List.of(1, 2))), now);
        Reconciliation step = m.maybeReconcile(names::get);
        assertThat(step.revoked()).containsExactly(new TopicPartition("orders", 0));
        assertThat(step.added()).containsExactly(new TopicPartition("orders", 2));
        assertThat(step.assignment()).hasSize(2);
        m.onReconciled(step, true);
        assertThat(m.ownedPartitions())
                .containsExactlyInAnyOrder(new TopicPartition("orders", 1), new TopicPartition("orders", 2));
    }

    @Test
    void topicIdsMissingFromTheMetadataWaitAndAreReconciledWhenKnown() {
        MembershipStateMachine m = stableMember(null);
        now += 1_000;
        m.poll(now);
        m.onResponse(ok(2, 1_000, Map.of(ORDERS, List.of(0, 1), LATE, List.of(0))), now);
        assertThat(m.maybeReconcile(names::get))
                .as("the known part is already owned")
                .isNull();
        assertThat(m.hasUnresolvedTopics()).isTrue();
        names.put(LATE, "late");
        Reconciliation step = m.maybeReconcile(names::get);
        assertThat(step.added()).containsExactly(new TopicPartition("late", 0));
        assertThat(m.hasUnresolvedTopics()).isFalse();
    }

    @Test
    void fencedMemberLosesItsPartitionsAndRejoinsWithEpochZeroAndTheSameId() {
        MembershipStateMachine m = stableMember(null);
        String id = m.memberId();
        now += 1_000;
        m.poll(now);
        m.onResponse(error(Errors.FENCED_MEMBER_EPOCH), now);
        assertThat(m.state()).isEqualTo(MemberState.FENCED);
        assertThat(m.drainActions())
                .containsExactly(new MembershipAction.PartitionsLost(
                        Set.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1)), true));
        assertThat(m.poll(now + 10_000).request())
                .as("no heartbeats while fenced")
                .isNull();
        m.onLostHandled();
        ConsumerGroupHeartbeatRequest rejoin = m.poll(now).request();
        assertThat(rejoin.memberEpoch()).isZero();
        assertThat(rejoin.memberId()).isEqualTo(id);
        assertThat(rejoin.subscribedTopicNames()).containsExactly("orders");
        assertThat(rejoin.topicPartitions()).isEmpty();
    }

    @Test
    void leavesWithEpochMinusOneOrMinusTwoForAStaticMember() {
        MembershipStateMachine dynamic = stableMember(null);
        assertThat(dynamic.prepareLeaving()).isTrue();
        assertThat(dynamic.state()).isEqualTo(MemberState.PREPARE_LEAVING);
        dynamic.leave();
        ConsumerGroupHeartbeatRequest leave = dynamic.poll(now).request();
        assertThat(leave.memberEpoch()).isEqualTo(-1);
        assertThat(dynamic.state()).isEqualTo(MemberState.UNSUBSCRIBED);

        MembershipStateMachine fixed = stableMember("instance-7");
        fixed.prepareLeaving();
        fixed.leave();
        ConsumerGroupHeartbeatRequest staticLeave = fixed.poll(now).request();
        assertThat(staticLeave.memberEpoch()).isEqualTo(-2);
        assertThat(staticLeave.instanceId()).isEqualTo("instance-7");
    }

    @Test
    void pollTimeoutLeavesLosesPartitionsAndRejoinsAfterTheNextPoll() {
        MembershipStateMachine m = stableMember(null);
        m.onPollTimerExpired();
        assertThat(m.state()).isEqualTo(MemberState.LEAVING);
        assertThat(m.poll(now).request().memberEpoch()).isEqualTo(-1);
        assertThat(m.state()).isEqualTo(MemberState.STALE);
        assertThat(m.drainActions()).singleElement().isInstanceOf(MembershipAction.PartitionsLost.class);
        assertThat(m.poll(now + 60_000).request()).isNull();
        m.onResponse(ok(-1, 1_000, null), now);
        assertThat(m.drainActions()).containsExactly(new MembershipAction.LeaveComplete());
        m.onLostHandled();
        assertThat(m.state()).isEqualTo(MemberState.JOINING);
        assertThat(m.poll(now).request().memberEpoch()).isZero();
    }

    @Test
    void fatalErrorsStopTheMember() {
        MembershipStateMachine m = stableMember("dup");
        now += 1_000;
        m.poll(now);
        m.onResponse(error(Errors.UNRELEASED_INSTANCE_ID), now);
        assertThat(m.state()).isEqualTo(MemberState.FATAL);
        List<MembershipAction> actions = m.drainActions();
        assertThat(actions).anySatisfy(a -> assertThat(a)
                .isInstanceOfSatisfying(MembershipAction.RaiseError.class, e -> assertThat(e.fatal())
                        .isTrue()));
        assertThat(actions).anySatisfy(a -> assertThat(a).isInstanceOf(MembershipAction.PartitionsLost.class));
        assertThat(m.poll(now + 100_000).request()).isNull();
    }

    @Test
    void afterAnErrorTheNextRequestIsFullAndRetriableErrorsBackOff() {
        MembershipStateMachine m = stableMember(null);
        now += 1_000;
        m.poll(now);
        m.onResponse(error(Errors.COORDINATOR_LOAD_IN_PROGRESS), now);
        assertThat(m.poll(now).request()).as("backing off").isNull();
        ConsumerGroupHeartbeatRequest retry = m.poll(now + 1_000).request();
        assertThat(retry).isNotNull();
        assertThat(retry.subscribedTopicNames()).as("full after an error").containsExactly("orders");
        assertThat(retry.topicPartitions()).hasSize(1);
        m.onResponse(error(Errors.NOT_COORDINATOR), now + 1_000);
        assertThat(m.drainActions()).contains(new MembershipAction.FindCoordinator());
        assertThat(m.poll(now + 1_000).request())
                .as("no back-off after NOT_COORDINATOR")
                .isNotNull();
    }

    @Test
    void aBrokerSideRegexIsSentInsteadOfNames() {
        MembershipStateMachine m = member(null);
        m.subscribeRegex("orders-.*");
        ConsumerGroupHeartbeatRequest join = m.poll(now).request();
        assertThat(join.subscribedTopicRegex()).isEqualTo("orders-.*");
        assertThat(join.subscribedTopicNames()).isEmpty();
    }
}
