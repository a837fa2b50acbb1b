package io.kanal.client.group;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What this member received at the end of a rebalance (SyncGroup): its assignment in a generation, as the leader
 * encoded it for the protocol the coordinator chose.
 *
 * @param generationId the generation joined
 * @param memberId this member's id in that generation
 * @param protocol the protocol the coordinator chose
 * @param leaderId the leader's member id
 * @param assignment the assignment bytes (a read-only view; empty if the leader gave this member nothing)
 */
public record MemberAssignment(
        int generationId, String memberId, String protocol, String leaderId, ByteBuffer assignment) {
    /** Validates the components. */
    public MemberAssignment {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(assignment, "assignment");
    }

    /**
     * Whether this member led the rebalance.
     *
     * @return true if the leader id is this member's id
     */
    public boolean isLeader() {
        return memberId.equals(leaderId);
    }
}
