package io.kanal.client.cluster;

import io.kanal.client.Endpoint;

/**
 * A broker of the cluster.
 *
 * @param id the node id
 * @param host the advertised host
 * @param port the advertised port
 * @param rack the rack, or null
 */
public record Node(int id, String host, int port, String rack) {
    /**
     * Where to connect.
     *
     * @return the endpoint
     */
    public Endpoint endpoint() {
        return new Endpoint(id, host, port);
    }
}
