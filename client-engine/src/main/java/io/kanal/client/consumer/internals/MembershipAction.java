package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.KafkaException;
import java.util.Set;

/** What the {@link MembershipStateMachine} asks its driver to do; the machine itself does no I/O. */
sealed interface MembershipAction {
    /**
     * Run a reconciliation step (commit, revoke callback, assign callback) and report back.
     *
     * @param step the step
     */
    record Reconcile(Reconciliation step) implements MembershipAction {}

    /**
     * The partitions are lost (fenced, stale or fatal): run onPartitionsLost, then call
     * {@link MembershipStateMachine#onLostHandled()} if {@code rejoin}.
     *
     * @param partitions the lost partitions
     * @param rejoin whether the member rejoins afterwards
     */
    record PartitionsLost(Set<TopicPartition> partitions, boolean rejoin) implements MembershipAction {}

    /**
     * An error to raise from poll(); fatal ones stop the membership.
     *
     * @param error the error
     * @param fatal whether the member is now FATAL
     */
    record RaiseError(KafkaException error, boolean fatal) implements MembershipAction {}

    /** The coordinator moved or is unreachable: look it up again. */
    record FindCoordinator() implements MembershipAction {}

    /** The leave heartbeat was answered (or failed): a waiting close() may finish. */
    record LeaveComplete() implements MembershipAction {}
}
