package io.kanal.runtime.herder.assign;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcome of one rebalance: what each member is told, the delay after which every member must rejoin (Connect's
 * {@code ScheduledDelay}), and the state for the next rebalance. Immutable.
 *
 * @param members per member id, what it starts and stops
 * @param scheduledDelayMs after how many milliseconds the members rejoin so that held-back work is given out;
 *     {@code 0} when nothing is held back
 * @param nextState what the leader passes to the next rebalance
 */
public record AssignorResult(
        SortedMap<String, MemberAssignment> members, int scheduledDelayMs, AssignorState nextState) {

    /**
     * Copies the members into a sorted, unmodifiable map.
     *
     * @param members per member, the assignment
     * @param scheduledDelayMs the delay
     * @param nextState the next state
     */
    public AssignorResult {
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        Objects.requireNonNull(nextState, "nextState");
        if (scheduledDelayMs < 0) {
            throw new IllegalArgumentException("scheduledDelayMs must be >= 0: " + scheduledDelayMs);
        }
    }

    /**
     * One member's assignment.
     *
     * @param member the member's id
     * @return its assignment
     * @throws IllegalArgumentException if it is not a member
     */
    public MemberAssignment member(String member) {
        MemberAssignment assignment = members.get(member);
        if (assignment == null) {
            throw new IllegalArgumentException("not a member: " + member);
        }
        return assignment;
    }
}
