package io.kanal.plugins.jdbc.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.runtime.herder.StatusState;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import io.kanal.testkit.postgres.PostgresServer;
import io.kanal.testkit.worker.EmbeddedWorkerCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC source in a real worker on a real broker, configured under the established connector's class name: rows
 * reach Kafka as JSON with their schemas, and across a worker restart no row is lost or repeated. A file sink writes
 * the topic out, so the test reads what Kafka holds without a client of its own.
 */
@WithKafkaCluster
class JdbcSourceWorkerIT {

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private static PostgresServer postgres;
    private static SourceTaskHarness db;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
        db = new SourceTaskHarness(postgres);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void rowsReachKafkaAndAWorkerRestartNeitherLosesNorRepeatsAny(KafkaCluster cluster) throws Exception {
        db.sql(
                "CREATE SCHEMA e2e",
                "CREATE TABLE e2e.rows (id serial PRIMARY KEY, name text NOT NULL, price numeric(8,2),"
                        + " at timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO e2e.rows (name, price) SELECT 'row ' || g, g / 100.0 FROM generate_series(1, 500) g");
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(NewTopic.of("e2e-rows", 1, 1)), false)
                    .get()
                    .orThrow();
        }
        Path out = dir.resolve("rows.jsonl");
        try (EmbeddedWorkerCluster worker = EmbeddedWorkerCluster.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .pluginPath(plugin("jdbc"), plugin("file"))
                .workerConfig("offset.flush.interval.ms", "500")
                .workDir(dir.resolve("worker"))
                .build()) {
            Map<String, String> source = db.config("e2e", "incrementing");
            source.put("connector.class", "io.confluent.connect.jdbc.JdbcSourceConnector");
            source.put("topic.prefix", "e2e-");
            source.put("batch.max.rows", "100");
            source.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            source.put("value.converter.schemas.enable", "true");
            worker.putConnector("jdbc", source);
            worker.putConnector(
                    "out", Map.of("connector.class", "FileStreamSink", "file", out.toString(), "topics", "e2e-rows"));
            worker.start();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> lines(out).size() >= 500);
            assertThat(worker.view()
                            .connector("jdbc")
                            .orElseThrow()
                            .tasks()
                            .get(0)
                            .status()
                            .state())
                    .isEqualTo(StatusState.RUNNING);

            worker.stop();
            db.sql("INSERT INTO e2e.rows (name, price) SELECT 'row ' || g, NULL FROM generate_series(501, 800) g");
            worker.start();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> lines(out).size() >= 800);
        }
        List<String> lines = lines(out);
        assertThat(lines.stream().map(JdbcSourceWorkerIT::id).toList())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 800).boxed().toList());
        assertThat(lines.get(0))
                .contains("\"name\":\"rows\"")
                .contains("org.apache.kafka.connect.data.Decimal")
                .contains("org.apache.kafka.connect.data.Timestamp");
    }

    private static int id(String line) {
        Matcher matcher = ID.matcher(line);
        assertThat(matcher.find()).as("an id in %s", line).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static Path plugin(String name) {
        String path = System.getProperty("kanal.test.plugin." + name);
        assertThat(path)
                .as("system property kanal.test.plugin.%s (set by failsafe)", name)
                .isNotNull();
        assertThat(Path.of(path).resolve("kanal-" + name))
                .as("plugins/%s built", name)
                .isDirectory();
        return Path.of(path);
    }
}
