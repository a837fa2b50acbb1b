package io.kanal.runtime.membership.protocol;

import java.util.Objects;

/**
 * What the leader of a Connect worker group gives one worker in SyncGroup, as Connect's {@code ExtendedAssignment}
 * (and, without revocations and delay, the eager {@code ConnectProtocol.Assignment}). A worker also sends the
 * assignment it holds back in its next JoinGroup metadata ({@link WorkerMetadata#allocation()}).
 *
 * @param error {@link #NO_ERROR}, or {@link #CONFIG_MISMATCH} when the leader could not reconcile config offsets
 *     (the worker reads the config topic to the end and rejoins); other values are kept as read
 * @param leader the leader's member id
 * @param leaderUrl the leader's advertised REST URL, where writes are forwarded
 * @param configOffset the config topic offset the assignment was computed at; the worker reads up to it first
 * @param assigned what the worker runs from now on
 * @param revoked what the worker must stop before the next rebalance (cooperative protocols only)
 * @param delay milliseconds after which the worker rejoins because a departed worker's work was held back
 *     (cooperative protocols only; 0 if none)
 */
public record ConnectAssignment(
        short error,
        String leader,
        String leaderUrl,
        long configOffset,
        ConnectorsAndTasks assigned,
        ConnectorsAndTasks revoked,
        int delay) {

    /** The assignment succeeded. */
    public static final short NO_ERROR = 0;

    /** The leader could not resolve the members' config offsets: read the config topic to the end and rejoin. */
    public static final short CONFIG_MISMATCH = 1;

    /** Checks that nothing is null. */
    public ConnectAssignment {
        Objects.requireNonNull(leader, "leader");
        Objects.requireNonNull(leaderUrl, "leaderUrl");
        Objects.requireNonNull(assigned, "assigned");
        Objects.requireNonNull(revoked, "revoked");
    }

    /**
     * An assignment without revocations and delay, as the eager protocol carries it.
     *
     * @param error the error code
     * @param leader the leader's member id
     * @param leaderUrl the leader's REST URL
     * @param configOffset the config topic offset
     * @param assigned what the worker runs
     * @return the assignment
     */
    public static ConnectAssignment eager(
            short error, String leader, String leaderUrl, long configOffset, ConnectorsAndTasks assigned) {
        return new ConnectAssignment(error, leader, leaderUrl, configOffset, assigned, ConnectorsAndTasks.empty(), 0);
    }

    /**
     * Whether the leader reported an error instead of an assignment.
     *
     * @return true unless {@link #error()} is {@link #NO_ERROR}
     */
    public boolean failed() {
        return error != NO_ERROR;
    }
}
