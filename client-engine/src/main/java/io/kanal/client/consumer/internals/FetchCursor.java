package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.internals.ConsumerSettings.ResetPolicy;

/**
 * One assigned partition's cursors: the <em>position</em> (next offset the application gets, advanced by
 * {@code poll()} on the application thread) and the <em>fetch offset</em> (next offset to fetch, advanced by the
 * background thread as responses are buffered, so it runs ahead of the position by what is prefetched).
 *
 * <p>Mutable on purpose: it changes on every fetch and every poll. Every field is guarded by the owning
 * {@link SubscriptionState}'s monitor; only that class touches it. {@link #generation} increases on every jump of the
 * position (seek, reset, pause, revocation) so that fetches and buffered data from before the jump are recognised as
 * stale and dropped.
 */
final class FetchCursor {
    final TopicPartition partition;
    /** Next offset to return, or -1 while unknown. */
    long position = -1;
    /** Leader epoch of the record before {@link #position}, -1 if unknown. */
    int positionEpoch = -1;
    /** Next offset to fetch; equals {@link #position} when nothing is buffered. */
    long fetchOffset = -1;
    /** Leader epoch of the last fetched batch. */
    int fetchEpoch = -1;
    /** Bumped whenever the position jumps. */
    int generation;
    /** The committed offset must be looked up before anything else. */
    boolean awaitingCommitted;
    /** A reset is needed with this strategy, or null. */
    ResetPolicy pendingReset;
    /** Leader epoch the position was validated against, -1 if never. */
    int validatedLeaderEpoch = -1;
    /** An OffsetForLeaderEpoch check is needed before fetching. */
    boolean awaitingValidation;

    boolean paused;
    /** Revoked but the callback has not run yet: no fetching, nothing returned. */
    boolean pendingRevocation;
    /** False between assignment and the end of onPartitionsAssigned. */
    boolean fetchable = true;
    /** Bad data was buffered at the fetch offset: no fetching until the position moves. */
    boolean blocked;
    /** A fetch or offset request for this partition is in flight. */
    boolean requestInFlight;
    /** Follower to fetch from (KIP-392), or -1 for the leader. */
    int preferredReplica = -1;

    long preferredReplicaExpiresAtMs;
    long highWatermark = -1;
    long lastStableOffset = -1;
    long logStartOffset = -1;

    FetchCursor(TopicPartition partition) {
        this.partition = partition;
    }

    boolean hasPosition() {
        return position >= 0 && !awaitingCommitted && pendingReset == null;
    }

    /** Moves the position and the fetch offset, invalidating everything fetched before. */
    void jumpTo(long offset, int epoch) {
        position = offset;
        positionEpoch = epoch;
        fetchOffset = offset;
        fetchEpoch = epoch;
        awaitingCommitted = false;
        pendingReset = null;
        blocked = false;
        generation++;
    }

    /** Drops prefetched data: the next fetch starts again at the position. */
    void rewindFetch() {
        fetchOffset = position;
        fetchEpoch = positionEpoch;
        blocked = false;
        generation++;
    }

    boolean isFetchable() {
        return hasPosition()
                && !paused
                && !pendingRevocation
                && fetchable
                && !awaitingValidation
                && !requestInFlight
                && !blocked;
    }
}
