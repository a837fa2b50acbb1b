package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;

/**
 * One step of reconciliation handed by the {@link MembershipStateMachine} to its driver: revoke these, then assign
 * those, then report back with {@link MembershipStateMachine#onReconciled}.
 *
 * @param revoked partitions to revoke (callback first)
 * @param added partitions to add
 * @param assignment the whole assignment after this step, by name
 * @param assignmentIds the same by topic id, as acknowledged to the broker
 * @param joinCount the join this step belongs to; a step from before a rejoin is ignored
 */
record Reconciliation(
        Set<TopicPartition> revoked,
        Set<TopicPartition> added,
        Set<TopicPartition> assignment,
        Map<UUID, SortedSet<Integer>> assignmentIds,
        int joinCount) {
    /** Copies the collections. */
    public Reconciliation {
        revoked = Set.copyOf(revoked);
        added = Set.copyOf(added);
        assignment = Set.copyOf(assignment);
        assignmentIds = Map.copyOf(assignmentIds);
    }
}
