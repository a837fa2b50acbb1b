package io.kanal.client.admin;

import io.kanal.client.cluster.Node;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Decides which broker each item of an admin request goes to: any broker, a partition's leader, a group's coordinator,
 * a broker by id. Called once per attempt with the items still pending.
 *
 * @param <K> the item key
 * @param <V> the item value type
 */
interface Router<K, V> {
    /**
     * Where each item goes in this attempt.
     *
     * @param keys the pending items
     * @param deadlineMs the operation's deadline, monotonic ms
     * @return the items grouped by broker, and outcomes for items that cannot be routed now
     */
    CompletableFuture<Routes<K, V>> route(List<K> keys, long deadlineMs);

    /**
     * Told that an item will be retried after a stale route (NOT_COORDINATOR, NOT_LEADER_OR_FOLLOWER, a lost
     * connection), so that the next {@link #route} does not reuse it.
     *
     * @param key the item
     * @param node the broker that failed it
     */
    default void reroute(K key, Node node) {}

    /**
     * The routes of one attempt.
     *
     * @param byNode the items to send to each broker
     * @param unroutable outcomes for items that could not be routed (unknown topic, no leader yet...)
     * @param <K> the item key
     * @param <V> the item value type
     */
    record Routes<K, V>(Map<Node, List<K>> byNode, Map<K, Outcome<V>> unroutable) {
        /** Copies the maps. */
        public Routes {
            byNode = Map.copyOf(byNode);
            unroutable = Map.copyOf(unroutable);
        }
    }
}
