package io.kanal.client.admin;

import io.kanal.client.cluster.Node;
import java.util.List;
import java.util.Optional;

/**
 * The cluster as DescribeCluster reports it.
 *
 * @param clusterId the cluster id
 * @param controller the node the broker reports as controller (in KRaft, a random broker: clients cannot reach
 *     controllers), if any
 * @param nodes the brokers, ordered by id
 */
public record ClusterDescription(String clusterId, Optional<Node> controller, List<Node> nodes) {
    /** Copies the list. */
    public ClusterDescription {
        nodes = List.copyOf(nodes);
    }
}
