package io.kanal.runtime.membership.group;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * How the membership learns that revoked work has stopped. In Connect's cooperative protocol a member stops what the
 * leader revoked before it rejoins, so that the follow-up rebalance never gives that work to another member while it
 * still runs here. The membership first sends the herder the new {@code AssignmentChanged} (which no longer lists
 * the revoked work, so the herder stops it), then asks this hook, and rejoins when the future completes or after
 * {@code rebalance.timeout.ms}, whichever comes first.
 *
 * <p>Called on the group's callback thread; the future may complete on any thread.
 */
@FunctionalInterface
public interface Revocations {

    /** For tests and for a worker that stops work synchronously: everything is stopped at once. */
    Revocations IMMEDIATE = (connectors, tasks) -> CompletableFuture.completedFuture(null);

    /**
     * Completes once the worker has stopped these connectors and tasks (or they were not running).
     *
     * @param connectors the revoked connectors
     * @param tasks the revoked tasks
     * @return completes when they are stopped
     */
    CompletableFuture<Void> stopped(Set<String> connectors, Set<ConnectorTaskId> tasks);
}
