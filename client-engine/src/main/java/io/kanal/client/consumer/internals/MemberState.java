package io.kanal.client.consumer.internals;

/** The KIP-848 member states, as in Kafka's {@code MemberState}; see {@link MembershipStateMachine}. */
enum MemberState {
    /** Has a group id but no subscription: no heartbeats. */
    UNSUBSCRIBED,
    /** Heartbeating with epoch 0 until the broker gives an epoch. */
    JOINING,
    /** A new target assignment is being applied: revoke, then assign. */
    RECONCILING,
    /** Reconciled: the next heartbeat, sent at once, reports the owned partitions. */
    ACKNOWLEDGING,
    /** In the group with nothing to reconcile. */
    STABLE,
    /** Fenced by the broker: partitions are lost, then the member rejoins with epoch 0. */
    FENCED,
    /** Running revocation callbacks before leaving; still heartbeating. */
    PREPARE_LEAVING,
    /** The next heartbeat, sent at once, leaves with epoch -1 (or -2 for a static member). */
    LEAVING,
    /** Unrecoverable error: no more requests. */
    FATAL,
    /** Left because the application did not poll within max.poll.interval.ms; rejoins on the next poll. */
    STALE
}
