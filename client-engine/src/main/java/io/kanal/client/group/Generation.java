package io.kanal.client.group;

import java.util.Objects;

/**
 * Who the member is in the group: the generation it joined, its member id, the protocol the coordinator chose and
 * the leader. Immutable; the machine replaces it at every change, so any thread may keep one.
 *
 * @param generationId the generation, -1 if none
 * @param memberId the member id the coordinator gave, empty if none
 * @param protocolName the chosen protocol, or null
 * @param leaderId the leader's member id, or null
 */
public record Generation(int generationId, String memberId, String protocolName, String leaderId) {
    /** No generation and no member id: before the first join and after a reset or a leave. */
    public static final Generation NONE = new Generation(-1, "", null, null);

    /** Validates the components. */
    public Generation {
        Objects.requireNonNull(memberId, "memberId");
    }

    /**
     * A member id without a generation, as after MEMBER_ID_REQUIRED or ILLEGAL_GENERATION.
     *
     * @param memberId the member id
     * @return the generation
     */
    public static Generation memberIdOnly(String memberId) {
        return new Generation(-1, memberId, null, null);
    }

    /**
     * Whether the member has joined a generation (and may heartbeat in it).
     *
     * @return true if there is a generation id and a member id
     */
    public boolean hasGeneration() {
        return generationId >= 0 && !memberId.isEmpty();
    }

    /**
     * Whether this member leads the generation.
     *
     * @return true if the leader id is this member's id
     */
    public boolean isLeader() {
        return !memberId.isEmpty() && memberId.equals(leaderId);
    }
}
