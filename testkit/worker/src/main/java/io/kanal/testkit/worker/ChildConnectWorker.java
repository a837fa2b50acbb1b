package io.kanal.testkit.worker;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * What both kinds of child worker share: the work directory, the REST port, the worker properties file, the process
 * and its log, start (until healthy), stop and kill. A subclass says which JVM to run.
 *
 * <p><b>Threading.</b> Not thread-safe: one test drives it from one thread; {@link WorkerProcess}'s reader thread
 * only writes the log.
 */
abstract sealed class ChildConnectWorker implements ConnectWorker permits ApacheConnectWorker, KanalDistributedWorker {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final int port;
    private final Map<String, String> properties;
    private final ConnectRest rest;
    private WorkerProcess process; // the latest run, alive or not; null before the first start
    private boolean suspended; // the latest run was sent SIGSTOP and no SIGCONT since

    ChildConnectWorker(DistributedSettings settings, Path workDir, Map<String, String> ownProperties) {
        this.workDir = workDir;
        this.port = freePort();
        Map<String, String> p = new LinkedHashMap<>(ownProperties);
        // The shared settings (and the test's overrides) win over the kind's own defaults.
        p.putAll(settings.workerProperties(port));
        this.properties = p;
        this.rest = new ConnectRest(restUri());
    }

    /**
     * The java command line, without the {@code java} executable.
     *
     * @param workerFile the worker properties file
     * @return JVM options, {@code -cp}, the main class and its arguments
     */
    abstract List<String> arguments(Path workerFile);

    /**
     * A short name for messages: {@code Apache Connect worker} or {@code Kanal worker}.
     *
     * @return the name
     */
    abstract String kind();

    @Override
    public final void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(kind() + " " + workerId() + " already runs");
        }
        Path workerFile = workDir.resolve("worker.properties");
        try {
            Files.createDirectories(workDir);
            Properties p = new Properties();
            p.putAll(properties);
            try (OutputStream out = Files.newOutputStream(workerFile)) {
                p.store(out, kind() + " " + workerId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + workerFile, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments(workerFile));
        WorkerProcess started = WorkerProcess.start(command, logFile());
        process = started;
        suspended = false;
        try {
            await(kind() + " " + workerId() + " healthy")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast(kind() + " " + workerId() + " exited", () -> !started.isAlive())
                    .until(rest::healthy);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    kind() + " " + workerId() + " did not get healthy: " + e.getMessage() + "; its log ends:\n"
                            + logTail(),
                    e);
        } catch (TerminalFailureException e) {
            // The process is gone; stop() reaps it and waits for the reader, so the tail below is complete.
            int exit = started.stop(STOP_TIMEOUT);
            throw new IllegalStateException(
                    kind() + " " + workerId() + " exited (status " + exit + ") before it was healthy; its log ends:\n"
                            + logTail(),
                    e);
        }
    }

    @Override
    public final void stop() {
        if (process != null && process.isAlive()) {
            resumeIfSuspended();
            process.stop(STOP_TIMEOUT);
        }
    }

    /**
     * Freezes the worker's JVM with SIGSTOP, as a long GC pause or a stalled machine would: every thread stops, its
     * sockets stay open, and the group and the brokers see it fall silent. {@link #resume()} lets it go on; {@link
     * #stop()} and {@link #close()} resume it first.
     *
     * @throws IllegalStateException when it is not running or already suspended
     */
    public final void suspend() {
        if (process == null || !process.isAlive() || suspended) {
            throw new IllegalStateException(kind() + " " + workerId() + " is not running, or is suspended already");
        }
        process.signal("STOP");
        suspended = true;
    }

    /**
     * Lets a worker frozen by {@link #suspend()} go on with SIGCONT.
     *
     * @throws IllegalStateException when it is not suspended
     */
    public final void resume() {
        if (!suspended) {
            throw new IllegalStateException(kind() + " " + workerId() + " is not suspended");
        }
        resumeIfSuspended();
    }

    /**
     * Whether the worker was frozen by {@link #suspend()} and not resumed since.
     *
     * @return true while suspended
     */
    public final boolean isSuspended() {
        return suspended && process != null && process.isAlive();
    }

    private void resumeIfSuspended() {
        if (suspended && process.isAlive()) {
            process.signal("CONT");
        }
        suspended = false;
    }

    @Override
    public final void kill() {
        if (process != null && process.isAlive()) {
            process.kill();
        }
    }

    @Override
    public final boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public final ConnectRest rest() {
        return rest;
    }

    @Override
    public final URI restUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    public final String workerId() {
        return "127.0.0.1:" + port;
    }

    @Override
    public final Path workDir() {
        return workDir;
    }

    @Override
    public final Path logFile() {
        return workDir.resolve("worker.log");
    }

    @Override
    public final String logTail() {
        return process == null ? "(never started)" : process.tail();
    }

    @Override
    public final void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        resumeIfSuspended();
        // A failure here (the worker ignored SIGTERM and was killed) reaches the test: try-with-resources adds it to
        // the test's own failure as a suppressed exception.
        process.stop(STOP_TIMEOUT);
    }

    @Override
    public String toString() {
        return kind() + " " + workerId();
    }

    private static int freePort() {
        // Another process may take the port between this close and the worker's bind; the start then fails with the
        // bind error in the log. Rare enough on a test machine that a retry is not worth it.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
