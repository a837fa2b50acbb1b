package io.kanal.testkit.worker;

import static io.kanal.testkit.worker.Pipelines.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.runtime.herder.StatusState;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.ListenerSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose own clients and whose connectors' clients all talk SASL_SSL (SCRAM-SHA-512 over TLS, certificates
 * from the testkit's run-time authority) to a broker that accepts nothing else on its client listener: file → Kafka →
 * file keeps every line, and the SASL password appears in no status.
 */
class SecuredClusterPipelineIT {
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.builder()
                .name("SecuredClusterPipelineIT")
                .clientListener(ListenerSecurity.SASL_SSL)
                .build()
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The cluster's client settings for the worker and, as in Kafka Connect, again for its connectors' clients. */
    private static Map<String, String> securitySettings() {
        Map<String, String> own = new HashMap<>(cluster.clientProperties());
        own.remove("bootstrap.servers");
        own.put("sasl.mechanism", "SCRAM-SHA-512");
        own.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + KafkaCluster.SASL_USERNAME + "\" password=\"" + KafkaCluster.SASL_PASSWORD + "\";");
        Map<String, String> all = new HashMap<>(own);
        for (String prefix : List.of("producer.", "consumer.", "admin.")) {
            own.forEach((k, v) -> all.put(prefix + k, v));
        }
        return all;
    }

    @Test
    void fileToKafkaToFileOverSaslSsl() throws Exception {
        int count = 20_000;
        String topic = "secured-file";
        Pipelines.createTopic(cluster, topic, 2);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        List<String> input = Pipelines.writeInput(in, count);
        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(Pipelines.plugin("file"))
                .workerConfig(securitySettings())
                .workerConfig("offset.flush.interval.ms", "1000")
                .workDir(dir.resolve("worker"))
                .build()) {
            worker.putConnector(
                    "src", Map.of("connector.class", "FileStreamSource", "file", in.toString(), "topic", topic));
            worker.putConnector(
                    "snk", Map.of("connector.class", "FileStreamSink", "file", out.toString(), "topics", topic));
            worker.start();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Pipelines.lineCount(out) >= count);
            for (String connector : List.of("src", "snk")) {
                var status = worker.view()
                        .connector(connector)
                        .orElseThrow()
                        .tasks()
                        .get(0)
                        .status();
                assertThat(status.state()).isEqualTo(StatusState.RUNNING);
                assertThat(String.valueOf(status)).doesNotContain(KafkaCluster.SASL_PASSWORD);
            }
        }
        assertThat(Pipelines.multiset(lines(out))).isEqualTo(Pipelines.multiset(input));
        assertThat(Pipelines.endOffsets(cluster, topic, 2)).isEqualTo(count);
    }
}
