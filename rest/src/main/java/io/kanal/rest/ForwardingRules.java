package io.kanal.rest;

import io.kanal.runtime.api.ClusterRouting;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a request runs in a cluster, decided from its method, path and {@code forward} parameter and the worker's
 * {@link ClusterRouting}, as Connect's {@code DistributedHerder} and {@code HerderRequestHandler} decide it:
 *
 * <ul>
 *   <li>the leader carries out what writes the config topic under its control: create, config {@code PUT}/{@code
 *       PATCH}, delete, stop, offsets {@code PATCH}/{@code DELETE}, restarts with {@code includeTasks} or {@code
 *       onlyFailed} (KIP-745), and the internal task-config and fencing requests;
 *   <li>the worker running a connector or task carries out its plain restart; the others send it to the leader, which
 *       knows the owner;
 *   <li>everything else runs where it arrives: reads, pause and resume (Connect writes the target state from any
 *       worker), validation, loggers, topics.
 * </ul>
 *
 * <p>A request that must run elsewhere goes there with {@code forward=true} when it came without the parameter, with
 * {@code forward=false} when it came with {@code forward=true}; one that came with {@code forward=false} is refused
 * (409): two hops between workers must reach the target, or a rebalance moved it.
 *
 * <p><b>Threading.</b> Stateless; a pure function of its arguments.
 */
final class ForwardingRules {

    /** Connect's answer when a forwarded request still is not at its target after two hops. */
    static final String HOP_LIMIT =
            "Cannot complete request because of a conflicting operation (e.g. worker rebalance)";
    /** Connect's answer when the target's URL is not known. */
    static final String NO_LEADER =
            "Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.";

    /** What the request needs. */
    sealed interface Target {}

    /** Runs on any worker. */
    record Anywhere() implements Target {}

    /** Runs on the leader. */
    record Leader() implements Target {}

    /**
     * Runs on the worker that runs the connector, or one of its tasks.
     *
     * @param connector the connector's name
     * @param task the task number, or -1 for the connector itself
     */
    record Owner(String connector, int task) implements Target {}

    /** What to do with a request. */
    sealed interface Decision {}

    /** Handle it here. */
    record Local() implements Decision {}

    /**
     * Send it on.
     *
     * @param base the target worker's REST URL
     * @param forward the value of the {@code forward} parameter to send
     */
    record Forward(URI base, boolean forward) implements Decision {}

    /**
     * Refuse it.
     *
     * @param status the HTTP status
     * @param message Connect's message
     */
    record Refuse(int status, String message) implements Decision {}

    private ForwardingRules() {}

    /**
     * What a request needs, from its method and raw path.
     *
     * @param method the HTTP method
     * @param rawPath the path as sent, percent-encoded
     * @param includeTasks the {@code includeTasks} parameter, null when absent
     * @param onlyFailed the {@code onlyFailed} parameter, null when absent
     * @return the target
     */
    static Target target(String method, String rawPath, String includeTasks, String onlyFailed) {
        List<String> p = segments(rawPath);
        if (p.isEmpty() || !p.get(0).equals("connectors")) {
            return new Anywhere();
        }
        int n = p.size();
        if (n == 1) {
            return method.equals("POST") ? new Leader() : new Anywhere();
        }
        String connector = p.get(1);
        if (n == 2) {
            return method.equals("DELETE") ? new Leader() : new Anywhere();
        }
        String action = p.get(2);
        if (n == 3) {
            return switch (action) {
                case "config" -> method.equals("PUT") || method.equals("PATCH") ? new Leader() : new Anywhere();
                case "stop", "fence" -> method.equals("PUT") ? new Leader() : new Anywhere();
                case "offsets" -> method.equals("PATCH") || method.equals("DELETE") ? new Leader() : new Anywhere();
                case "tasks" -> method.equals("POST") ? new Leader() : new Anywhere();
                case "restart" ->
                    !method.equals("POST")
                            ? new Anywhere()
                            : Boolean.parseBoolean(includeTasks) || Boolean.parseBoolean(onlyFailed)
                                    ? new Leader()
                                    : new Owner(connector, -1);
                default -> new Anywhere();
            };
        }
        if (n == 5 && action.equals("tasks") && p.get(4).equals("restart") && method.equals("POST")) {
            try {
                return new Owner(connector, Integer.parseInt(p.get(3)));
            } catch (NumberFormatException e) {
                // Jersey answers 404 for a task number that is not one; nothing to route.
                return new Anywhere();
            }
        }
        return new Anywhere();
    }

    /**
     * Whether the request is one of the internal requests between workers, whose signature is checked (KIP-507).
     *
     * @param method the HTTP method
     * @param rawPath the path as sent
     * @return true for {@code POST /connectors/{c}/tasks} and {@code PUT /connectors/{c}/fence}
     */
    static boolean internal(String method, String rawPath) {
        List<String> p = segments(rawPath);
        return p.size() == 3
                && p.get(0).equals("connectors")
                && ((method.equals("POST") && p.get(2).equals("tasks"))
                        || (method.equals("PUT") && p.get(2).equals("fence")));
    }

    /**
     * Where the request runs.
     *
     * @param target what it needs
     * @param forward the {@code forward} parameter as received, null when absent
     * @param routing the worker's place in the cluster now
     * @return the decision
     */
    static Decision decide(Target target, String forward, ClusterRouting routing) {
        Optional<String> url;
        if (target instanceof Anywhere) {
            return new Local();
        } else if (target instanceof Owner owner) {
            boolean here = owner.task() < 0
                    ? routing.runsConnector(owner.connector())
                    : routing.runsTask(owner.connector(), owner.task());
            if (here) {
                return new Local();
            }
            if (routing.isLeader()) {
                url = owner.task() < 0
                        ? routing.connectorOwnerUrl(owner.connector())
                        : routing.taskOwnerUrl(owner.connector(), owner.task());
                if (url.isEmpty()) {
                    // Unknown connector or task, or not assigned: the herder gives Connect's 404, or its own answer.
                    return new Local();
                }
            } else {
                url = leaderUrl(routing);
            }
        } else if (routing.isLeader()) {
            return new Local();
        } else {
            url = leaderUrl(routing);
        }
        // Connect parses the parameter as a Boolean: anything but "true" is false.
        if (forward != null && !Boolean.parseBoolean(forward)) {
            return new Refuse(409, HOP_LIMIT);
        }
        if (url.isEmpty()) {
            return new Refuse(409, NO_LEADER);
        }
        try {
            return new Forward(URI.create(url.get()), forward == null);
        } catch (IllegalArgumentException e) {
            // A worker advertised a URL that is none (rest.advertised.* misconfigured): say which, URLs are no secret.
            return new Refuse(500, "Cannot forward the request: the target worker's URL is invalid: " + url.get());
        }
    }

    /**
     * The last assignment's leader, also while a rebalance runs: Connect's followers hold a write until the
     * rebalance ends and then send it to that leader; sending it at once is the same bet, and a leader that changed
     * answers with the hop limit's 409 rather than losing the request.
     */
    private static Optional<String> leaderUrl(ClusterRouting routing) {
        return routing.leaderUrl().filter(u -> !u.isBlank());
    }

    /** The decoded path segments, without empty ones (a trailing '/' is the same path to Jersey). */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(decode(s));
            }
        }
        return out;
    }

    private static String decode(String segment) {
        try {
            // A path segment is percent-encoded, not form-encoded: a '+' is a '+'.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // Jersey refuses such a path itself; matching it as sent routes it nowhere special.
            return segment;
        }
    }
}
