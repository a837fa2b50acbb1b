package io.kanal.testkit.worker;

import io.kanal.cli.LogbackLoggerLevels;
import io.kanal.rest.RestServer;
import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.worker.StandaloneWorker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A Kanal standalone worker for integration tests, on a broker the test provides (usually through {@code
 * @WithKafkaCluster}), in one of two {@link Mode modes}: {@link Mode#IN_PROCESS in the test JVM} (fast, and the test
 * can read the herder's {@link #view() view}), or {@link Mode#CHILD_PROCESS as a child JVM} running the real command
 * line, {@code io.kanal.cli.Kanal standalone worker.properties connector.properties...}, which a test can stop with
 * SIGTERM ({@link #stop()}) or kill with SIGKILL ({@link #kill()}) at a moment of its choosing and start again
 * ({@link #restart()}).
 *
 * <p>The worker keeps everything in its {@link #workDir() work directory}: {@code worker.properties}, one {@code
 * connectors/<name>.properties} per connector, the source offsets ({@code offsets}, Connect's {@code
 * offset.storage.file.filename}), the connector configs the worker stores ({@code connectors.json}, {@code
 * kanal.config.storage.file.filename}), and, in child mode, the process's output ({@code worker.log}). A restart
 * reuses all of them, as a real worker restarted on the same host does.
 *
 * <p><b>Connectors.</b> Connectors put before {@link #start()} are given to the worker when it starts, as files on the
 * command line in child mode. After the start, {@link #putConnector} goes through the worker's herder in-process
 * mode; child mode refuses it, because a child worker has no REST API yet (a later issue adds it; until then a child
 * takes its connectors at start). Every start (and restart) submits every connector put so far again, as {@code
 * connect-standalone.sh} does with its command line.
 *
 * <p>Named a cluster because later modes (distributed) run several workers; today it runs one.
 *
 * <p><b>Threading.</b> Not thread-safe: one test drives it from one thread. {@link #view()} may be read from any
 * thread.
 */
public final class EmbeddedWorkerCluster implements AutoCloseable {

    /** Where the worker runs. */
    public enum Mode {
        /** A {@link StandaloneWorker} in the test JVM; {@link #kill()} is not available. */
        IN_PROCESS,
        /** A child JVM running {@code io.kanal.cli.Kanal standalone} with the test JVM's class path. */
        CHILD_PROCESS
    }

    /** The main class a child worker runs. */
    public static final String CLI_MAIN = "io.kanal.cli.Kanal";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HERDER_TIMEOUT = Duration.ofSeconds(30);

    private final Mode mode;
    private final Path workDir;
    private final Map<String, String> workerConfig;
    private final List<String> jvmOptions;
    private final Map<String, Map<String, String>> connectors = new LinkedHashMap<>();

    private StandaloneWorker inProcess; // non-null while an in-process worker runs
    private WorkerProcess child; // the latest child process, alive or not
    private RestServer inProcessRest; // started on the first restUri() of an in-process worker

    private EmbeddedWorkerCluster(Builder b) {
        this.mode = b.mode;
        this.workDir = b.workDir;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", b.bootstrapServers);
        config.put(
                "plugin.path",
                b.pluginPath.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(",")));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put(StandaloneWorker.OFFSET_FILE, offsetsFile().toString());
        config.put(
                StandaloneWorker.CONFIG_FILE, workDir.resolve("connectors.json").toString());
        // A child worker serves REST; an ephemeral port lets many workers run side by side.
        config.put("listeners", "http://127.0.0.1:0");
        config.putAll(b.workerConfig);
        this.workerConfig = Map.copyOf(config);
    }

    /**
     * Starts describing a worker.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The mode this worker runs in.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The worker's directory: its config files, offsets, stored connector configs and (child mode) its output.
     *
     * @return the directory
     */
    public Path workDir() {
        return workDir;
    }

    /**
     * The source offsets file, {@code offset.storage.file.filename}.
     *
     * @return the path, which exists once a source committed offsets
     */
    public Path offsetsFile() {
        return workDir.resolve("offsets");
    }

    /**
     * The worker config, with the kit's defaults (string converters, the files in the work directory) under the
     * test's keys.
     *
     * @return the config, unmodifiable
     */
    public Map<String, String> workerConfig() {
        return workerConfig;
    }

    /**
     * Creates or replaces a connector. Before {@link #start()}, it is recorded and given to the worker when it starts;
     * after, an in-process worker creates it at once.
     *
     * @param name the connector's name
     * @param config its config (without {@code name})
     * @throws IllegalStateException when a child worker is running (it has no REST API yet), or when the herder
     *     refused the connector
     */
    public void putConnector(String name, Map<String, String> config) {
        Objects.requireNonNull(name, "name");
        if (isRunning() && mode == Mode.CHILD_PROCESS) {
            throw new IllegalStateException("a child worker takes its connectors at start (it has no REST API yet):"
                    + " put connector '" + name + "' before start(), or stop() and start() again");
        }
        connectors.put(name, Map.copyOf(config));
        if (inProcess != null) {
            submit(inProcess, name);
        }
    }

    /**
     * Starts the worker with every connector put so far and waits until it is ready (every connector submitted).
     *
     * @throws IllegalStateException when it is already running, or did not get ready (with the child's last output)
     */
    public void start() {
        if (isRunning()) {
            throw new IllegalStateException("the worker is already running");
        }
        try {
            Files.createDirectories(workDir.resolve("connectors"));
            Path workerFile = writeProperties(workDir.resolve("worker.properties"), workerConfig);
            if (mode == Mode.IN_PROCESS) {
                StandaloneWorker worker = StandaloneWorker.create(workerConfig);
                worker.start();
                inProcess = worker;
                for (String name : connectors.keySet()) {
                    submit(worker, name);
                }
                worker.announceReady();
            } else {
                List<String> command = new ArrayList<>();
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmOptions);
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(CLI_MAIN);
                command.add("standalone");
                command.add(workerFile.toString());
                for (Map.Entry<String, Map<String, String>> c : connectors.entrySet()) {
                    Map<String, String> withName = new LinkedHashMap<>(c.getValue());
                    withName.put("name", c.getKey());
                    command.add(
                            writeProperties(workDir.resolve("connectors").resolve(c.getKey() + ".properties"), withName)
                                    .toString());
                }
                child = WorkerProcess.start(command, logFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the worker's files in " + workDir, e);
        }
        awaitReady();
    }

    /**
     * Waits until the worker is ready: at once in-process (start returns when it is), and in child mode until the
     * process prints {@code Kanal worker <id> runs N connector(s)}.
     *
     * @throws IllegalStateException when the child ended before, or was not ready within 60 s
     */
    public void awaitReady() {
        if (mode == Mode.CHILD_PROCESS && child != null) {
            child.awaitReady(READY_TIMEOUT);
        }
    }

    /**
     * Whether a worker is running (a child process that is alive, or an in-process worker not stopped).
     *
     * @return true while running
     */
    public boolean isRunning() {
        return inProcess != null || (child != null && child.isAlive());
    }

    /**
     * Stops the worker cleanly: in-process through {@link StandaloneWorker#stop()}, a child with SIGTERM (its shutdown
     * hook stops the worker: sinks flush and commit, sources commit their offsets), waiting for it to exit. Does
     * nothing when it is not running.
     *
     * @throws IllegalStateException when a child did not exit within 60 s (it is then killed)
     */
    public void stop() {
        if (inProcessRest != null) {
            RestServer rest = inProcessRest;
            inProcessRest = null;
            rest.stop();
        }
        if (inProcess != null) {
            StandaloneWorker worker = inProcess;
            inProcess = null;
            worker.stop();
        }
        if (child != null && child.isAlive()) {
            child.stop(STOP_TIMEOUT);
        }
    }

    /**
     * Kills a child worker with SIGKILL: no shutdown hook runs, so nothing is flushed or committed beyond what the
     * worker had already done. Waits until the process is gone.
     *
     * @throws IllegalStateException in-process mode, which cannot be killed
     */
    public void kill() {
        if (mode != Mode.CHILD_PROCESS) {
            throw new IllegalStateException("an in-process worker cannot be killed; use Mode.CHILD_PROCESS");
        }
        if (child != null && child.isAlive()) {
            child.kill();
        }
    }

    /** Stops the worker cleanly if it runs, then starts it again on the same files and connectors. */
    public void restart() {
        stop();
        start();
    }

    /**
     * The herder's view of an in-process worker: connectors, tasks, statuses.
     *
     * @return the view
     * @throws IllegalStateException when no in-process worker runs (a child has no REST API yet)
     */
    public HerderView view() {
        StandaloneWorker worker = inProcess;
        if (worker == null) {
            throw new IllegalStateException(
                    mode == Mode.CHILD_PROCESS
                            ? "a child worker has no view in this JVM: ask its REST API at restUri()"
                            : "the worker is not running");
        }
        return worker.view();
    }

    /**
     * The running worker's REST API: a child's as its command line printed it, an in-process worker's from a REST
     * server started on the first call (on an ephemeral port, like a child's, unless {@code listeners} says otherwise).
     *
     * @return the base URL, for example {@code http://127.0.0.1:41234/}
     * @throws IllegalStateException when no worker runs, or a child did not serve REST within 60 s
     */
    public URI restUri() {
        if (inProcess != null) {
            if (inProcessRest == null) {
                // Logback's levels when the test binds SLF4J to Logback; else /admin/loggers knows no logger.
                RestServer rest = new RestServer(
                        workerConfig, ApiServices.of(inProcess).withLoggerLevels(LogbackLoggerLevels.current()));
                rest.start();
                inProcessRest = rest;
            }
            return inProcessRest.uri();
        }
        if (child != null && child.isAlive()) {
            return child.awaitRestUri(READY_TIMEOUT);
        }
        throw new IllegalStateException("the worker is not running");
    }

    /**
     * The output of every child process so far (standard output and error), for a test to print when it fails.
     *
     * @return the path of {@code worker.log}, which exists once a child started
     */
    public Path logFile() {
        return workDir.resolve("worker.log");
    }

    /** Stops the worker (see {@link #stop()}); a child that does not stop is killed. */
    @Override
    public void close() {
        stop();
    }

    private void submit(StandaloneWorker worker, String name) {
        HerderReply reply;
        try {
            reply = worker.putConnector(name, connectors.get(name), HERDER_TIMEOUT);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the herder did not answer within " + HERDER_TIMEOUT + " for " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating connector " + name, e);
        }
        if (reply instanceof HerderReply.Failed failed) {
            throw new IllegalStateException(
                    "connector " + name + " was refused: " + failed.error().message());
        }
    }

    private static Path writeProperties(Path file, Map<String, String> values) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    /**
     * Describes a worker. Not thread-safe.
     */
    public static final class Builder {
        private String bootstrapServers;
        private final List<Path> pluginPath = new ArrayList<>();
        private final Map<String, String> workerConfig = new LinkedHashMap<>();
        // The command line logs at WARN; the worker's own lifecycle lines ("Kanal worker ready", started, stopped)
        // are worth having in worker.log. The child runs on the test's class path, whose SLF4J backend the test
        // chose (this module's tests: slf4j-simple, the cli's Logback being excluded), so both backends are told.
        private final List<String> jvmOptions = new ArrayList<>(List.of(
                "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.log.io.kanal.runtime.worker.StandaloneWorker=info",
                "-Dkanal.log.worker.level=info"));
        private Mode mode = Mode.IN_PROCESS;
        private Path workDir;

        private Builder() {}

        /**
         * The broker, as {@code bootstrap.servers}. Required.
         *
         * @param bootstrapServers host:port pairs
         * @return this
         */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /**
         * Adds {@code plugin.path} entries (directories of plugin directories, plugin jars or directories).
         *
         * @param entries the entries
         * @return this
         */
        public Builder pluginPath(Path... entries) {
            pluginPath.addAll(List.of(entries));
            return this;
        }

        /**
         * Sets a worker key, over the kit's defaults.
         *
         * @param key the key
         * @param value its value
         * @return this
         */
        public Builder workerConfig(String key, String value) {
            workerConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        /**
         * Sets worker keys, over the kit's defaults.
         *
         * @param config the keys and values
         * @return this
         */
        public Builder workerConfig(Map<String, String> config) {
            config.forEach(this::workerConfig);
            return this;
        }

        /**
         * Where the worker runs; {@link Mode#IN_PROCESS} by default.
         *
         * @param mode the mode
         * @return this
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The worker's directory (a test's {@code @TempDir}); a new temporary directory by default.
         *
         * @param workDir the directory, created if missing
         * @return this
         */
        public Builder workDir(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
            return this;
        }

        /**
         * Adds JVM options for a child worker (after the kit's {@code -Xmx512m} and the INFO level for the {@code StandaloneWorker} logger).
         *
         * @param options the options
         * @return this
         */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /**
         * Builds the worker; nothing runs until {@link EmbeddedWorkerCluster#start()}.
         *
         * @return the worker
         * @throws IllegalStateException when the bootstrap servers are missing
         */
        public EmbeddedWorkerCluster build() {
            if (bootstrapServers == null) {
                throw new IllegalStateException("bootstrapServers is required");
            }
            try {
                workDir = workDir == null ? Files.createTempDirectory("kanal-worker") : workDir;
                Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the worker directory " + workDir, e);
            }
            return new EmbeddedWorkerCluster(this);
        }
    }
}
