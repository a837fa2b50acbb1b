package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.protocol.message.ConsumerGroupHeartbeatRequest;
import io.kanal.client.protocol.message.ConsumerGroupHeartbeatResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * The KIP-848 group member: the state machine of Kafka's {@code MemberState} (joining, reconciling with revoke
 * before assign, acknowledging, stable, fenced, leaving, fatal, stale), heartbeat scheduling and delta requests.
 *
 * <p>Sans-IO: single-threaded (the consumer's background thread), no I/O, time passed in. The driver calls
 * {@link #poll(long)} for the heartbeat to send and the time to call again, feeds back responses and failures, and
 * carries out the {@link MembershipAction}s it drains (reconciliation callbacks, lost partitions, errors). Topic ids
 * are resolved to names through a function supplied at reconciliation; ids not yet in the metadata stay pending and
 * are acknowledged once resolvable.
 */
final class MembershipStateMachine {
    /**
     * What {@link #poll} decided.
     *
     * @param request the heartbeat to send now, or null
     * @param nextWakeupMs when to poll again at the latest, {@link Long#MAX_VALUE} if nothing is scheduled
     */
    public record PollResult(ConsumerGroupHeartbeatRequest request, long nextWakeupMs) {}

    private static final Set<MemberState> SKIP_HEARTBEAT =
            EnumSet.of(MemberState.UNSUBSCRIBED, MemberState.FENCED, MemberState.FATAL, MemberState.STALE);
    private static final Set<MemberState> URGENT =
            EnumSet.of(MemberState.JOINING, MemberState.ACKNOWLEDGING, MemberState.LEAVING);
    private static final Set<MemberState> ACCEPTS_ASSIGNMENT =
            EnumSet.of(MemberState.STABLE, MemberState.JOINING, MemberState.ACKNOWLEDGING, MemberState.RECONCILING);
    private static final Set<Errors> FATAL_ERRORS = EnumSet.of(
            Errors.UNRELEASED_INSTANCE_ID,
            Errors.FENCED_INSTANCE_ID,
            Errors.GROUP_AUTHORIZATION_FAILED,
            Errors.INVALID_REQUEST,
            Errors.GROUP_MAX_SIZE_REACHED,
            Errors.UNSUPPORTED_ASSIGNOR,
            Errors.UNSUPPORTED_VERSION,
            Errors.INVALID_REGULAR_EXPRESSION);

    private final String groupId;
    private final String memberId;
    private final String instanceId;
    private final String assignor;
    private final int rebalanceTimeoutMs;
    private final HeartbeatScheduler scheduler;
    private final HeartbeatRequestBuilder requests = new HeartbeatRequestBuilder();
    private final List<MembershipAction> actions = new ArrayList<>();
    private MemberState state = MemberState.UNSUBSCRIBED;
    private int memberEpoch;
    private List<String> topics = List.of();
    private String regex;
    private Map<UUID, SortedSet<Integer>> owned = new HashMap<>();
    private Set<TopicPartition> ownedPartitions = new HashSet<>();
    private Map<UUID, SortedSet<Integer>> target;
    private boolean reconciling;
    private boolean mustReconcile;
    private boolean hasUnresolved;
    private boolean leavingBecauseStale;
    private int joinCount;

    /**
     * Creates a member in UNSUBSCRIBED with a fresh client-generated member id (KIP-1082).
     *
     * @param groupId the group
     * @param instanceId the static member id, or null
     * @param assignor the server assignor, or null for the broker's default
     * @param rebalanceTimeoutMs max.poll.interval.ms
     * @param backoff the retry back-off
     */
    public MembershipStateMachine(
            String groupId, String instanceId, String assignor, int rebalanceTimeoutMs, ExponentialBackoff backoff) {
        this.groupId = groupId;
        this.instanceId = instanceId;
        this.assignor = assignor;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.scheduler = new HeartbeatScheduler(backoff);
        UUID id = UUID.randomUUID();
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (id.getMostSignificantBits() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (id.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        this.memberId = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Subscribes to topic names, joining if not in the group yet; a member already in the group sends the new list in
     * its next heartbeat, at once.
     *
     * @param names the topics (for a client-side pattern: the matching names)
     */
    public void subscribe(Set<String> names) {
        topics = List.copyOf(new TreeSet<>(names));
        regex = null;
        joinIfUnsubscribed();
    }

    /**
     * Subscribes with a broker-side regex.
     *
     * @param pattern the RE2/J pattern
     */
    public void subscribeRegex(String pattern) {
        regex = pattern;
        topics = List.of();
        joinIfUnsubscribed();
    }

    private void joinIfUnsubscribed() {
        if (state == MemberState.UNSUBSCRIBED) {
            transitionToJoining();
        } else {
            scheduler.expedite();
        }
    }

    private void transitionToJoining() {
        state = MemberState.JOINING;
        memberEpoch = 0;
        owned = new HashMap<>();
        ownedPartitions = new HashSet<>();
        target = null;
        reconciling = false;
        leavingBecauseStale = false;
        joinCount++;
        requests.reset();
        scheduler.expedite();
    }

    /**
     * Decides whether a heartbeat goes now.
     *
     * @param nowMs monotonic time
     * @return the request, if any, and the next wake-up
     */
    public PollResult poll(long nowMs) {
        if (SKIP_HEARTBEAT.contains(state)) {
            return new PollResult(null, Long.MAX_VALUE);
        }
        boolean urgent = URGENT.contains(state);
        if (!scheduler.canSend(nowMs, urgent)) {
            return new PollResult(null, scheduler.nextWakeupMs(nowMs, urgent));
        }
        ConsumerGroupHeartbeatRequest request;
        if (state == MemberState.LEAVING) {
            request = requests.leave(groupId, memberId, instanceId != null ? -2 : -1, instanceId);
        } else {
            request = requests.build(
                    groupId,
                    memberId,
                    memberEpoch,
                    instanceId,
                    rebalanceTimeoutMs,
                    topics,
                    regex,
                    assignor,
                    owned,
                    state == MemberState.JOINING);
        }
        scheduler.onSent(nowMs);
        onHeartbeatGenerated();
        return new PollResult(request, scheduler.nextWakeupMs(nowMs, false));
    }

    private void onHeartbeatGenerated() {
        if (state == MemberState.ACKNOWLEDGING) {
            state = target != null && !target.equals(owned) ? MemberState.RECONCILING : MemberState.STABLE;
        } else if (state == MemberState.LEAVING) {
            Set<TopicPartition> lost = ownedPartitions;
            memberEpoch = instanceId != null ? -2 : -1;
            owned = new HashMap<>();
            ownedPartitions = new HashSet<>();
            target = null;
            if (leavingBecauseStale) {
                state = MemberState.STALE;
                actions.add(new MembershipAction.PartitionsLost(lost, true));
            } else {
                state = MemberState.UNSUBSCRIBED;
            }
        }
    }

    /**
     * Handles a heartbeat response.
     *
     * @param response the response
     * @param nowMs monotonic time
     */
    public void onResponse(ConsumerGroupHeartbeatResponse response, long nowMs) {
        Errors error = Errors.forCode(response.errorCode());
        if (error != Errors.NONE) {
            onError(error, response.errorMessage(), nowMs);
            return;
        }
        scheduler.onSuccess(nowMs, response.heartbeatIntervalMs());
        if (state == MemberState.UNSUBSCRIBED || state == MemberState.STALE) {
            actions.add(new MembershipAction.LeaveComplete());
            return;
        }
        if (SKIP_HEARTBEAT.contains(state) || state == MemberState.LEAVING) {
            return;
        }
        memberEpoch = response.memberEpoch();
        if (!ACCEPTS_ASSIGNMENT.contains(state)) {
            return;
        }
        if (response.assignment() != null) {
            Map<UUID, SortedSet<Integer>> next = new HashMap<>();
            for (ConsumerGroupHeartbeatResponse.TopicPartitions tp :
                    response.assignment().topicPartitions()) {
                if (!tp.partitions().isEmpty()) {
                    next.computeIfAbsent(tp.topicId(), k -> new TreeSet<>()).addAll(tp.partitions());
                }
            }
            boolean joined = state == MemberState.JOINING;
            target = next;
            if (joined || !next.equals(owned)) {
                mustReconcile = joined;
                state = MemberState.RECONCILING;
            }
        } else if (state == MemberState.JOINING) {
            target = new HashMap<>();
            mustReconcile = true;
            state = MemberState.RECONCILING;
        }
    }

    private void onError(Errors error, String message, long nowMs) {
        requests.reset();
        KafkaException exception = BrokerErrors.exception(error, message);
        switch (error) {
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                scheduler.onFailure(nowMs, false);
                actions.add(new MembershipAction.FindCoordinator());
            }
            case FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID -> {
                scheduler.onFailure(nowMs, false);
                transitionToFenced();
            }
            case TOPIC_AUTHORIZATION_FAILED -> {
                scheduler.onFailure(nowMs, true);
                actions.add(new MembershipAction.RaiseError(exception, false));
            }
            default -> {
                if (FATAL_ERRORS.contains(error)
                        || !error.retriable() && error != Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                    scheduler.onFailure(nowMs, true);
                    transitionToFatal(exception);
                } else {
                    scheduler.onFailure(nowMs, true);
                }
            }
        }
    }

    /**
     * A heartbeat got no response (network failure, timeout).
     *
     * @param nowMs monotonic time
     */
    public void onFailure(long nowMs) {
        scheduler.onFailure(nowMs, true);
        requests.reset();
        actions.add(new MembershipAction.FindCoordinator());
        if (state == MemberState.UNSUBSCRIBED || state == MemberState.STALE) {
            actions.add(new MembershipAction.LeaveComplete());
        }
    }

    private void transitionToFenced() {
        if (state == MemberState.PREPARE_LEAVING || state == MemberState.LEAVING || state == MemberState.UNSUBSCRIBED) {
            state = MemberState.UNSUBSCRIBED;
            actions.add(new MembershipAction.LeaveComplete());
            return;
        }
        Set<TopicPartition> lost = ownedPartitions;
        owned = new HashMap<>();
        ownedPartitions = new HashSet<>();
        target = null;
        reconciling = false;
        state = MemberState.FENCED;
        actions.add(new MembershipAction.PartitionsLost(lost, true));
    }

    private void transitionToFatal(KafkaException error) {
        boolean hadPartitions = state != MemberState.UNSUBSCRIBED && !ownedPartitions.isEmpty();
        Set<TopicPartition> lost = ownedPartitions;
        owned = new HashMap<>();
        ownedPartitions = new HashSet<>();
        target = null;
        state = MemberState.FATAL;
        actions.add(new MembershipAction.RaiseError(error, true));
        if (hadPartitions) {
            actions.add(new MembershipAction.PartitionsLost(lost, false));
        }
        actions.add(new MembershipAction.LeaveComplete());
    }

    /** The callbacks of a FENCED member ran, or the application polled after STALE: rejoin with epoch 0. */
    public void onLostHandled() {
        if (state == MemberState.FENCED || state == MemberState.STALE) {
            transitionToJoining();
        }
    }

    /**
     * Starts a reconciliation step if one is due.
     *
     * @param names resolves topic ids, returning null for ids not (yet) in the metadata
     * @return the step, or null
     */
    public Reconciliation maybeReconcile(Function<UUID, String> names) {
        if (state != MemberState.RECONCILING || reconciling || target == null) {
            return null;
        }
        Map<UUID, SortedSet<Integer>> resolved = new HashMap<>();
        Set<TopicPartition> resolvedPartitions = new HashSet<>();
        boolean unresolved = false;
        for (Map.Entry<UUID, SortedSet<Integer>> e : target.entrySet()) {
            String name = names.apply(e.getKey());
            if (name == null) {
                unresolved = true;
                continue;
            }
            resolved.put(e.getKey(), e.getValue());
            for (int p : e.getValue()) {
                resolvedPartitions.add(new TopicPartition(name, p));
            }
        }
        hasUnresolved = unresolved;
        if (resolved.equals(owned) && !mustReconcile) {
            // Nothing to move yet: acknowledge what is owned (a partial ack while ids are unresolved).
            if (!unresolved) {
                state = MemberState.ACKNOWLEDGING;
            }
            return null;
        }
        mustReconcile = false;
        reconciling = true;
        Set<TopicPartition> revoked = new HashSet<>(ownedPartitions);
        revoked.removeAll(resolvedPartitions);
        Set<TopicPartition> added = new HashSet<>(resolvedPartitions);
        added.removeAll(ownedPartitions);
        return new Reconciliation(revoked, added, resolvedPartitions, resolved, joinCount);
    }

    /**
     * A reconciliation step finished.
     *
     * @param step the step
     * @param success false if a callback failed: no acknowledgement, the broker will time the member out
     */
    public void onReconciled(Reconciliation step, boolean success) {
        if (step.joinCount() != joinCount || state != MemberState.RECONCILING) {
            return; // the member rejoined or left meanwhile
        }
        reconciling = false;
        if (!success) {
            target = null;
            return;
        }
        owned = new HashMap<>(step.assignmentIds());
        ownedPartitions = new HashSet<>(step.assignment());
        state = MemberState.ACKNOWLEDGING;
    }

    /**
     * Starts leaving: the driver runs onPartitionsRevoked for {@link #ownedPartitions()} (still heartbeating), then
     * calls {@link #leave()}.
     *
     * @return true if the member is in the group and must leave
     */
    public boolean prepareLeaving() {
        if (state == MemberState.UNSUBSCRIBED
                || state == MemberState.FATAL
                || state == MemberState.STALE
                || state == MemberState.FENCED) {
            state = state == MemberState.FATAL ? MemberState.FATAL : MemberState.UNSUBSCRIBED;
            return false;
        }
        state = MemberState.PREPARE_LEAVING;
        return true;
    }

    /** Sends the leave heartbeat (epoch -1, or -2 for a static member) at once. */
    public void leave() {
        if (state == MemberState.PREPARE_LEAVING) {
            state = MemberState.LEAVING;
            scheduler.expedite();
        }
    }

    /** Gives up a leave that cannot be sent (no coordinator): the member is unsubscribed at once. */
    public void completeLeaveLocally() {
        if (state == MemberState.LEAVING) {
            leavingBecauseStale = false;
            onHeartbeatGenerated();
        }
    }

    /** max.poll.interval.ms passed without a poll: leave, lose the partitions, rejoin on the next poll. */
    public void onPollTimerExpired() {
        if (ACCEPTS_ASSIGNMENT.contains(state)) {
            leavingBecauseStale = true;
            reconciling = false;
            state = MemberState.LEAVING;
            scheduler.expedite();
        }
    }

    /** The coordinator changed: a heartbeat in flight to the old one will be answered by a failure or never. */
    public void onCoordinatorChanged() {
        scheduler.clearInFlight();
        requests.reset();
    }

    /**
     * Takes the actions accumulated since the last call.
     *
     * @return the actions, in order
     */
    public List<MembershipAction> drainActions() {
        List<MembershipAction> out = new ArrayList<>(actions);
        actions.clear();
        return out;
    }

    /**
     * The state.
     *
     * @return the state
     */
    public MemberState state() {
        return state;
    }

    /**
     * The member id, generated once per consumer.
     *
     * @return the id
     */
    public String memberId() {
        return memberId;
    }

    /**
     * The member epoch.
     *
     * @return the epoch; 0 while joining, negative after leaving
     */
    public int memberEpoch() {
        return memberEpoch;
    }

    /**
     * The partitions reconciled and owned.
     *
     * @return a copy
     */
    public Set<TopicPartition> ownedPartitions() {
        return Set.copyOf(ownedPartitions);
    }

    /**
     * Whether the target assignment names topic ids the metadata does not know yet.
     *
     * @return true if a metadata refresh is needed
     */
    public boolean hasUnresolvedTopics() {
        return hasUnresolved && state == MemberState.RECONCILING;
    }

    /**
     * The current heartbeat interval.
     *
     * @return milliseconds, 0 before the first response
     */
    public long heartbeatIntervalMs() {
        return scheduler.intervalMs();
    }
}
