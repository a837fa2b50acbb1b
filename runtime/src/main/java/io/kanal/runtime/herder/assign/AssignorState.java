package io.kanal.runtime.herder.assign;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the assignor remembers from one rebalance to the next. It lives with the leader: a new leader starts from
 * {@link #initial()}, which only means that work it cannot place is treated as new (given out at once) rather than
 * lost. Immutable.
 *
 * @param previousAssignment per worker, what it holds after the previous rebalance ({@link MemberAssignment#owned()})
 * @param lostConnectors connectors whose worker left, held back until their deadline
 * @param lostTasks tasks whose worker left, held back until their deadline
 * @param revokedInPrevious whether the previous rebalance revoked work to balance the load
 * @param consecutiveRevokingRounds how many times in a row balancing revocations had to be held back
 * @param revocationsHeldUntilMs until when balancing revocations are held back ({@code 0}: they are not)
 * @param connectorHomes connectors given away at once because their worker left cleanly, with that worker: when it
 *     is a member again they (and only they) move back to it
 * @param taskHomes tasks given away at once because their worker left cleanly, with that worker
 */
public record AssignorState(
        SortedMap<String, Allocation> previousAssignment,
        SortedMap<String, LostWork> lostConnectors,
        SortedMap<ConnectorTaskId, LostWork> lostTasks,
        boolean revokedInPrevious,
        int consecutiveRevokingRounds,
        long revocationsHeldUntilMs,
        SortedMap<String, String> connectorHomes,
        SortedMap<ConnectorTaskId, String> taskHomes) {

    private static final AssignorState INITIAL =
            new AssignorState(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), false, 0, 0);

    /**
     * Copies the maps into sorted, unmodifiable ones.
     *
     * @param previousAssignment per worker, what it holds
     * @param lostConnectors connectors held back
     * @param lostTasks tasks held back
     * @param revokedInPrevious whether the previous round revoked to balance
     * @param consecutiveRevokingRounds revoking rounds in a row
     * @param revocationsHeldUntilMs until when revocations wait
     * @param connectorHomes connectors away from the worker that left cleanly
     * @param taskHomes tasks away from the worker that left cleanly
     */
    public AssignorState {
        previousAssignment = Collections.unmodifiableSortedMap(new TreeMap<>(previousAssignment));
        connectorHomes = Collections.unmodifiableSortedMap(new TreeMap<>(connectorHomes));
        taskHomes = Collections.unmodifiableSortedMap(new TreeMap<>(taskHomes));
        lostConnectors = Collections.unmodifiableSortedMap(new TreeMap<>(lostConnectors));
        lostTasks = Collections.unmodifiableSortedMap(new TreeMap<>(lostTasks));
        if (consecutiveRevokingRounds < 0) {
            throw new IllegalArgumentException("consecutiveRevokingRounds must be >= 0: " + consecutiveRevokingRounds);
        }
    }

    /**
     * A state without clean departures to remember.
     *
     * @param previousAssignment per worker, what it holds
     * @param lostConnectors connectors held back
     * @param lostTasks tasks held back
     * @param revokedInPrevious whether the previous round revoked to balance
     * @param consecutiveRevokingRounds revoking rounds in a row
     * @param revocationsHeldUntilMs until when revocations wait
     */
    public AssignorState(
            SortedMap<String, Allocation> previousAssignment,
            SortedMap<String, LostWork> lostConnectors,
            SortedMap<ConnectorTaskId, LostWork> lostTasks,
            boolean revokedInPrevious,
            int consecutiveRevokingRounds,
            long revocationsHeldUntilMs) {
        this(
                previousAssignment,
                lostConnectors,
                lostTasks,
                revokedInPrevious,
                consecutiveRevokingRounds,
                revocationsHeldUntilMs,
                new TreeMap<>(),
                new TreeMap<>());
    }

    /**
     * The state of a leader that has not assigned anything yet.
     *
     * @return the initial state
     */
    public static AssignorState initial() {
        return INITIAL;
    }

    /**
     * Whether work of a departed worker is being held back; while it is, no work is revoked to balance the load.
     *
     * @return whether any connector or task is held back
     */
    public boolean holdsLostWork() {
        return !lostConnectors.isEmpty() || !lostTasks.isEmpty();
    }

    /**
     * A view of the previous assignment for one worker.
     *
     * @param worker the worker's id
     * @return what it held after the previous rebalance, empty if it was not a member
     */
    public Allocation previous(String worker) {
        return previousAssignment.getOrDefault(worker, Allocation.empty());
    }
}
