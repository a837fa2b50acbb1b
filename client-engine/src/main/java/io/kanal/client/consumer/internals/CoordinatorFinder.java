package io.kanal.client.consumer.internals;

import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.cluster.Node;
import io.kanal.client.cluster.internals.CoordinatorLookup;
import io.kanal.client.common.Time;
import java.util.concurrent.CompletableFuture;

/**
 * The consumer's view of its group coordinator over the shared {@link CoordinatorLookup}: the cached node, a lookup
 * bounded by {@code request.timeout.ms} per attempt, and invalidation after NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE or a lost connection. Thread-safe (the lookup is); futures complete on the network I/O
 * or scheduler threads.
 */
final class CoordinatorFinder {
    private final String groupId;
    private final CoordinatorLookup lookup;
    private final Time time;
    private final long lookupTimeoutMs;

    CoordinatorFinder(String groupId, CoordinatorLookup lookup, Time time, long lookupTimeoutMs) {
        this.groupId = groupId;
        this.lookup = lookup;
        this.time = time;
        this.lookupTimeoutMs = lookupTimeoutMs;
    }

    /**
     * The known coordinator.
     *
     * @return the node, or null while unknown
     */
    Node coordinator() {
        return lookup.cached(CoordinatorType.GROUP, groupId).orElse(null);
    }

    /** Forgets the coordinator so the next request looks it up again. */
    void markUnknown() {
        lookup.invalidate(CoordinatorType.GROUP, groupId);
    }

    /**
     * Looks the coordinator up (or joins a lookup in progress).
     *
     * @return the coordinator
     */
    CompletableFuture<Node> find() {
        return lookup.coordinator(CoordinatorType.GROUP, groupId, time.monotonicMs() + lookupTimeoutMs);
    }
}
