package io.kanal.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Java program run in a process of its own on the test's class path, so that a test can kill it with SIGKILL at
 * a point of its choosing: a crashed group member, a copier killed mid-transaction. Its standard output is kept, one
 * entry per line, for the test to wait on; standard error is discarded.
 *
 * <p>Thread-safe: {@link #lines()} may be read while the reader thread appends.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Thread reader;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "child-jvm-" + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts {@code mainClass} with the test's class path and quiet logging.
     *
     * @param mainClass the program
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm start(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            // Errors and warnings are kept with the output: when a child dies, its stack trace explains why.
            return new ChildJvm(
                    new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass.getName(), e);
        }
    }

    private void read() {
        try (BufferedReader r = process.inputReader()) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("X " + e);
        }
    }

    /**
     * What the child printed so far, on its standard output and error.
     *
     * @return the lines, oldest first
     */
    public List<String> lines() {
        return lines;
    }

    /**
     * How many printed lines start with a prefix.
     *
     * @param prefix the prefix
     * @return the count
     */
    public long count(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    /**
     * Whether the process is still running.
     *
     * @return true while alive
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process with SIGKILL: no shutdown hook, no clean leave, no last flush. Waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("child " + process.pid() + " did not die within 30 s of SIGKILL");
            }
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
