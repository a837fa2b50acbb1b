package io.kanal.runtime.membership.group;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.Set;

/**
 * How the leader tells a worker that left cleanly from one that died, answered by the status store. A worker that
 * stops cleanly stops every connector and task it runs, writes each one's status {@code UNASSIGNED} with its worker
 * id to the status topic (Connect writes the same on shutdown), waits for the writes to be acknowledged, and only
 * then leaves the group. A worker that dies leaves its statuses {@code RUNNING} (or whatever they were). So when the
 * leader finds a worker gone, it asks here whether that worker's last statuses for everything it held say it stopped
 * them: if so, its work is given out at once; if not, it is held for {@code scheduled.rebalance.max.delay.ms} in
 * case the worker comes back.
 *
 * <p>Called on the leader's group callback thread, once per departed worker per rebalance; the implementation should
 * read the status topic to its end first (bounded), since the leaving worker wrote just before its LeaveGroup.
 */
@FunctionalInterface
public interface Departures {

    /** Nobody ever leaves cleanly: every departed worker's work is held for the delay, as in Connect. */
    Departures NEVER_CLEAN = (workerId, connectors, tasks) -> false;

    /**
     * Whether the worker stopped all this work before it left.
     *
     * @param workerId the departed worker's id ({@code host:port} of its advertised URL), as its statuses name it
     * @param connectors the connectors it held when last assigned
     * @param tasks the tasks it held when last assigned
     * @return true if every one of them has the status {@code UNASSIGNED} written by that worker
     */
    boolean leftCleanly(String workerId, Set<String> connectors, Set<ConnectorTaskId> tasks);
}
