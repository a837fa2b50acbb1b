package io.kanal.testkit;

import io.kanal.testkit.internal.BrokerClasspath;
import io.kanal.testkit.internal.LogFiles;
import io.kanal.testkit.internal.NodeArguments;
import io.kanal.testkit.internal.NodeMain;
import io.kanal.testkit.internal.NodePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined broker+controller node of a {@link KafkaCluster}: a child JVM running Apache Kafka.
 *
 * <p>A node keeps its ports and its data across {@link #stop()}/{@link #kill()} and {@link #start()}, so a restarted
 * node rejoins with its log intact, as a real broker would after a crash or a rolling restart. Its output goes to
 * {@link #logFile()}, appended across restarts.
 *
 * <p>Thread safety: every method may be called from any thread; start, stop and kill of one node are serialized.
 */
public final class KafkaNode {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);

    private final KafkaCluster cluster;
    private final NodePorts ports;
    private final Path workDirectory;
    private final Path logFile;
    private final Object lock = new Object();
    private volatile Process process;
    private boolean formatted;

    KafkaNode(KafkaCluster cluster, NodePorts ports, Path workDirectory, Path logFile) {
        this.cluster = cluster;
        this.ports = ports;
        this.workDirectory = workDirectory;
        this.logFile = logFile;
    }

    /**
     * The node's KRaft node id, which is also its index in {@link KafkaCluster#node(int)}.
     *
     * @return the node id
     */
    public int id() {
        return ports.nodeId();
    }

    /**
     * The address of this node's client listener.
     *
     * @return {@code host:port}
     */
    public String bootstrapServer() {
        return ports.clientAddress();
    }

    /**
     * The node's log file: everything the broker JVM printed, across restarts.
     *
     * @return the path
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * Whether the node's process is alive.
     *
     * @return true while the process runs
     */
    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /**
     * The pid of the node's process, while it runs.
     *
     * @return the pid, or empty when the node is not running
     */
    public Optional<Long> pid() {
        Process current = process;
        return current != null && current.isAlive() ? Optional.of(current.pid()) : Optional.empty();
    }

    /**
     * Restarts a stopped or killed node with its data, and waits until it has rejoined: every running node answers
     * and lists every running node as a live broker.
     *
     * @throws IllegalStateException when the node runs already or the cluster is closed or not started
     * @throws KafkaClusterException when the node does not become ready within the start timeout
     */
    public void start() {
        synchronized (lock) {
            if (!formatted) {
                throw new IllegalStateException("node " + id() + " belongs to a cluster that was never started");
            }
            launch();
        }
        cluster.awaitReadyAfterRestart(this);
    }

    /**
     * Stops the node cleanly with SIGTERM (a controlled shutdown that hands its partitions' leadership over) and waits
     * for the process to exit; after the cluster's stop timeout the process is killed.
     */
    public void stop() {
        synchronized (lock) {
            terminate(cluster.spec().stopTimeout());
        }
    }

    /** Kills the node with SIGKILL, as a crash or a power loss would, and waits for the process to exit. */
    public void kill() {
        synchronized (lock) {
            Process current = process;
            if (current == null) {
                return;
            }
            boolean wasAlive = current.isAlive();
            current.destroyForcibly();
            awaitExit(current, Duration.ofSeconds(30));
            if (wasAlive) {
                LOG.info("[{}] node {} killed", cluster.name(), id());
            }
        }
    }

    /**
     * The last lines of the node's log.
     *
     * @param lines how many lines at most
     * @return the lines, oldest first
     */
    public List<String> logTail(int lines) {
        return LogFiles.tail(logFile, lines);
    }

    @Override
    public String toString() {
        return "KafkaNode[" + cluster.name() + "/" + id() + " at " + bootstrapServer() + "]";
    }

    /** Starts the process without waiting for readiness; formats storage on the very first launch. */
    void launch() {
        synchronized (lock) {
            cluster.checkOpen();
            if (isRunning()) {
                throw new IllegalStateException(this + " is running already");
            }
            BrokerClasspath classpath = cluster.classpath();
            NodeArguments arguments = new NodeArguments(
                    ProcessHandle.current().pid(),
                    formatted ? null : cluster.clusterId(),
                    workDirectory.toString(),
                    workDirectory.resolve("server.properties").toString());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(cluster.spec().jvmOptions());
            command.add("-Dlog4j2.configurationFile="
                    + workDirectory.resolve("log4j2.properties").toAbsolutePath());
            command.add("-cp");
            command.add(classpath.asArgument());
            command.add(NodeMain.class.getName());
            command.addAll(arguments.toArgs());
            try {
                Files.createDirectories(logFile.getParent());
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workDirectory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                formatted ? Redirect.appendTo(logFile.toFile()) : Redirect.to(logFile.toFile()));
                // Standard input stays a pipe that this JVM never closes: NodeMain halts on its end of file.
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + this, e);
            }
            formatted = true;
            LOG.info("[{}] node {} started, pid {}, log {}", cluster.name(), id(), process.pid(), logFile);
        }
    }

    /** SIGTERM, wait up to {@code timeout}, then SIGKILL. Returns at once when the node does not run. */
    void terminate(Duration timeout) {
        synchronized (lock) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                return;
            }
            long startNanos = System.nanoTime();
            sigterm(current);
            if (!awaitExit(current, timeout)) {
                LOG.warn("[{}] node {} did not stop within {}; killing it", cluster.name(), id(), timeout);
                current.destroyForcibly();
                awaitExit(current, Duration.ofSeconds(30));
            }
            LOG.info(
                    "[{}] node {} stopped in {} ms",
                    cluster.name(),
                    id(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }

    /**
     * SIGTERM through the process handle: {@link Process#destroy()} would also close the child's standard input,
     * which {@link NodeMain} takes for the death of this JVM.
     */
    private static void sigterm(Process process) {
        process.toHandle().destroy();
    }

    NodePorts ports() {
        return ports;
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                process.getOutputStream().close();
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        } catch (IOException e) {
            return true; // the process exited; closing its dead stdin pipe failing changes nothing
        }
    }
}
