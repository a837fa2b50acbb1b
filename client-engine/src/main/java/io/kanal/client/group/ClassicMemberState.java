package io.kanal.client.group;

import io.kanal.client.group.internals.ClassicMembershipStateMachine;
import io.kanal.client.group.internals.GroupAction;

/**
 * The states of a {@link ClassicMembershipStateMachine}. Kafka's {@code AbstractCoordinator} names them differently:
 * its PREPARING_REBALANCE is JOINING here, its COMPLETING_REBALANCE is AWAITING_SYNC.
 */
public enum ClassicMemberState {
    /** Not in the group and not trying to be: no requests. */
    UNJOINED,
    /**
     * A JoinGroup is next: waiting for the coordinator, for a retry back-off, or for the user's answer to
     * {@link GroupAction.PrepareJoin} (revocation done, fresh metadata). Heartbeats go on while the member still has
     * a generation.
     */
    PREPARING_REBALANCE,
    /** A JoinGroup is about to go or is in flight (the coordinator holds it until every member joined). */
    JOINING,
    /**
     * Joined a generation; a SyncGroup is pending: a follower sends it at once, the leader after the user computed
     * every member's assignment. Heartbeats go on.
     */
    AWAITING_SYNC,
    /** In the group with an assignment; heartbeating. */
    STABLE,
    /** A LeaveGroup is about to go or is in flight; then UNJOINED. */
    LEAVING,
    /** An error that retrying will not fix: no more requests. */
    FATAL
}
