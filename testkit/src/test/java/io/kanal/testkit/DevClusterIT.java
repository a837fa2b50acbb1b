package io.kanal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs {@link DevCluster} as a command, in its own JVM, and ends that JVM the ways users and crashes do. */
class DevClusterIT {
    private static final Duration READY = Duration.ofSeconds(90);

    private Process dev;

    @AfterEach
    void killDevCluster() {
        if (dev != null) {
            dev.destroyForcibly();
        }
    }

    @Test
    void sigtermStopsTheClusterAndCleansUp() throws Exception {
        List<String> output = launch("DevClusterIT-sigterm");
        String bootstrap = awaitLine(output, DevCluster.BOOTSTRAP_PREFIX);
        Path data = Path.of(awaitLine(output, "data.directory="));
        List<ProcessHandle> brokers = dev.descendants().toList();
        assertThat(brokers).hasSize(1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }

        dev.toHandle().destroy(); // SIGTERM, as Ctrl-C or a service manager would

        await().atMost(Duration.ofSeconds(60)).until(() -> !dev.isAlive());
        assertThat(brokers).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.exists(data)).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> output.stream().anyMatch(l -> l.endsWith("stopped.")));
    }

    @Test
    void brokersHaltAndDeleteTheirDataWhenTheDevClusterJvmIsKilled() throws Exception {
        List<String> output = launch("DevClusterIT-sigkill");
        awaitLine(output, DevCluster.BOOTSTRAP_PREFIX);
        Path data = Path.of(awaitLine(output, "data.directory="));
        List<ProcessHandle> brokers = dev.descendants().toList();
        assertThat(brokers).hasSize(1).allMatch(ProcessHandle::isAlive);

        dev.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent

        await().atMost(Duration.ofSeconds(30)).until(() -> brokers.stream().noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(data));
    }

    @Test
    void libraryCallStartsAClusterAndGivesItsAddress() throws Exception {
        DevClusterOptions options = new DevClusterOptions(
                "DevClusterIT-library",
                1,
                Map.of("num.partitions", "3"),
                Optional.empty(),
                KafkaClusterBuilder.DEFAULT_JVM_OPTIONS);
        try (KafkaCluster cluster = DevCluster.start(options)) {
            assertThat(cluster.bootstrapServers()).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
        }
    }

    private List<String> launch(String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        dev = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DevCluster.class.getName(),
                        "--nodes",
                        "1",
                        "--name",
                        name)
                .redirectErrorStream(true)
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(dev, lines), "dev-cluster-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void readLines(Process process, List<String> into) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                into.add(line);
            }
        } catch (IOException e) {
            into.add("(output closed: " + e + ")");
        }
    }

    private String awaitLine(List<String> output, String prefix) {
        await().atMost(READY)
                .failFast("dev cluster exited; output: " + output, () -> !dev.isAlive())
                .until(() -> output.stream().anyMatch(l -> l.startsWith(prefix)));
        return output.stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow()
                .substring(prefix.length());
    }
}
