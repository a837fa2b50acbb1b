package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness on its own: two real Apache Kafka Connect distributed workers ({@link ApacheConnectWorker}) form one
 * cluster on the testkit's broker, take connectors through either REST API, run them, store their source offsets in
 * the offset topic in Connect's format, and stop (SIGTERM) and die (SIGKILL) on command.
 */
@WithKafkaCluster
class ApacheConnectWorkerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int LINES = 200;

    @TempDir
    Path dir;

    @Test
    void twoApacheWorkersRunFileConnectorsTogether(KafkaCluster kafka) throws Exception {
        String topic = "harness-lines";
        Pipelines.createTopic(kafka, topic, 1);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        Interop.append(in, 0, LINES);
        DistributedSettings cluster = DistributedSettings.of(kafka.bootstrapServers(), "apache-harness");
        try (ApacheConnectWorker a = ApacheConnectWorker.create(cluster, dir.resolve("apache-a"));
                ApacheConnectWorker b = ApacheConnectWorker.create(cluster, dir.resolve("apache-b"))) {
            a.start();
            b.start();
            a.rest().createConnector("src", Interop.fileSource(in, topic), TIMEOUT);
            b.rest().createConnector("sink", Interop.fileSink(topic, out), TIMEOUT);

            Set<String> workers = new HashSet<>();
            for (ConnectWorker w : List.of(a, b)) {
                for (String connector : List.of("src", "sink")) {
                    ConnectorStatus s = w.rest().awaitRunning(connector, 1, TIMEOUT);
                    workers.add(s.connector().workerId());
                    s.tasks().forEach(t -> workers.add(t.workerId()));
                }
                assertThat(w.rest().connectors()).containsExactlyInAnyOrder("src", "sink");
            }
            assertThat(workers).isSubsetOf(a.workerId(), b.workerId());

            await("every line in " + out).atMost(TIMEOUT).until(() -> Pipelines.lineCount(out) >= LINES);
            assertThat(Pipelines.lines(out)).isEqualTo(Pipelines.input(LINES));
            assertThat(Interop.readTopic(kafka, topic)).isEqualTo(Pipelines.input(LINES));
            // Connect's offset record: key ["src",{"filename":<file>}], value {"position":<bytes read>}.
            await("the source's offset committed")
                    .atMost(TIMEOUT)
                    .until(() -> position(kafka, cluster, "src") == Interop.position(LINES));

            b.kill();
            assertThat(b.isAlive()).isFalse();
            a.stop();
            assertThat(a.isAlive()).isFalse();
            assertThat(a.logFile()).content().contains("Kafka Connect started");
            // The first member to join leads; MixedClusterIT reads the leader from this line of Apache's log.
            assertThat(b.logFile()).content().contains("leaderUrl='" + a.restUri() + "'");
        }
    }

    /** The stored position of a file source connector's only partition, or -1. */
    static long position(KafkaCluster kafka, DistributedSettings cluster, String connector) throws Exception {
        Map<String, JsonNode> offsets = Interop.sourceOffsets(kafka, cluster.offsetTopic(), 5);
        for (Map.Entry<String, JsonNode> e : offsets.entrySet()) {
            JsonNode key = new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.getKey());
            if (key.path(0).asText().equals(connector)) {
                return e.getValue().path("position").asLong(-1);
            }
        }
        return -1;
    }
}
