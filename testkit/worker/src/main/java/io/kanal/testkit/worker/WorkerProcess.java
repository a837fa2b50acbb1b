package io.kanal.testkit.worker;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of a worker in a JVM of its own: the process, and a thread that copies its output (standard output and
 * error together) to a log file in the worker directory, watching for the line the command line prints once every
 * connector given on it has been submitted ({@code Kanal worker <id> runs N connector(s); ...}).
 *
 * <p><b>Threading.</b> Owned by one {@link EmbeddedWorkerCluster}, which calls {@link #stop}, {@link #kill} and
 * {@link #awaitReady} from the test's thread; the reader thread only appends to the log and completes the ready
 * future.
 */
final class WorkerProcess {

    /** The command line's ready line (StandaloneCommand prints it on standard output). */
    static final Pattern READY = Pattern.compile("^Kanal worker \\S+ runs \\d+ connector\\(s\\).*");

    /** The line the command line prints once its REST server listens. */
    static final Pattern REST = Pattern.compile("^Kanal REST API at (\\S+)$");

    private static final int TAIL_LINES = 40;

    private final Process process;
    private final Thread reader;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<URI> restUri = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.reader = new Thread(() -> copy(log), "kanal-worker-" + process.pid() + "-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts a JVM with the given command.
     *
     * @param command the java command line
     * @param log the file the output is appended to
     * @return the running worker
     */
    static WorkerProcess start(List<String> command, Path log) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            return new WorkerProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker JVM: " + command, e);
        }
    }

    private void copy(Path log) {
        try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(
                        log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write("---- worker process " + process.pid() + " ----\n");
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                out.flush();
                remember(line);
                if (!ready.isDone() && READY.matcher(line).matches()) {
                    ready.complete(null);
                }
                Matcher rest = REST.matcher(line);
                if (!restUri.isDone() && rest.matches()) {
                    restUri.complete(URI.create(rest.group(1)));
                }
            }
        } catch (IOException e) {
            remember("(output lost: " + e + ")");
        } finally {
            ready.completeExceptionally(new IllegalStateException(
                    "the worker process " + process.pid() + " ended before it was ready; its last output:\n" + tail()));
            restUri.completeExceptionally(new IllegalStateException("the worker process " + process.pid()
                    + " ended before its REST server listened; its last output:\n" + tail()));
        }
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    /**
     * The last lines the process printed.
     *
     * @return up to 40 lines, joined
     */
    synchronized String tail() {
        return String.join("\n", tail);
    }

    /**
     * Waits until the worker printed its ready line.
     *
     * @param timeout the longest wait
     * @throws IllegalStateException when the process ended first or did not get ready in time, with its last output
     */
    void awaitReady(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the worker process " + process.pid() + " was not ready within " + timeout
                    + "; its last output:\n" + tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the worker", e);
        }
    }

    /**
     * Waits until the worker printed its REST URL.
     *
     * @param timeout the longest wait
     * @return the URL, with the port actually bound
     * @throws IllegalStateException when the process ended first or did not listen in time, with its last output
     */
    URI awaitRestUri(Duration timeout) {
        try {
            return restUri.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the worker process " + process.pid() + " did not serve REST within "
                    + timeout + "; its last output:\n" + tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the worker", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends the JVM a signal with {@code kill -<signal> <pid>} (Java's {@link Process} sends only TERM and KILL), and
     * waits for {@code kill} to return.
     *
     * @param signal the signal's name without {@code SIG}, e.g. {@code STOP} or {@code CONT}
     * @throws IllegalStateException when {@code kill} fails or does not return within 10 s
     */
    void signal(String signal) {
        List<String> command = List.of("kill", "-" + signal, Long.toString(process.pid()));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException(command + " did not return within 10 s");
            }
            if (kill.exitValue() != 0) {
                String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new IllegalStateException(command + " exited with " + kill.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /**
     * Asks the JVM to stop (SIGTERM on Linux: its shutdown hook stops the worker cleanly) and waits for it to exit.
     *
     * @param timeout the longest wait
     * @return the exit status
     * @throws IllegalStateException when it did not exit in time (it is then killed)
     */
    int stop(Duration timeout) {
        process.destroy();
        if (!waitFor(timeout)) {
            kill();
            throw new IllegalStateException("the worker process " + process.pid() + " did not stop within " + timeout
                    + " of SIGTERM and was killed; its last output:\n" + tail());
        }
        return process.exitValue();
    }

    /** Kills the JVM with SIGKILL (no shutdown hook, no last flush or commit) and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        if (!waitFor(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the worker process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                // The reader ends at the end of the output; join it so the log is complete.
                reader.join(10_000);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the worker process", e);
        }
    }
}
