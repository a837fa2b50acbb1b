package io.kanal.client.group.internals;

import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.group.ClassicGroupConfig;
import io.kanal.client.group.ClassicMemberState;
import io.kanal.client.group.Generation;
import io.kanal.client.group.MemberAssignment;
import io.kanal.client.group.MemberMetadata;
import io.kanal.client.group.ProtocolMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the member is and how that changes: the state, the generation, the assignment the user holds, the current
 * join attempt, the heartbeat and coordinator timers, and the actions each transition emits. The
 * {@link ClassicMembershipStateMachine} drives it from the driver's calls, {@link GroupResponseHandler} from the
 * coordinator's answers.
 *
 * <p>The user is told to revoke ({@link GroupAction.PrepareJoin#revoke()}) once per rebalance, at the first JoinGroup
 * after an assignment arrived, as Kafka calls {@code onJoinPrepare}; an assignment lost to a reset is reported once
 * ({@link GroupAction.Lost}). Heartbeats run in AWAITING_SYNC, STABLE, and PREPARING_REBALANCE while a generation is
 * held; starting them resets the session timer, as Kafka's heartbeat thread does when it is enabled.
 *
 * <p>Owned by the machine's thread.
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    final ClassicGroupConfig config;
    final HeartbeatTimer heartbeat;
    final CoordinatorTracker coordinator;
    final JoinAttempt attempt = new JoinAttempt();
    final List<GroupAction> actions = new ArrayList<>();
    private ClassicMemberState state = ClassicMemberState.UNJOINED;
    private Generation generation = Generation.NONE;
    private String rejoinReason = "";
    private String rejoinAfterSyncReason;
    private MemberAssignment held;
    private boolean revokeDue;
    private int retries;

    Membership(ClassicGroupConfig config) {
        this.config = config;
        this.heartbeat = new HeartbeatTimer(config.heartbeatIntervalMs(), config.sessionTimeoutMs(), config.backoff());
        this.coordinator = new CoordinatorTracker(config.backoff());
    }

    ClassicMemberState state() {
        return state;
    }

    Generation generation() {
        return generation;
    }

    String rejoinReason() {
        return rejoinReason;
    }

    boolean is(ClassicMemberState s) {
        return state == s;
    }

    /** Whether the member is in the group or joining it (and so needs the coordinator). */
    boolean isMember() {
        return state == ClassicMemberState.PREPARING_REBALANCE
                || state == ClassicMemberState.JOINING
                || state == ClassicMemberState.AWAITING_SYNC
                || state == ClassicMemberState.STABLE;
    }

    void requestRejoin(String reason) {
        if (state == ClassicMemberState.STABLE) {
            rejoin(reason);
        } else if (state == ClassicMemberState.PREPARING_REBALANCE && attempt.notAskedYet()) {
            rejoinReason = reason; // the next JoinGroup's metadata is not asked for yet: it carries the change
        } else if (isMember()) {
            rejoinAfterSyncReason = reason;
        }
    }

    /** The PrepareJoin to emit now, if due; it asks to revoke if an assignment arrived since the last rebalance. */
    GroupAction.PrepareJoin prepareIfDue(long nowMs) {
        GroupAction.PrepareJoin prepare = attempt.prepareIfDue(nowMs, generation, revokeDue, rejoinReason);
        if (prepare != null) {
            revokeDue = false;
            actions.add(prepare);
        }
        return prepare;
    }

    void prepared(List<ProtocolMetadata> protocols) {
        attempt.prepared(protocols);
        state = ClassicMemberState.JOINING;
        stopHeartbeatsIfUnwanted();
    }

    void joined(Generation joined, boolean skipAssignment, List<MemberMetadata> members) {
        generation = joined;
        retries = 0;
        state = ClassicMemberState.AWAITING_SYNC;
        LOG.info("[group {}] joined {}", config.groupId(), joined);
        if (joined.isLeader() && skipAssignment) {
            attempt.assigned(Map.of()); // a static leader rejoined a stable group: assignments stay (KIP-814)
        } else if (joined.isLeader()) {
            actions.add(attempt.askLeader(joined, members));
        }
    }

    void synced(ByteBuffer assignment) {
        state = ClassicMemberState.STABLE;
        retries = 0;
        rejoinReason = "";
        ByteBuffer bytes = assignment == null ? ByteBuffer.allocate(0) : assignment.asReadOnlyBuffer();
        Generation g = generation;
        held = new MemberAssignment(g.generationId(), g.memberId(), g.protocolName(), g.leaderId(), bytes);
        revokeDue = true;
        actions.add(new GroupAction.Assigned(held));
        LOG.info("[group {}] synced {}", config.groupId(), g);
        if (rejoinAfterSyncReason != null) {
            String reason = rejoinAfterSyncReason;
            rejoinAfterSyncReason = null;
            rejoin(reason);
        }
    }

    /** A new JoinGroup attempt at once, keeping member id and generation. */
    void rejoin(String reason) {
        rejoinReason = reason;
        beginJoin(0);
    }

    /** MEMBER_ID_REQUIRED (KIP-394): rejoin at once with the member id the coordinator gave. */
    void rejoinWithMemberId(String memberId) {
        generation = Generation.memberIdOnly(memberId);
        rejoin("rejoining with the member id the coordinator gave: " + memberId);
    }

    void retryLater(long nowMs, String reason) {
        retries++;
        rejoinReason = reason;
        beginJoin(nowMs + config.backoff().delayMs(retries));
    }

    /** The coordinator no longer knows the member or its generation: lose the assignment, rejoin at once. */
    void resetAndRejoin(boolean resetMemberId, KafkaException cause, String reason) {
        LOG.info("[group {}] lost {}: {}", config.groupId(), generation, reason);
        loseAssignment(cause);
        generation = resetMemberId ? Generation.NONE : Generation.memberIdOnly(generation.memberId());
        rejoin(reason);
    }

    /** If no heartbeat succeeded for the session timeout, the coordinator has removed the member: rejoin afresh. */
    void checkSession(long nowMs) {
        if (heartbeat.sessionExpired(nowMs)) {
            LOG.warn(
                    "[group {}] no successful heartbeat within session.timeout.ms={}: the coordinator has removed {}",
                    config.groupId(),
                    config.sessionTimeoutMs(),
                    generation);
            TimeoutException expired = new TimeoutException("no successful heartbeat within session.timeout.ms");
            resetAndRejoin(true, expired, "session timed out");
            coordinator.markUnknown(); // as Kafka does, in case the coordinator moved
        }
    }

    /** Marks the coordinator unknown; a JoinGroup or SyncGroup in flight to it is given up and retried. */
    void coordinatorLost(long nowMs) {
        coordinator.markUnknown();
        heartbeat.forgetInFlight();
        if (attempt.requestId() != 0) {
            retryLater(nowMs, "lost the coordinator during " + state);
        }
    }

    void fail(KafkaException error) {
        LOG.error("[group {}] membership failed in {}: {}", config.groupId(), generation, error.getMessage());
        attempt.reset(0);
        loseAssignment(error);
        state = ClassicMemberState.FATAL;
        stopHeartbeatsIfUnwanted();
        actions.add(new GroupAction.Failure(error, true));
    }

    /** Forgets generation, member id and assignment for a leave; LEAVING if a LeaveGroup goes, else UNJOINED. */
    void leave(boolean sendingLeaveGroup) {
        attempt.reset(0);
        held = null;
        revokeDue = false;
        rejoinAfterSyncReason = null;
        generation = Generation.NONE;
        rejoinReason = "";
        retries = 0;
        if (state != ClassicMemberState.FATAL) {
            state = sendingLeaveGroup ? ClassicMemberState.LEAVING : ClassicMemberState.UNJOINED;
        }
        stopHeartbeatsIfUnwanted();
        if (!sendingLeaveGroup) {
            actions.add(new GroupAction.LeaveComplete());
        }
    }

    void left() {
        if (state == ClassicMemberState.LEAVING) {
            state = ClassicMemberState.UNJOINED;
        }
        actions.add(new GroupAction.LeaveComplete());
    }

    void beginJoin(long notBeforeMs) {
        attempt.reset(notBeforeMs);
        state = ClassicMemberState.PREPARING_REBALANCE;
        stopHeartbeatsIfUnwanted();
    }

    private void loseAssignment(KafkaException cause) {
        if (held != null) {
            actions.add(new GroupAction.Lost(held.generationId(), held.memberId(), cause));
            held = null;
        }
        revokeDue = false;
    }

    private boolean heartbeatsWanted() {
        return state == ClassicMemberState.AWAITING_SYNC
                || state == ClassicMemberState.STABLE
                || state == ClassicMemberState.PREPARING_REBALANCE && generation.hasGeneration();
    }

    void stopHeartbeatsIfUnwanted() {
        if (heartbeat.running() && !heartbeatsWanted()) {
            heartbeat.stop();
        }
    }

    /** Starts or stops heartbeats as the state wants them. */
    void followState(long nowMs) {
        stopHeartbeatsIfUnwanted();
        if (!heartbeat.running() && heartbeatsWanted()) {
            heartbeat.start(nowMs);
        }
    }
}
