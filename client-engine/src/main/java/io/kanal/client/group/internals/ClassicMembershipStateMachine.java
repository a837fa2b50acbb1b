package io.kanal.client.group.internals;

import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.group.ClassicGroupConfig;
import io.kanal.client.group.ClassicMemberState;
import io.kanal.client.group.Generation;
import io.kanal.client.group.GroupMembershipOperation;
import io.kanal.client.group.GroupProtocol;
import io.kanal.client.group.ProtocolMetadata;
import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.message.HeartbeatResponse;
import io.kanal.client.protocol.message.JoinGroupResponse;
import io.kanal.client.protocol.message.LeaveGroupResponse;
import io.kanal.client.protocol.message.SyncGroupResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a group joined through the classic protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup), for any
 * protocol type: the logic of Kafka's {@code AbstractCoordinator} without its threads and I/O.
 *
 * <pre>
 * UNJOINED --join()--> PREPARING_REBALANCE --PrepareJoin answered--> JOINING --JoinGroup ok--> AWAITING_SYNC
 *    ^                   ^   ^                                                                  |
 *    |                   |   +--- retry (back-off), rejoin, reset (Lost) ------- from any of these -+
 *    |                   +------- Heartbeat REBALANCE_IN_PROGRESS, requestRejoin() <-- STABLE <-- SyncGroup ok
 *    +-- LeaveGroup answered or failed, or none to send <-- LEAVING <-- leave()      any state --> FATAL
 * </pre>
 *
 * <p>Sans-IO: single-threaded (the driver's thread), no I/O, no clock reads, no user code. The driver calls
 * {@link #poll(long)} after every event it feeds in and when the returned wake-up time comes; a poll returns the
 * requests to send now ({@link GroupRequest}, each with its versions and timeout), the {@link GroupAction}s
 * accumulated since the last poll, and when to poll again. The driver feeds back responses ({@link #onResponse}),
 * failures ({@link #onRequestFailed}), coordinator lookups ({@link #onCoordinatorFound},
 * {@link #onCoordinatorLookupFailed}) and the user's answers ({@link #onJoinPrepared}, {@link #onAssignmentComputed}
 * and their failures). Outcomes the machine no longer waits for (a response to an older request, an answer to an
 * older action) are ignored, so a SyncGroup response that races a rejoin cannot install an old generation.
 *
 * <p>The Kafka behaviours kept, and the two deliberate differences (session expiry reports the assignment lost at
 * once; a rejoin requested during a rebalance is not dropped), are listed in the package documentation and in
 * {@code client-engine/DESIGN.md}.
 */
public final class ClassicMembershipStateMachine {
    /**
     * What {@link #poll} decided.
     *
     * @param requests the requests to send now, in order
     * @param actions what the driver and the user must do, in order
     * @param nextWakeupMs when to poll again at the latest, {@link Long#MAX_VALUE} if only an event can change things
     */
    public record PollResult(List<GroupRequest> requests, List<GroupAction> actions, long nextWakeupMs) {}

    private static final Logger LOG = LoggerFactory.getLogger(ClassicMembershipStateMachine.class);

    private final ClassicGroupConfig config;
    private final GroupRequests requests;
    private final Membership member;
    private final GroupResponseHandler responses;
    private final HeartbeatTimer heartbeat;
    private final CoordinatorTracker coordinator;
    private final JoinAttempt attempt;
    private long lastRequestId;
    private GroupRequest pendingLeave;
    private long leaveId;

    /**
     * Creates a member in UNJOINED, with the coordinator not yet known.
     *
     * @param config the settings
     * @param protocolType the user's {@link GroupProtocol#protocolType()}
     */
    public ClassicMembershipStateMachine(ClassicGroupConfig config, String protocolType) {
        this.config = Objects.requireNonNull(config, "config");
        if (protocolType == null || protocolType.isEmpty()) {
            throw new IllegalArgumentException("the protocol type must not be empty");
        }
        this.requests = new GroupRequests(config, protocolType);
        this.member = new Membership(config);
        this.responses = new GroupResponseHandler(member, protocolType);
        this.heartbeat = member.heartbeat;
        this.coordinator = member.coordinator;
        this.attempt = member.attempt;
    }

    /** Starts joining the group; does nothing if the member is in the group or joining it already. */
    public void join() {
        if (member.is(ClassicMemberState.LEAVING) || member.is(ClassicMemberState.FATAL)) {
            throw new IllegalStateException("cannot join while " + member.state() + " (join after LeaveComplete)");
        }
        if (member.is(ClassicMemberState.UNJOINED)) {
            member.beginJoin(0);
        }
    }

    /**
     * Asks for a rebalance (the member's metadata changed, for example). From STABLE it starts at once; before the
     * next JoinGroup's metadata was asked for, that JoinGroup carries the change; later in a rebalance, another one
     * follows it. Ignored when the member is not in the group.
     *
     * @param reason why, sent to the coordinator (KIP-800)
     */
    public void requestRejoin(String reason) {
        member.requestRejoin(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Leaves with {@link GroupMembershipOperation#DEFAULT}: a dynamic member sends LeaveGroup, a static one does not.
     *
     * @param reason why, sent to the coordinator (KIP-800)
     */
    public void leave(String reason) {
        leave(reason, GroupMembershipOperation.DEFAULT);
    }

    /**
     * Leaves the group, from any state: the member forgets its generation and member id at once and, if the
     * operation asks for it and the member has a member id and a known coordinator, sends a LeaveGroup (once, never
     * retried, as Kafka does). One {@link GroupAction.LeaveComplete} follows, when that is answered or failed, or at
     * the next poll if there is nothing to send. The user should have given up its assignment first (Kafka's
     * {@code onLeavePrepare}): no {@link GroupAction.Lost} is reported.
     *
     * @param reason why, sent to the coordinator (KIP-800) and truncated to 255 characters
     * @param operation whether to send LeaveGroup
     */
    public void leave(String reason, GroupMembershipOperation operation) {
        Objects.requireNonNull(operation, "operation");
        if (member.is(ClassicMemberState.LEAVING)) {
            return;
        }
        Generation g = member.generation();
        boolean send = member.isMember()
                && coordinator.known()
                && !g.memberId().isEmpty()
                && (operation == GroupMembershipOperation.LEAVE_GROUP
                        || operation == GroupMembershipOperation.DEFAULT && !config.isStatic());
        LOG.info("[group {}] {} leaving ({}); LeaveGroup: {}", config.groupId(), g, reason, send);
        pendingLeave = send ? requests.leaveGroup(nextId(), g.memberId(), reason) : null;
        member.leave(send);
    }

    /**
     * Decides what to send now and hands out the actions accumulated since the last poll.
     *
     * @param nowMs monotonic time
     * @return requests, actions and the next wake-up
     */
    public PollResult poll(long nowMs) {
        member.followState(nowMs);
        member.checkSession(nowMs);
        List<GroupRequest> out = new ArrayList<>(2);
        if (coordinator.known()) {
            sendDue(nowMs, out);
        } else if (member.isMember() && coordinator.lookupDue(nowMs)) {
            coordinator.onLookupStarted();
            member.actions.add(new GroupAction.FindCoordinator());
        }
        if (member.is(ClassicMemberState.LEAVING) && pendingLeave != null) {
            finishLeave(); // the coordinator is gone: nobody to tell, the session will expire
        }
        List<GroupAction> drained = List.copyOf(member.actions);
        member.actions.clear();
        return new PollResult(List.copyOf(out), drained, nextWakeupMs());
    }

    private void sendDue(long nowMs, List<GroupRequest> out) {
        Generation g = member.generation();
        if (member.is(ClassicMemberState.PREPARING_REBALANCE)) {
            member.prepareIfDue(nowMs);
        } else if (member.is(ClassicMemberState.JOINING) && attempt.requestId() == 0) {
            out.add(inFlight(requests.joinGroup(nextId(), g.memberId(), attempt.protocols(), member.rejoinReason())));
        } else if (member.is(ClassicMemberState.AWAITING_SYNC) && attempt.requestId() == 0) {
            Map<String, ByteBuffer> assignments = attempt.syncAssignments(g);
            if (assignments != null) {
                out.add(inFlight(requests.syncGroup(nextId(), g, assignments)));
            }
        } else if (member.is(ClassicMemberState.LEAVING) && pendingLeave != null) {
            leaveId = pendingLeave.id();
            out.add(pendingLeave);
            pendingLeave = null;
        }
        if (heartbeat.due(nowMs)) {
            GroupRequest beat = requests.heartbeat(nextId(), g.generationId(), g.memberId());
            heartbeat.onSent(nowMs, beat.id());
            out.add(beat);
        }
    }

    private GroupRequest inFlight(GroupRequest joinOrSync) {
        attempt.requestId(joinOrSync.id());
        return joinOrSync;
    }

    private long nextWakeupMs() {
        long wake = heartbeat.sessionDeadlineMs();
        if (coordinator.known()) {
            wake = Math.min(wake, heartbeat.nextDueMs());
            if (member.is(ClassicMemberState.PREPARING_REBALANCE)) {
                wake = Math.min(wake, attempt.prepareDueMs());
            }
        } else if (member.isMember()) {
            wake = Math.min(wake, coordinator.nextLookupMs());
        }
        return wake;
    }

    /**
     * Feeds back a response.
     *
     * @param requestId the {@link GroupRequest#id()} it answers
     * @param response the decoded response body
     * @param nowMs monotonic time
     */
    public void onResponse(long requestId, ApiMessage response, long nowMs) {
        Objects.requireNonNull(response, "response");
        boolean joinOrSync = requestId > 0 && requestId == attempt.requestId();
        if (joinOrSync && member.is(ClassicMemberState.JOINING) && response instanceof JoinGroupResponse r) {
            attempt.requestId(0);
            responses.onJoinGroup(r, nowMs);
        } else if (joinOrSync
                && member.is(ClassicMemberState.AWAITING_SYNC)
                && response instanceof SyncGroupResponse r) {
            attempt.requestId(0);
            responses.onSyncGroup(r, nowMs);
        } else if (heartbeat.awaits(requestId) && response instanceof HeartbeatResponse r) {
            responses.onHeartbeat(r, nowMs);
        } else if (requestId > 0 && requestId == leaveId && response instanceof LeaveGroupResponse r) {
            if (r.errorCode() != Errors.NONE.code()) {
                LOG.info("[group {}] LeaveGroup failed: {}", config.groupId(), Errors.forCode(r.errorCode()));
            }
            finishLeave();
        } else {
            LOG.debug("[group {}] ignoring a response the member no longer waits for: {}", config.groupId(), response);
            return;
        }
        member.followState(nowMs);
    }

    /**
     * Feeds back a request that got no response: a lost connection, a timeout, or a failure to send (no common
     * version). Retriable failures make the driver look the coordinator up again; others are fatal.
     *
     * @param requestId the {@link GroupRequest#id()}
     * @param failure the failure
     * @param nowMs monotonic time
     */
    public void onRequestFailed(long requestId, Throwable failure, long nowMs) {
        KafkaException error = GroupErrorPolicy.asKafkaException(failure);
        if (requestId > 0 && requestId == leaveId) {
            finishLeave();
            return;
        }
        boolean heartbeatFailed = heartbeat.awaits(requestId);
        if (!heartbeatFailed && (requestId <= 0 || requestId != attempt.requestId())) {
            return;
        }
        if (heartbeatFailed) {
            heartbeat.onFailure(nowMs);
        }
        if (GroupErrorPolicy.isRetriable(error)) {
            member.coordinatorLost(nowMs); // also gives up a JoinGroup or SyncGroup in flight, to be retried
            member.followState(nowMs);
        } else {
            member.fail(error);
        }
    }

    /**
     * The coordinator was found (after {@link GroupAction.FindCoordinator}): requests may go to it.
     *
     * @param nowMs monotonic time
     */
    public void onCoordinatorFound(long nowMs) {
        coordinator.onFound();
        member.followState(nowMs);
    }

    /**
     * The coordinator lookup failed: retried after back-off if retriable, fatal otherwise (group authorization).
     *
     * @param failure the failure
     * @param nowMs monotonic time
     */
    public void onCoordinatorLookupFailed(Throwable failure, long nowMs) {
        KafkaException error = GroupErrorPolicy.asKafkaException(failure);
        coordinator.onLookupFailed(nowMs);
        if (!GroupErrorPolicy.isRetriable(error) && member.isMember()) {
            member.fail(error);
        }
    }

    /**
     * The user answered a {@link GroupAction.PrepareJoin}: revocation done, these are the protocols to join with.
     *
     * @param prepare the action answered, as received
     * @param protocols the protocols, most preferred first
     */
    public void onJoinPrepared(GroupAction.PrepareJoin prepare, List<ProtocolMetadata> protocols) {
        if (!member.is(ClassicMemberState.PREPARING_REBALANCE) || !attempt.awaits(prepare)) {
            return;
        }
        if (protocols == null || protocols.isEmpty()) {
            member.fail(new KafkaException("the group protocol offered no protocol to join with"));
        } else {
            member.prepared(protocols);
        }
    }

    /**
     * The user's answer to a {@link GroupAction.PrepareJoin} failed: reported, then retried after back-off.
     *
     * @param prepare the action answered, as received
     * @param error what the user's code threw
     * @param nowMs monotonic time
     */
    public void onJoinPrepareFailed(GroupAction.PrepareJoin prepare, Throwable error, long nowMs) {
        if (member.is(ClassicMemberState.PREPARING_REBALANCE) && attempt.awaits(prepare)) {
            member.actions.add(new GroupAction.Failure(GroupErrorPolicy.asKafkaException(error), false));
            member.retryLater(nowMs, "preparing to join failed");
        }
    }

    /**
     * The leader's assignments for a {@link GroupAction.ComputeAssignment}; the SyncGroup goes at the next poll.
     *
     * @param request the action answered, as received
     * @param assignments member id → assignment
     */
    public void onAssignmentComputed(GroupAction.ComputeAssignment request, Map<String, ByteBuffer> assignments) {
        if (!member.is(ClassicMemberState.AWAITING_SYNC) || !attempt.awaits(request)) {
            return;
        }
        if (GroupErrorPolicy.isComplete(assignments)) {
            attempt.assigned(assignments);
        } else {
            member.fail(new KafkaException("the group protocol's assignment has a null member id or assignment"));
        }
    }

    /**
     * The leader's assignment failed: reported, then the member rejoins after back-off (the coordinator then asks it
     * again), as Kafka does.
     *
     * @param request the action answered, as received
     * @param error what the user's code threw
     * @param nowMs monotonic time
     */
    public void onAssignmentFailed(GroupAction.ComputeAssignment request, Throwable error, long nowMs) {
        if (member.is(ClassicMemberState.AWAITING_SYNC) && attempt.awaits(request)) {
            member.actions.add(new GroupAction.Failure(GroupErrorPolicy.asKafkaException(error), false));
            member.retryLater(nowMs, "the leader's assignment failed");
        }
    }

    private void finishLeave() {
        pendingLeave = null;
        leaveId = 0;
        member.left();
    }

    private long nextId() {
        return ++lastRequestId;
    }

    /**
     * The state.
     *
     * @return the state
     */
    public ClassicMemberState state() {
        return member.state();
    }

    /**
     * The member's generation, member id, protocol and leader.
     *
     * @return the current value, {@link Generation#NONE} when not in the group
     */
    public Generation generation() {
        return member.generation();
    }
}
