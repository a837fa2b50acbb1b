package io.kanal.client.cluster.internals;

import io.kanal.client.cluster.MetadataSnapshot;
import io.kanal.client.cluster.Node;
import io.kanal.client.errors.RetriableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks brokers from the cluster metadata for requests that any broker can answer (metadata, FindCoordinator, admin
 * requests a KRaft broker forwards to the controller) or that must go to one broker by id. When the metadata knows no
 * broker yet (or not the wanted one) it is refreshed first.
 *
 * <p>Thread-safe; returned futures may complete on the network I/O thread, so callers chain only quick steps.
 */
public final class BrokerSelector {
    private final ClusterMetadata metadata;

    /**
     * Creates a selector over a client's metadata.
     *
     * @param metadata the metadata
     */
    public BrokerSelector(ClusterMetadata metadata) {
        this.metadata = metadata;
    }

    /**
     * A random known broker, spreading load across the cluster.
     *
     * @return the broker, or a {@link RetriableException} if none is known even after a refresh
     */
    public CompletableFuture<Node> any() {
        Optional<Node> known = pick(metadata.current());
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known.get());
        }
        return metadata.refresh().thenApply(snapshot -> pick(snapshot)
                .orElseThrow(() -> new RetriableException("The cluster metadata lists no broker")));
    }

    /**
     * The broker with an id.
     *
     * @param nodeId the node id
     * @return the broker, or a {@link RetriableException} if the metadata does not list it even after a refresh
     */
    public CompletableFuture<Node> byId(int nodeId) {
        Optional<Node> known = metadata.current().node(nodeId);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known.get());
        }
        return metadata.refresh().thenApply(snapshot -> snapshot.node(nodeId)
                .orElseThrow(() -> new RetriableException("Broker " + nodeId + " is not in the cluster metadata")));
    }

    /**
     * Every broker the metadata lists, refreshing first if it lists none.
     *
     * @return the brokers
     */
    public CompletableFuture<List<Node>> all() {
        MetadataSnapshot current = metadata.current();
        if (!current.nodes().isEmpty()) {
            return CompletableFuture.completedFuture(List.copyOf(current.nodes()));
        }
        return metadata.refresh().thenApply(snapshot -> {
            if (snapshot.nodes().isEmpty()) {
                throw new RetriableException("The cluster metadata lists no broker");
            }
            return List.copyOf(snapshot.nodes());
        });
    }

    private static Optional<Node> pick(MetadataSnapshot snapshot) {
        List<Node> nodes = new ArrayList<>(snapshot.nodes());
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())));
    }
}
