package io.kanal.runtime.herder.assign;

import java.util.Objects;

/**
 * What one member is told in a rebalance, as Connect's incremental cooperative protocol tells it: start what is
 * {@code assigned}, stop what is {@code revoked}; {@code owned} is what it holds once it has done both, and what the
 * assignor expects it to report in its next join.
 *
 * @param assigned the connectors and tasks to start (none of them is held by any member now)
 * @param revoked the connectors and tasks to stop before it rejoins
 * @param owned what it holds after stopping {@code revoked} and starting {@code assigned}
 */
public record MemberAssignment(Allocation assigned, Allocation revoked, Allocation owned) {

    /**
     * Checks the parts.
     *
     * @param assigned to start
     * @param revoked to stop
     * @param owned held afterwards
     */
    public MemberAssignment {
        Objects.requireNonNull(assigned, "assigned");
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(owned, "owned");
    }
}
