package io.kanal.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as an operator gets it: unpacked into a directory whose path has a space, its {@code bin/} scripts run
 * as separate processes with the Java that runs this test, its shipped {@code config/worker.properties} pointed at a
 * real broker.
 */
@WithKafkaCluster
class DistributionIT {
    private static final int LINES = 10_000;

    @TempDir
    Path dir;

    @Test
    void kanalHelpExitsZeroFromAnyDirectory() throws Exception {
        Path home = Installation.unpack(dir).home();
        Path log = dir.resolve("help.log");
        // Started from elsewhere, through a relative path: the script finds its install directory by itself.
        Process help = Installation.start(
                dir, log, dir.relativize(home.resolve("bin/kanal")).toString(), "--help");

        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(help.exitValue()).as(output).isZero();
        assertThat(output).contains("usage: kanal").doesNotContain("SLF4J");
    }

    @Test
    void standaloneCopiesAFileThroughKafkaAndStopsCleanlyOnSigterm(KafkaCluster cluster) throws Exception {
        Path home = Installation.unpack(dir).home();
        assertThat(libs(home)).contains("kanal-cli-", "kanal-runtime-", "logback-classic-");
        assertThat(libs(home)).doesNotContain("kafka-clients", "kafka_", "junit", "tests.jar");
        assertThat(home.resolve("plugins/kanal-file")).isDirectory();
        assertThat(home.resolve("plugins/kanal-datagen")).isDirectory();
        assertThat(home.resolve("plugins/kanal-http")).isDirectory();
        try (Stream<Path> jdbc = Files.list(home.resolve("plugins/kanal-jdbc"))) {
            assertThat(jdbc.map(p -> p.getFileName().toString()))
                    .as("the JDBC plugin ships PostgreSQL's driver and HikariCP beside its jar, and no SLF4J")
                    .anyMatch(name -> name.startsWith("postgresql-"))
                    .anyMatch(name -> name.startsWith("HikariCP-"))
                    .noneMatch(name -> name.startsWith("slf4j-"));
        }

        // The shipped worker config, with only the broker changed: its offsets file and plugin.path are relative to
        // the install directory, where the worker is started.
        Path workerConfig = home.resolve("config/worker.properties");
        String shipped = Files.readString(workerConfig);
        assertThat(shipped).contains("bootstrap.servers=localhost:9092\n");
        Files.writeString(
                workerConfig,
                shipped.replace(
                        "bootstrap.servers=localhost:9092\n",
                        "bootstrap.servers=" + cluster.bootstrapServers() + "\n"));

        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        List<String> input = IntStream.range(0, LINES)
                .mapToObj(i -> String.format("line %05d of the distribution test", i))
                .toList();
        Files.write(in, input);
        Path source = Files.writeString(
                dir.resolve("source.properties"),
                String.join(
                        "\n",
                        "name=dist-source",
                        "connector.class=FileStreamSource",
                        "file=" + in,
                        "topic=dist-lines",
                        "topic.creation.default.partitions=1",
                        "topic.creation.default.replication.factor=1",
                        ""));
        Path sink = Files.writeString(
                dir.resolve("sink.properties"),
                String.join(
                        "\n",
                        "name=dist-sink",
                        "connector.class=FileStreamSink",
                        "file=" + out,
                        "topics=dist-lines",
                        ""));

        Path log = dir.resolve("worker.log");
        Process worker = Installation.start(
                home, log, "bin/kanal-standalone", "config/worker.properties", source.toString(), sink.toString());
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the worker exited: " + log, () -> !worker.isAlive())
                    .until(() -> Installation.lineCount(out) >= LINES);

            worker.destroy(); // SIGTERM
            assertThat(worker.waitFor(30, TimeUnit.SECONDS))
                    .as("the worker stops within 30 s of SIGTERM")
                    .isTrue();
        } finally {
            worker.destroyForcibly();
        }
        String output = Files.readString(log);
        // 143 is the JVM's exit status after SIGTERM once its shutdown hooks are done; anything else is a failure.
        assertThat(worker.exitValue()).as(output).isIn(0, 143);
        assertThat(output).doesNotContain("SLF4J").doesNotContain("ERROR");
        assertThat(Files.readAllLines(out).stream().sorted().toList()).isEqualTo(input);
        Path offsets = home.resolve("data/kanal.offsets");
        assertThat(offsets).as(output).isNotEmptyFile();
    }

    private static String libs(Path home) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(home.resolve("libs"))) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        return String.join(" ", names);
    }
}
