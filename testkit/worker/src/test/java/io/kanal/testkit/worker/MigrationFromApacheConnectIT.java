package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's migration: an Apache Kafka Connect cluster runs a file source (and a file sink) over the first half of a
 * file and is stopped; the second half is appended; Kanal workers start on the same group and the same three topics,
 * find both connectors in the config topic, and continue from what Apache stored: the source from its offset in the
 * offset topic, the sink from its consumer group's committed offsets. Every line ends up in the topic and in the
 * sink's file exactly once, in order.
 */
@WithKafkaCluster
class MigrationFromApacheConnectIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int HALF = 500;
    private static final String TOPIC = "migration-lines";

    @TempDir
    Path dir;

    @Test
    void kanalWorkersContinueWhereApacheConnectStopped(KafkaCluster kafka) throws Exception {
        Pipelines.createTopic(kafka, TOPIC, 1);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        Interop.append(in, 0, HALF);
        DistributedSettings cluster = DistributedSettings.of(kafka.bootstrapServers(), "migration");

        try (ApacheConnectWorker a1 = ApacheConnectWorker.create(cluster, dir.resolve("apache-1"));
                ApacheConnectWorker a2 = ApacheConnectWorker.create(cluster, dir.resolve("apache-2"))) {
            a1.start();
            a2.start();
            a1.rest().createConnector("src", Interop.fileSource(in, TOPIC), TIMEOUT);
            a2.rest().createConnector("sink", Interop.fileSink(TOPIC, out), TIMEOUT);
            a1.rest().awaitRunning("src", 1, TIMEOUT);
            a1.rest().awaitRunning("sink", 1, TIMEOUT);
            await("the first half in " + out).atMost(TIMEOUT).until(() -> Pipelines.lineCount(out) >= HALF);
            a2.stop();
            a1.stop();
        }
        // What Apache leaves behind: the first half, once, and its source position and sink offsets stored.
        assertThat(Pipelines.lines(out)).isEqualTo(Pipelines.input(HALF));
        assertThat(ApacheConnectWorkerIT.position(kafka, cluster, "src")).isEqualTo(Interop.position(HALF));
        assertThat(Pipelines.committedOffsets(kafka, "connect-sink", TOPIC)).isEqualTo(HALF);

        Interop.append(in, HALF, 2 * HALF);
        Path plugin = Pipelines.plugin("file");
        try (KanalDistributedWorker k1 = KanalDistributedWorker.create(cluster, dir.resolve("kanal-1"), plugin);
                KanalDistributedWorker k2 = KanalDistributedWorker.create(cluster, dir.resolve("kanal-2"), plugin)) {
            k1.start();
            k2.start();
            for (ConnectWorker k : List.of(k1, k2)) {
                assertThat(k.rest().connectors())
                        .as("connectors %s found in the config topic", k)
                        .containsExactlyInAnyOrder("src", "sink");
                k.rest().awaitRunning("src", 1, TIMEOUT);
                k.rest().awaitRunning("sink", 1, TIMEOUT);
            }
            await("every line in " + out).atMost(TIMEOUT).until(() -> Pipelines.lineCount(out) >= 2 * HALF);
            await("the source's position at the end of the file")
                    .atMost(TIMEOUT)
                    .until(() -> ApacheConnectWorkerIT.position(kafka, cluster, "src") == Interop.position(2 * HALF));
            k2.stop();
            k1.stop();
        }
        // After a clean stop nothing is in flight: a line read again or written twice would show now.
        List<String> all = Pipelines.input(2 * HALF);
        assertThat(Interop.readTopic(kafka, TOPIC)).as("the topic").isEqualTo(all);
        assertThat(Pipelines.lines(out)).as("the sink's file").isEqualTo(all);
        assertThat(Pipelines.committedOffsets(kafka, "connect-sink", TOPIC)).isEqualTo(2 * HALF);
    }
}
