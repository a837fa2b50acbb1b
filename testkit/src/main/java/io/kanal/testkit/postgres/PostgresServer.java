package io.kanal.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL server for one test class or benchmark: its own temporary data directory, a free loopback port,
 * password authentication, and nothing shared with the machine's system service. It is the real server from the
 * machine's PostgreSQL packages ({@code .ci/run} installs them where they are missing), started as a child process.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root: then every server command runs as the {@code postgres}
 * account (created by the Debian package) through {@code runuser}, and the data directory is handed to it.
 *
 * <p>The server can be stopped and started again on the same port and data, which is how tests take the database away
 * from a running connector. Not thread-safe: owned by the test thread that started it.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    /** The superuser that {@code initdb} creates; tests and connectors log in as it. */
    public static final String USER = "kanal";

    /** The password of {@link #USER}; SCRAM authentication is on, so a wrong one is refused. */
    public static final String PASSWORD = "kanal-test-password";

    /**
     * Server settings for logical decoding (change data capture, e.g. Debezium's PostgreSQL connector with {@code
     * pgoutput}): {@code wal_level=logical} and room for several replication slots and WAL senders at once (one per
     * connector, plus one a connector may open while its old one is still closing). {@link #USER}, the superuser
     * {@code initdb} creates, has the {@code REPLICATION} attribute, and the {@code pg_hba.conf} that {@code initdb}
     * writes lets it open replication connections from 127.0.0.1 with its password.
     */
    public static final Map<String, String> LOGICAL_REPLICATION =
            Map.of("wal_level", "logical", "max_replication_slots", "10", "max_wal_senders", "10");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;
    private final Map<String, String> settings;
    private final Thread cleanup;
    private Process server;

    private PostgresServer(Path binDir, Path dataDir, int port, boolean asPostgresUser, Map<String, String> settings) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.settings = new TreeMap<>(settings);
        this.cleanup = new Thread(this::destroyQuietly, "kanal-postgres-cleanup-" + port);
    }

    /**
     * Initialises a new data directory and starts a server on a free loopback port.
     *
     * @return the running server; close it to stop it and delete its data
     * @throws PostgresServerException when PostgreSQL is not installed or does not start
     */
    public static PostgresServer start() {
        return start(Map.of());
    }

    /**
     * Initialises a new data directory and starts a server on a free loopback port with extra server settings (each
     * passed as {@code -c name=value}, also at {@link #restart()}), e.g. {@link #LOGICAL_REPLICATION}.
     *
     * @param settings PostgreSQL configuration parameters by name; they win over the kit's own
     * @return the running server; close it to stop it and delete its data
     * @throws PostgresServerException when PostgreSQL is not installed or does not start
     */
    public static PostgresServer start(Map<String, String> settings) {
        Path binDir = findBinDir()
                .orElseThrow(() -> new PostgresServerException("PostgreSQL is not installed: no initdb under"
                        + " /usr/lib/postgresql/*/bin or on the PATH (set KANAL_PG_BIN, or run .ci/run, which"
                        + " installs Debian's postgresql package)"));
        boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
        try {
            Path dataDir = Files.createTempDirectory("kanal-pg-");
            PostgresServer pg = new PostgresServer(binDir, dataDir, freePort(), asPostgresUser, settings);
            Runtime.getRuntime().addShutdownHook(pg.cleanup);
            pg.initialise();
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new PostgresServerException("cannot create a PostgreSQL data directory", e);
        }
    }

    /** @return the JDBC URL of the {@code postgres} database */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /**
     * @param database a database name
     * @return the JDBC URL of that database on this server
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** @return the loopback port the server listens on (kept across {@link #stop()} and {@link #restart()}) */
    public int port() {
        return port;
    }

    /** @return whether the server process is running */
    public boolean isRunning() {
        return server != null && server.isAlive();
    }

    /**
     * Stops the server (fast shutdown: open sessions are ended), keeping its data and port.
     *
     * @throws PostgresServerException when it does not stop in time
     */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        run(List.of(
                binDir.resolve("pg_ctl").toString(),
                "-D",
                dataDir.resolve("data").toString(),
                "-m",
                "fast",
                "-w",
                "stop"));
        try {
            if (!server.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PostgresServerException("PostgreSQL on port " + port + " did not stop in " + STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresServerException("interrupted while stopping PostgreSQL", e);
        }
        server = null;
    }

    /**
     * Starts the server again on the same port and data after {@link #stop()}.
     *
     * @throws PostgresServerException when it does not start
     */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is running");
        }
        startServer();
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (server != null) {
                server.destroyForcibly();
            }
            deleteDataDir();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting: the hook runs (or ran) on its own.
            }
        }
    }

    private void initialise() throws IOException {
        Path passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".pw");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        Path cluster = dataDir.resolve("data");
        if (asPostgresUser) {
            run(List.of("chown", "-R", "postgres:postgres", dataDir.toString(), passwordFile.toString()));
        }
        try {
            run(List.of(
                    binDir.resolve("initdb").toString(),
                    "-D",
                    cluster.toString(),
                    "-U",
                    USER,
                    "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync"));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private void startServer() {
        Path cluster = dataDir.resolve("data");
        Path logFile = dataDir.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(
                binDir.resolve("postgres").toString(),
                "-D",
                cluster.toString(),
                "-p",
                Integer.toString(port),
                "-k",
                dataDir.toString(),
                "-c",
                "listen_addresses=127.0.0.1",
                // A test database: durability across a machine crash is not wanted, speed is.
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=200"));
        // Later -c options win over earlier ones, so a caller's setting replaces the kit's.
        settings.forEach((name, value) -> {
            command.add("-c");
            command.add(name + "=" + value);
        });
        ProcessBuilder builder = new ProcessBuilder(asUser(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            server = builder.start();
        } catch (IOException e) {
            throw new PostgresServerException("cannot start " + command.get(0), e);
        }
        awaitReady(logFile);
        log.info("PostgreSQL {} ready on 127.0.0.1:{} (data {})", binDir.getParent(), port, cluster);
    }

    private void awaitReady(Path logFile) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path pidFile = dataDir.resolve("data").resolve("postmaster.pid");
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new PostgresServerException(
                        "PostgreSQL exited with " + server.exitValue() + " while starting: " + tail(logFile));
            }
            // postmaster.pid's eighth line turns to "ready" once connections are accepted.
            if (Files.isReadable(pidFile)) {
                try {
                    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
                    if (lines.size() >= 8 && lines.get(7).trim().equals("ready")) {
                        return;
                    }
                } catch (IOException beingWritten) {
                    // Read again on the next round: the server rewrites the file while starting.
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        server.destroyForcibly();
        throw new PostgresServerException(
                "PostgreSQL on port " + port + " not ready in " + START_TIMEOUT + ": " + tail(logFile));
    }

    private List<String> asUser(List<String> command) {
        if (!asPostgresUser) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(command);
        return out;
    }

    private void run(List<String> command) {
        List<String> full = command.get(0).equals("chown") ? command : asUser(command);
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new PostgresServerException(
                        String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new PostgresServerException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresServerException("interrupted while running " + command.get(0), e);
        }
    }

    private void destroyQuietly() {
        Process running = server;
        if (running != null && running.isAlive()) {
            // postgres ends its backends when the postmaster gets SIGQUIT; destroy() would only send SIGTERM
            // (smart shutdown, which waits for clients), so ask pg_ctl for an immediate stop.
            try {
                new ProcessBuilder(asUser(List.of(
                                binDir.resolve("pg_ctl").toString(),
                                "-D",
                                dataDir.resolve("data").toString(),
                                "-m",
                                "immediate",
                                "stop")))
                        .start()
                        .waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                running.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.destroyForcibly();
            }
        }
        deleteDataDir();
    }

    private void deleteDataDir() {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete PostgreSQL data in " + dataDir, e);
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Optional<Path> findBinDir() {
        String configured = System.getenv("KANAL_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(dir -> Files.isExecutable(dir.resolve("initdb")));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                        .max(Comparator.comparingInt(PostgresServer::majorVersion));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + debian, e);
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))) {
                return Optional.of(Path.of(entry));
            }
        }
        return Optional.empty();
    }

    private static int majorVersion(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
