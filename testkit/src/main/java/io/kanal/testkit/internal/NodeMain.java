package io.kanal.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The main class of every broker JVM the testkit starts: a guard against orphans in front of {@code kafka.Kafka}.
 *
 * <p>Runs in the child process, so it uses the JDK only and reaches Kafka by reflection (the testkit itself never
 * has the broker jars on its classpath). It watches two signals that the parent is gone: end of file on standard
 * input (the parent holds the pipe open for the child's whole life, and the OS closes it when the parent dies, even
 * by SIGKILL) and the exit of the parent's pid. Either one halts this JVM at once, after deleting the node's
 * temporary directory (and the cluster's, when it is the last node) when asked to, so a dead test JVM leaves neither processes nor data behind.
 *
 * <p>Arguments: {@code <parent-pid> [--format <cluster-id>] [--delete-on-orphan <dir>] <server.properties>}. With
 * {@code --format} the node's storage is formatted in this same JVM before the server starts, which saves a whole
 * JVM start-up per node compared with running {@code kafka-storage.sh} first.
 */
public final class NodeMain {
    /** Exit status of a broker JVM that halted because its parent disappeared. */
    public static final int ORPHAN_EXIT_STATUS = 3;

    /**
     * Released when this JVM starts a clean shutdown. A latch rather than a flag so that the class keeps no mutable
     * static field; it exists once per broker JVM, which runs exactly one node.
     */
    private static final CountDownLatch SHUTTING_DOWN = new CountDownLatch(1);

    private NodeMain() {}

    /**
     * Formats storage if asked, installs the orphan watch, then runs {@code kafka.Kafka} until it exits.
     *
     * @param args see the class comment
     * @throws Exception when Kafka's entry points cannot be found or fail
     */
    public static void main(String[] args) throws Exception {
        NodeArguments arguments = NodeArguments.parse(args);
        watchParent(arguments);
        if (arguments.clusterId() != null) {
            format(arguments.clusterId(), arguments.serverProperties());
        }
        invokeMain("kafka.Kafka", new String[] {arguments.serverProperties()});
    }

    private static void watchParent(NodeArguments arguments) {
        // Once a clean shutdown (SIGTERM) has begun, standard input may close under us: that is no orphan.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SHUTTING_DOWN.countDown(), "kanal-shutdown-flag"));
        Thread stdinWatch = new Thread(() -> awaitEndOfInput(System.in, arguments), "kanal-parent-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();
        ProcessHandle.of(arguments.parentPid())
                .ifPresentOrElse(
                        parent -> parent.onExit().thenRun(() -> halt(arguments, "parent pid exited")),
                        () -> halt(arguments, "parent pid not found"));
    }

    private static void awaitEndOfInput(InputStream in, NodeArguments arguments) {
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of input.
        }
        halt(arguments, "standard input closed");
    }

    private static void halt(NodeArguments arguments, String reason) {
        if (SHUTTING_DOWN.getCount() == 0) {
            return;
        }
        System.out.println("[kanal-testkit] parent process is gone (" + reason + "); halting this broker");
        System.out.flush();
        if (arguments.deleteOnOrphan() != null) {
            Path directory = Path.of(arguments.deleteOnOrphan());
            deleteQuietly(directory);
            // The cluster's directory, once its last node is gone: with the cluster's own files (TLS material, a dev
            // cluster's client.properties), which no node owns.
            Path cluster = directory.getParent();
            if (cluster != null && !hasNodeDirectories(cluster)) {
                deleteQuietly(cluster);
            }
        }
        Runtime.getRuntime().halt(ORPHAN_EXIT_STATUS);
    }

    private static boolean hasNodeDirectories(Path cluster) {
        try (Stream<Path> children = Files.list(cluster)) {
            return children.anyMatch(c -> c.getFileName().toString().startsWith("node-"));
        } catch (IOException e) {
            return true; // cannot tell: leave the directory to the node that can
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all =
                    new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: the JVM halts next whatever happens here.
        }
    }

    private static void format(String clusterId, String serverProperties) throws Exception {
        // "--cluster-id=<id>", not two words: a base64url id may start with '-' (the name "MixedClusterIT" gives one),
        // which the tool's argument parser would take for an option.
        List<String> formatArgs =
                new ArrayList<>(List.of("format", "--cluster-id=" + clusterId, "--config", serverProperties));
        // Extra arguments the parent wrote next to the properties (SCRAM users: --add-scram, KIP-900).
        Path extra = Path.of(serverProperties + SaslBrokerConfig.FORMAT_ARGUMENTS_SUFFIX);
        if (Files.exists(extra)) {
            formatArgs.addAll(Files.readAllLines(extra));
        }
        Method execute =
                Class.forName("kafka.tools.StorageTool").getMethod("execute", String[].class, PrintStream.class);
        Object status = invoke(execute, formatArgs.toArray(String[]::new), System.out);
        if (!Integer.valueOf(0).equals(status)) {
            throw new IllegalStateException("kafka.tools.StorageTool format exited with status " + status);
        }
    }

    private static void invokeMain(String className, String[] mainArgs) throws Exception {
        Method main = Class.forName(className).getMethod("main", String[].class);
        invoke(main, (Object) mainArgs);
    }

    private static Object invoke(Method method, Object... methodArgs) throws Exception {
        try {
            return method.invoke(null, methodArgs);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw e;
        }
    }
}
