package io.kanal.client;

import java.util.Objects;

/**
 * Where a broker listens. Bootstrap servers, whose node ids are not known yet, get negative ids.
 *
 * @param nodeId the broker's node id, negative for a bootstrap address
 * @param host the host name or address, resolved anew on every connection attempt
 * @param port the port
 */
public record Endpoint(int nodeId, String host, int port) {
    /** Validates the components. */
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code host:port}, as in {@code bootstrap.servers}.
     *
     * @param nodeId the id to give the endpoint
     * @param hostPort the address; IPv6 literals in brackets
     * @return the endpoint
     */
    public static Endpoint parse(int nodeId, String hostPort) {
        String s = hostPort.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("not a host:port address: '" + hostPort + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Endpoint(nodeId, host, Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a host:port address: '" + hostPort + "'", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port + " (id " + nodeId + ")";
    }
}
