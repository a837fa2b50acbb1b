package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.isolation.connect.ConnectLayer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Apache Kafka Connect worker and one Kanal worker in one group, the Kanal worker running Apache's own {@code
 * connect-file} jar from its {@code plugin.path} through the Connect bridge (not Kanal's file plugin): the Apache
 * worker leads and spreads two sources and a sink over both, each worker runs what it is given from the same stored
 * task configs (Connect's {@code task.class}), and every line reaches the sink's file exactly once.
 */
@WithKafkaCluster
class ConnectBridgeMixedClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int LINES = 300;

    @TempDir
    Path dir;

    @Test
    void apacheAndABridgedKanalWorkerShareOneGroup(KafkaCluster kafka) throws Exception {
        String topic = "bridge-mixed-lines";
        Pipelines.createTopic(kafka, topic, 1);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(ConnectBridgeFileIT.connectFileJar(), plugins.resolve("connect-file-4.3.1.jar"));
        Path inA = dir.resolve("in-a.txt");
        Path inB = dir.resolve("in-b.txt");
        Path out = dir.resolve("out.txt");
        Interop.append(inA, 0, LINES);
        Interop.append(inB, LINES, 2 * LINES);
        DistributedSettings cluster = DistributedSettings.of(kafka.bootstrapServers(), "bridge-mixed");
        DistributedSettings kanalSettings =
                cluster.with(ConnectLayer.CONFIG, ConnectBridgeFileIT.layer().toString());
        try (ApacheConnectWorker apache = ApacheConnectWorker.create(cluster, dir.resolve("apache"));
                KanalDistributedWorker kanal =
                        KanalDistributedWorker.create(kanalSettings, dir.resolve("kanal"), plugins)) {
            apache.start();
            kanal.start();
            apache.rest().createConnector("src-a", Interop.fileSource(inA, topic), TIMEOUT);
            kanal.rest().createConnector("src-b", Interop.fileSource(inB, topic), TIMEOUT);
            kanal.rest().createConnector("sink", Interop.fileSink(topic, out), TIMEOUT);
            List<String> connectors = List.of("src-a", "src-b", "sink");
            await("every connector and task RUNNING once, the tasks on both workers")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .untilAsserted(() -> {
                        Map<String, Integer> tasksPerWorker = new HashMap<>();
                        for (String c : connectors) {
                            // a connector created through the Kanal worker may not be in Apache's view yet (404):
                            // an AssertionError, so that the await polls again rather than failing at once
                            ConnectorStatus s = apache.rest()
                                    .status(c)
                                    .orElseThrow(() -> new AssertionError(c + " not known to the Apache worker yet"));
                            assertThat(s.isRunning(1)).as("%s", s).isTrue();
                            s.tasks().forEach(t -> tasksPerWorker.merge(t.workerId(), 1, Integer::sum));
                        }
                        assertThat(tasksPerWorker).containsOnlyKeys(apache.workerId(), kanal.workerId());
                    });
            await("every line in " + out).atMost(TIMEOUT).until(() -> Pipelines.lineCount(out) >= 2 * LINES);
            kanal.stop();
            apache.stop();
        }
        assertThat(Pipelines.multiset(Pipelines.lines(out)))
                .as("each line once in the sink's file")
                .isEqualTo(Pipelines.multiset(Pipelines.input(2 * LINES)));
    }
}
