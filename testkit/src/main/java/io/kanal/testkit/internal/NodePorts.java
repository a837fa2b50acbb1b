package io.kanal.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback ports of one node. They are chosen once and kept across restarts, because the other nodes and every
 * client know the node by them.
 *
 * @param nodeId the KRaft node id
 * @param client the port of the {@code CLIENT} listener
 * @param internal the port of the {@code INTERNAL} (inter-broker, always PLAINTEXT) listener
 * @param controller the port of the {@code CONTROLLER} listener
 */
public record NodePorts(int nodeId, int client, int internal, int controller) {
    /** The address every listener binds to. */
    public static final String HOST = "127.0.0.1";

    /**
     * Validates the values.
     *
     * @param nodeId the KRaft node id
     * @param client the port of the {@code CLIENT} listener
     * @param internal the port of the {@code INTERNAL} (inter-broker, always PLAINTEXT) listener
     * @param controller the port of the {@code CONTROLLER} listener
     */
    public NodePorts {
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must not be negative: " + nodeId);
        }
        for (int port : new int[] {client, internal, controller}) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
        }
    }

    /**
     * Picks free loopback ports for {@code nodes} nodes, three per node, all distinct. Every socket stays bound until
     * all are chosen, so the kernel cannot hand out one port twice; a port may still be taken by another process
     * between this call and the broker's bind, which is rare enough to accept for tests.
     *
     * @param nodes how many nodes
     * @return the ports of nodes {@code 0..nodes-1}
     */
    public static List<NodePorts> allocate(int nodes) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < nodes * 3; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            }
            List<NodePorts> ports = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                ports.add(new NodePorts(
                        i,
                        sockets.get(3 * i).getLocalPort(),
                        sockets.get(3 * i + 1).getLocalPort(),
                        sockets.get(3 * i + 2).getLocalPort()));
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot allocate loopback ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a bound, unconnected socket does not fail in practice; nothing to recover.
                }
            }
        }
    }

    /**
     * The client listener's address.
     *
     * @return {@code host:port}
     */
    public String clientAddress() {
        return HOST + ":" + client;
    }

    /**
     * The internal listener's address, where the readiness probe connects.
     *
     * @return the socket address
     */
    public InetSocketAddress internalSocketAddress() {
        return new InetSocketAddress(HOST, internal);
    }
}
