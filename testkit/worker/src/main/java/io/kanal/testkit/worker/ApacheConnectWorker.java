package io.kanal.testkit.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real Apache Kafka Connect distributed worker, {@code org.apache.kafka.connect.cli.ConnectDistributed
 * worker.properties}, as a child JVM on the class path {@code kanal-testkit-connect} resolved ({@link
 * ConnectClasspath}): connect-runtime, connect-json and connect-file of one Apache release, with log4j2. Its file
 * connectors are on the class path, so {@code org.apache.kafka.connect.file.FileStreamSourceConnector} and {@code
 * ...FileStreamSinkConnector} are there without a {@code plugin.path}.
 *
 * <pre>{@code
 * DistributedSettings cluster = DistributedSettings.of(kafka.bootstrapServers(), "connect");
 * try (ApacheConnectWorker apache = ApacheConnectWorker.create(cluster, dir.resolve("apache-1"))) {
 *     apache.start();
 *     apache.rest().createConnector("src", Map.of(...), Duration.ofSeconds(30));
 *     apache.rest().awaitRunning("src", 1, Duration.ofSeconds(30));
 *     apache.stop();
 * }
 * }</pre>
 *
 * <p>Its log ({@code worker.log}) has Connect's INFO lines (herder, worker, tasks), the clients' warnings, and no
 * configuration dumps. Plugins are found with {@code plugin.discovery=service_load} (every class path plugin of the
 * release has its manifest), which saves seconds of scanning at each start on 2 cores.
 *
 * <p><b>Threading.</b> Not thread-safe: one test drives it from one thread.
 */
public final class ApacheConnectWorker extends ChildConnectWorker {

    /** Connect's distributed command line. */
    public static final String MAIN = "org.apache.kafka.connect.cli.ConnectDistributed";

    private static final String LOG_CONFIG = String.join(
            "\n",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d{HH:mm:ss,SSS}] %p %m (%c{1})%n",
            "rootLogger.level = warn",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.connect.name = org.apache.kafka.connect",
            "logger.connect.level = info",
            "logger.isolation.name = org.apache.kafka.connect.runtime.isolation",
            "logger.isolation.level = warn",
            "logger.coordinator.name = org.apache.kafka.connect.runtime.distributed.WorkerCoordinator",
            "logger.coordinator.level = info",
            "");

    private final ConnectClasspath classpath;

    private ApacheConnectWorker(DistributedSettings settings, Path workDir, ConnectClasspath classpath) {
        super(settings, workDir, Map.of("plugin.discovery", "service_load"));
        this.classpath = classpath;
    }

    /**
     * Describes a worker; nothing runs until {@link #start()}. Its REST port is chosen now and kept.
     *
     * @param settings the cluster it joins
     * @param workDir its directory (created if missing)
     * @return the worker, not started
     */
    public static ApacheConnectWorker create(DistributedSettings settings, Path workDir) {
        return new ApacheConnectWorker(settings, workDir, ConnectClasspath.load());
    }

    /**
     * The Apache Kafka release this worker runs.
     *
     * @return e.g. {@code 4.3.1}
     */
    public String version() {
        return classpath.version();
    }

    @Override
    List<String> arguments(Path workerFile) {
        Path logConfig = workDir().resolve("log4j2.properties");
        try {
            Files.writeString(logConfig, LOG_CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logConfig, e);
        }
        return List.of(
                "-Xmx512m",
                "-XX:+UseSerialGC",
                // Startup dominates a test worker's life: C1 only, as for the testkit's brokers.
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + logConfig,
                "-cp",
                classpath.asArgument(),
                MAIN,
                workerFile.toString());
    }

    @Override
    String kind() {
        return "Apache Connect worker";
    }
}
