package io.kanal.testkit.worker;

import java.net.URI;
import java.nio.file.Path;

/**
 * One distributed worker of a Kafka Connect cluster, run as a child JVM by a test: Apache's ({@link
 * ApacheConnectWorker}) or Kanal's ({@link KanalDistributedWorker}), with the same controls, so that a test can mix
 * them in one group or replace one with the other.
 *
 * <p>Each worker keeps its REST port for its whole life (a restart binds it again), and its directory holds {@code
 * worker.properties} and {@code worker.log} (the process's standard output and error, every run appended).
 *
 * <p><b>Threading.</b> Not thread-safe: one test drives it from one thread.
 */
public interface ConnectWorker extends AutoCloseable {

    /**
     * Starts the JVM and waits until the worker answers {@code GET /health} with 200 (Connect answers so once its
     * herder has started).
     *
     * @throws IllegalStateException when it is already running, or when the process ended or was not healthy within
     *     60 s; the message quotes the end of its log
     */
    void start();

    /**
     * Stops the worker with SIGTERM, so that it leaves the group and commits its offsets, and waits until the process
     * exits.
     *
     * @throws IllegalStateException when it did not exit within 60 s (it is then killed)
     */
    void stop();

    /** Kills the worker with SIGKILL (nothing flushed, no clean leave) and waits until it is gone. */
    void kill();

    /**
     * Whether the process runs.
     *
     * @return true while alive
     */
    boolean isAlive();

    /**
     * The REST client of this worker.
     *
     * @return a client for {@link #restUri()}
     */
    ConnectRest rest();

    /**
     * The worker's REST URI, {@code http://127.0.0.1:<port>/}.
     *
     * @return the URI
     */
    URI restUri();

    /**
     * The worker's id as statuses report it: {@code 127.0.0.1:<port>}.
     *
     * @return the id
     */
    String workerId();

    /**
     * The worker's directory.
     *
     * @return the directory
     */
    Path workDir();

    /**
     * The file the process's output goes to.
     *
     * @return {@code workDir/worker.log}
     */
    Path logFile();

    /**
     * The last lines of the process's output, for a failure message.
     *
     * @return up to 40 lines, or a note that it never ran
     */
    String logTail();

    /** Stops the worker if it still runs (SIGTERM, and SIGKILL if that does not end it). */
    @Override
    void close();
}
