package io.kanal.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which role a request needs. {@link RestRole#READ_ONLY} reaches the reads that carry no configuration: the root, the
 * health and metrics endpoints, the connector list (without {@code expand=info}, whose entries hold configs), a
 * connector's or task's status and active topics, and the plugin list with their config definitions. Everything else,
 * every write and every read that can show a config ({@code GET /connectors/{c}}, {@code /config}, {@code /tasks},
 * offsets, loggers), needs {@link RestRole#ADMIN}. An allow-list: an endpoint added later is admin-only until listed.
 *
 * <p><b>Threading.</b> Stateless; a pure function of its arguments.
 */
final class RestAccess {

    private RestAccess() {}

    /**
     * Whether the role may make the request.
     *
     * @param role the user's role
     * @param method the HTTP method
     * @param rawPath the path as sent
     * @param rawQuery the query as sent, or null
     * @return true when allowed
     */
    static boolean allows(RestRole role, String method, String rawPath, String rawQuery) {
        return role == RestRole.ADMIN || (role == RestRole.READ_ONLY && readOnly(method, rawPath, rawQuery));
    }

    /**
     * The path's segments as Jersey routes on them: matrix parameters ({@code ;...}) dropped, then percent-decoded.
     * Deciding on the raw path instead would let {@code /connectors/c;x/config} or an encoded {@code %2e%2e} be read
     * differently here than where the request lands.
     *
     * @param rawPath the path as sent
     * @return the segments; empty when one is {@code .} or {@code ..} (refused: no endpoint has one)
     */
    static Optional<List<String>> routed(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            int semicolon = raw.indexOf(';');
            String bare = semicolon < 0 ? raw : raw.substring(0, semicolon);
            if (bare.isEmpty()) {
                continue;
            }
            String decoded = ForwardingRules.segments("/" + bare).get(0);
            if (decoded.equals(".") || decoded.equals("..")) {
                return Optional.empty();
            }
            out.add(decoded);
        }
        return Optional.of(List.copyOf(out));
    }

    /** Whether the request is one of the reads the read-only role may make. */
    static boolean readOnly(String method, String rawPath, String rawQuery) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        Optional<List<String>> routed = routed(rawPath);
        if (routed.isEmpty()) {
            return false;
        }
        List<String> p = routed.get();
        int n = p.size();
        if (n == 0) {
            return true;
        }
        return switch (p.get(0)) {
            case "health", "metrics" -> n == 1;
            case "connector-plugins" -> n == 1 || (n == 3 && p.get(2).equals("config"));
            case "connectors" ->
                (n == 1 && !expandsInfo(rawQuery))
                        || (n == 3 && (p.get(2).equals("status") || p.get(2).equals("topics")))
                        || (n == 5 && p.get(2).equals("tasks") && p.get(4).equals("status"));
            default -> false;
        };
    }

    /** Whether any {@code expand} parameter asks for {@code info}, which lists every connector's config. */
    private static boolean expandsInfo(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String param : rawQuery.split("&")) {
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            if (name.equals("expand")) {
                String value = LeaderForwarding.parameter(param, "expand");
                if (value == null || !value.trim().equalsIgnoreCase("status")) {
                    // info, or something this worker does not know yet: refuse rather than guess what it shows.
                    return true;
                }
            }
        }
        return false;
    }
}
