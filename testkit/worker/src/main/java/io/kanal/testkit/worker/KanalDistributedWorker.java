package io.kanal.testkit.worker;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Kanal distributed worker, {@code io.kanal.cli.Kanal distributed worker.properties}, as a child JVM on Kanal's own
 * class path: the test JVM's, without any Apache Kafka jar ({@link KanalClasspath}), so that the worker cannot lean on
 * kafka-clients or connect-runtime even when the test module has them. Same shape as {@link ApacheConnectWorker}, and
 * the same {@link DistributedSettings} put both in one cluster.
 *
 * <pre>{@code
 * try (KanalDistributedWorker kanal = KanalDistributedWorker.create(cluster, dir.resolve("kanal-1"), filePlugin)) {
 *     kanal.start();
 *     kanal.rest().awaitRunning("src", 1, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Its log ({@code worker.log}) has the runtime's INFO lines and everyone's warnings. The test's SLF4J backend
 * logs for it (this module's tests: slf4j-simple; the cli's Logback is excluded from the test class path), so the
 * levels are given to both backends.
 *
 * <p><b>Threading.</b> Not thread-safe: one test drives it from one thread.
 */
public final class KanalDistributedWorker extends ChildConnectWorker {

    private final String classpath;

    private KanalDistributedWorker(DistributedSettings settings, Path workDir, List<Path> pluginPath) {
        super(
                settings,
                workDir,
                Map.of("plugin.path", pluginPath.stream().map(Path::toString).collect(Collectors.joining(","))));
        this.classpath = KanalClasspath.ofTestJvm();
    }

    /**
     * Describes a worker; nothing runs until {@link #start()}. Its REST port is chosen now and kept.
     *
     * @param settings the cluster it joins
     * @param workDir its directory (created if missing)
     * @param pluginPath its {@code plugin.path} entries, e.g. {@code plugins/file/target/plugin}
     * @return the worker, not started
     */
    public static KanalDistributedWorker create(DistributedSettings settings, Path workDir, Path... pluginPath) {
        return new KanalDistributedWorker(settings, workDir, List.of(pluginPath));
    }

    /**
     * The class path the worker runs on.
     *
     * @return the entries joined by the platform path separator
     */
    public List<String> classpath() {
        return List.of(classpath.split(File.pathSeparator));
    }

    @Override
    List<String> arguments(Path workerFile) {
        return List.of(
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.kanal.runtime=info",
                "-Dorg.slf4j.simpleLogger.log.io.kanal.cli=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss,SSS",
                "-Dkanal.log.worker.level=info",
                "-cp",
                classpath,
                EmbeddedWorkerCluster.CLI_MAIN,
                "distributed",
                workerFile.toString());
    }

    @Override
    String kind() {
        return "Kanal worker";
    }
}
