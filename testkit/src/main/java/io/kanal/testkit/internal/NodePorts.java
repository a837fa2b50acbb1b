package io.kanal.testkit.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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

    /** The lowest port the testkit picks: above the well-known and most registered service ports. */
    static final int STABLE_RANGE_START = 20000;

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
     * Picks free loopback ports for {@code nodes} nodes, three per node, all distinct.
     *
     * <p>Ports come from below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}), picked at random
     * and checked by binding them. A port from the ephemeral range could be handed to some client connection as its
     * local port while its node is down, and the node could then not restart on it; below the range only another
     * server can take it. Every socket stays bound until all are chosen, so no port is chosen twice. When the range
     * below is too small, the kernel picks ephemeral ports instead.
     *
     * @param nodes how many nodes
     * @return the ports of nodes {@code 0..nodes-1}
     */
    public static List<NodePorts> allocate(int nodes) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int ephemeralStart = ephemeralRangeStart();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int attempts = 0;
            while (sockets.size() < nodes * 3) {
                boolean stable = ephemeralStart - STABLE_RANGE_START >= 1000 && attempts++ < 1000;
                int port = stable ? random.nextInt(STABLE_RANGE_START, ephemeralStart) : 0;
                ServerSocket socket = bind(port);
                if (socket != null) {
                    sockets.add(socket);
                }
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

    /** Binds a listening socket, or returns null when a specific port is taken. */
    private static ServerSocket bind(int port) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            if (port == 0) {
                throw new UncheckedIOException("cannot allocate a loopback port", e);
            }
            return null;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Nothing to recover.
            }
        }
    }

    /** The first port of the kernel's ephemeral range; 32768 (Linux's default) where it cannot be read. */
    static int ephemeralRangeStart() {
        // A reader, not Files.readString: procfs files report a misleading size, and readString trusts it (measured
        // here: it returned "3").
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String range = reader.readLine();
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
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
