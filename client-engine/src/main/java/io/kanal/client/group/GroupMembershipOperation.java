package io.kanal.client.group;

/**
 * Whether leaving sends a LeaveGroup request, as Kafka's {@code CloseOptions.GroupMembershipOperation} (KIP-1092)
 * decides it for the classic consumer.
 */
public enum GroupMembershipOperation {
    /**
     * A dynamic member sends LeaveGroup; a static member ({@code group.instance.id}) does not, so that a restart with
     * the same instance id within {@code session.timeout.ms} gets its assignment back without a rebalance (KIP-345).
     */
    DEFAULT,
    /** Send LeaveGroup, static member or not: the group rebalances at once. */
    LEAVE_GROUP,
    /** Never send LeaveGroup: the coordinator removes the member when its session times out. */
    REMAIN_IN_GROUP
}
