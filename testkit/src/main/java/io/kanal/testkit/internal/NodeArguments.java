package io.kanal.testkit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link NodeMain}, shared by the parent that writes it and the child that parses it.
 *
 * @param parentPid the pid of the JVM that owns the node
 * @param clusterId the cluster id to format storage with, or {@code null} when the storage is formatted already
 * @param deleteOnOrphan a directory to delete when the parent is gone, or {@code null}
 * @param serverProperties the path of the broker's {@code server.properties}
 */
public record NodeArguments(long parentPid, String clusterId, String deleteOnOrphan, String serverProperties) {
    private static final String FORMAT = "--format";
    private static final String DELETE_ON_ORPHAN = "--delete-on-orphan";

    /**
     * Validates the arguments.
     *
     * @param parentPid the pid of the JVM that owns the node
     * @param clusterId the cluster id to format storage with, or {@code null} when the storage is formatted already
     * @param deleteOnOrphan a directory to delete when the parent is gone, or {@code null}
     * @param serverProperties the path of the broker's {@code server.properties}
     */
    public NodeArguments {
        if (parentPid <= 0) {
            throw new IllegalArgumentException("parentPid must be positive: " + parentPid);
        }
        if (serverProperties == null || serverProperties.isBlank()) {
            throw new IllegalArgumentException("serverProperties is required");
        }
    }

    /**
     * Renders the arguments as {@link NodeMain} expects them.
     *
     * @return the argument list
     */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(parentPid));
        if (clusterId != null) {
            args.add(FORMAT);
            args.add(clusterId);
        }
        if (deleteOnOrphan != null) {
            args.add(DELETE_ON_ORPHAN);
            args.add(deleteOnOrphan);
        }
        args.add(serverProperties);
        return args;
    }

    /**
     * Parses what {@link #toArgs()} wrote.
     *
     * @param args the command line
     * @return the parsed arguments
     * @throws IllegalArgumentException when the command line is malformed
     */
    public static NodeArguments parse(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: NodeMain <parent-pid> [--format <cluster-id>] [--delete-on-orphan <dir>] <server.properties>");
        }
        long pid = Long.parseLong(args[0]);
        String clusterId = null;
        String deleteOnOrphan = null;
        int i = 1;
        while (i < args.length - 1) {
            String flag = args[i];
            String value = args[i + 1];
            if (FORMAT.equals(flag)) {
                clusterId = value;
            } else if (DELETE_ON_ORPHAN.equals(flag)) {
                deleteOnOrphan = value;
            } else {
                throw new IllegalArgumentException("unknown argument: " + flag);
            }
            i += 2;
        }
        if (i != args.length - 1) {
            throw new IllegalArgumentException("the last argument must be the server.properties path");
        }
        return new NodeArguments(pid, clusterId, deleteOnOrphan, args[args.length - 1]);
    }
}
