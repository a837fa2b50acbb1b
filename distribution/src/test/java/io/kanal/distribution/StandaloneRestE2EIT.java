package io.kanal.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the tarball: {@code bin/kanal-standalone} from the unpacked distribution, a separate OS process
 * on a real broker, driven only over HTTP as an operator would: connectors created, paused, resumed, restarted,
 * stopped, their offsets reset and deleted through Connect's REST API; SIGTERM stops the process with source offsets
 * and sink commits flushed (the flush interval is far longer than the test, so only the clean stop can have written
 * them), and a new process brings the connectors back from the config file.
 */
@WithKafkaCluster
class StandaloneRestE2EIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Pattern REST_LINE = Pattern.compile("Kanal REST API at (http://\\S+)");
    private static final int BATCH = 1_000;
    private static final String SOURCE = "e2e-source";
    private static final String SINK = "e2e-sink";

    @TempDir
    Path dir;

    private Process worker;
    private Path log;
    private URI rest;
    private int runs;

    record Reply(int status, JsonNode body) {}

    @AfterEach
    void killLeftover() {
        if (worker != null) {
            worker.destroyForcibly();
        }
    }

    @Test
    void createPauseResumeRestartSigtermRestartResetDelete(KafkaCluster cluster) throws Exception {
        Path home = Installation.unpack(dir).home();
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        Path offsets = dir.resolve("data/offsets");
        Path configs = dir.resolve("data/connectors.json");
        // No connector files on the command line: every connector comes and goes through the REST API.
        Path workerConfig = Files.writeString(
                dir.resolve("worker.properties"),
                String.join(
                        "\n",
                        "bootstrap.servers=" + cluster.bootstrapServers(),
                        "listeners=http://127.0.0.1:0",
                        "key.converter=org.apache.kafka.connect.storage.StringConverter",
                        "value.converter=org.apache.kafka.connect.storage.StringConverter",
                        "offset.storage.file.filename=" + offsets,
                        // Ten minutes: within the test only a clean stop writes source offsets and sink commits.
                        "offset.flush.interval.ms=600000",
                        "kanal.config.storage.file.filename=" + configs,
                        "plugin.path=" + home.resolve("plugins"),
                        ""));
        Files.createFile(in);

        startWorker(home, workerConfig);
        Reply root = send("GET", "/", null);
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body().has("version")).isTrue();
        assertThat(root.body().has("commit")).isTrue();
        assertThat(root.body().has("kafka_cluster_id")).isTrue();

        Reply created = send(
                "POST",
                "/connectors",
                connector(
                        SOURCE,
                        Map.of(
                                "connector.class", "FileStreamSource",
                                "file", in.toString(),
                                "topic", "e2e-lines",
                                "topic.creation.default.partitions", "1",
                                "topic.creation.default.replication.factor", "1")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("name").asText()).isEqualTo(SOURCE);
        assertThat(created.body().get("type").asText()).isEqualTo("source");
        Reply sinkCreated = send(
                "POST",
                "/connectors",
                connector(
                        SINK,
                        Map.of(
                                "connector.class", "FileStreamSink",
                                "file", out.toString(),
                                "topics", "e2e-lines")));
        assertThat(sinkCreated.status()).as(sinkCreated.body().toString()).isEqualTo(201);
        awaitState(SOURCE, "RUNNING");
        awaitState(SINK, "RUNNING");

        List<String> written = new ArrayList<>();
        appendBatch(in, written);
        awaitLines(out, written.size());

        // Pause: both the connector and its task report PAUSED; lines written meanwhile come after the resume.
        assertThat(send("PUT", "/connectors/" + SOURCE + "/pause", null).status())
                .isEqualTo(202);
        awaitState(SOURCE, "PAUSED");
        appendBatch(in, written);
        assertThat(send("PUT", "/connectors/" + SOURCE + "/resume", null).status())
                .isEqualTo(202);
        awaitState(SOURCE, "RUNNING");
        awaitLines(out, written.size());

        // Restart: the plain one answers 204; with includeTasks, 202 and the status.
        assertThat(send("POST", "/connectors/" + SINK + "/restart", null).status())
                .isEqualTo(204);
        Reply restarted = send("POST", "/connectors/" + SOURCE + "/restart?includeTasks=true", null);
        assertThat(restarted.status()).isEqualTo(202);
        assertThat(restarted.body().get("name").asText()).isEqualTo(SOURCE);
        assertThat(restarted.body().get("tasks").isArray()).isTrue();
        awaitState(SOURCE, "RUNNING");
        awaitState(SINK, "RUNNING");
        appendBatch(in, written);
        awaitLines(out, written.size());
        assertThat(connectorNames()).containsExactlyInAnyOrder(SOURCE, SINK);

        // SIGTERM: a clean stop, which must write the source offsets and commit the sink's consumed offsets.
        sigterm();
        assertThat(offsets).isNotEmptyFile();
        assertThat(configs).isNotEmptyFile();

        // A new process with the same worker config: the connectors come back from the config file and go on where
        // the last one stopped, so that no line arrives twice.
        startWorker(home, workerConfig);
        // The launcher's AppCDS archive: written when the first process exited, checked and put in place by this one.
        assertThat(home.resolve("data/cds")).isDirectoryContaining("glob:**/kanal-*.jsa");
        assertThat(connectorNames()).containsExactlyInAnyOrder(SOURCE, SINK);
        awaitState(SOURCE, "RUNNING");
        awaitState(SINK, "RUNNING");
        appendBatch(in, written);
        awaitLines(out, written.size());
        assertThat(Files.readAllLines(out).stream().sorted().toList())
                .as("every line once: offsets were flushed on SIGTERM")
                .isEqualTo(written.stream().sorted().toList());

        // Offsets can be reset only once the connector is stopped; then the source reads its file from the start.
        Reply running = send("DELETE", "/connectors/" + SOURCE + "/offsets", null);
        assertThat(running.status()).isEqualTo(400);
        assertThat(running.body().get("error_code").asInt()).isEqualTo(400);
        assertThat(send("PUT", "/connectors/" + SOURCE + "/stop", null).status())
                .isEqualTo(204);
        awaitState(SOURCE, "STOPPED");
        Reply reset = send("DELETE", "/connectors/" + SOURCE + "/offsets", null);
        assertThat(reset.status()).as(reset.body().toString()).isEqualTo(200);
        assertThat(reset.body().get("message").asText()).isNotBlank();
        assertThat(send("PUT", "/connectors/" + SOURCE + "/resume", null).status())
                .isEqualTo(202);
        awaitState(SOURCE, "RUNNING");
        awaitLines(out, 2L * written.size());
        assertThat(Files.readAllLines(out).stream().sorted().toList())
                .as("every line twice: once before and once after the reset")
                .isEqualTo(written.stream()
                        .flatMap(l -> java.util.stream.Stream.of(l, l))
                        .sorted()
                        .toList());

        // Delete: gone from the API at once, and from the config file for the next process.
        assertThat(send("DELETE", "/connectors/" + SOURCE, null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/connectors/" + SINK, null).status()).isEqualTo(204);
        Reply gone = send("GET", "/connectors/" + SOURCE + "/status", null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().get("error_code").asInt()).isEqualTo(404);
        assertThat(connectorNames()).isEmpty();
        sigterm();
        startWorker(home, workerConfig);
        assertThat(connectorNames()).isEmpty();
        sigterm();
    }

    /** Starts {@code bin/kanal-standalone} from the install directory and waits until its REST API answers. */
    private void startWorker(Path home, Path workerConfig) throws IOException, InterruptedException {
        runs++;
        log = dir.resolve("worker-" + runs + ".log");
        worker = Installation.start(home, log, "bin/kanal-standalone", workerConfig.toString());
        Process started = worker;
        // Port 0: the worker prints the URL it bound.
        rest = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .failFast("the worker exited: " + log, () -> !started.isAlive())
                .until(this::restUri, uri -> uri != null);
        assertThat(send("GET", "/", null).status()).isEqualTo(200);
    }

    private URI restUri() throws IOException {
        Matcher m = REST_LINE.matcher(Files.readString(log));
        return m.find() ? URI.create(m.group(1)) : null;
    }

    /** SIGTERM, then the exit of a JVM whose shutdown hooks completed, with no error logged. */
    private void sigterm() throws Exception {
        worker.destroy();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS))
                .as("the worker stops within 30 s of SIGTERM")
                .isTrue();
        String output = Files.readString(log);
        // 143 is the JVM's exit status after SIGTERM once its shutdown hooks are done; anything else is a failure.
        assertThat(worker.exitValue()).as(output).isIn(0, 143);
        assertThat(output).doesNotContain("ERROR").doesNotContain("SLF4J");
    }

    private void awaitState(String name, String state) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    Reply status = send("GET", "/connectors/" + name + "/status", null);
                    assertThat(status.status()).isEqualTo(200);
                    assertThat(status.body().get("connector").get("state").asText())
                            .as(status.body().toString())
                            .isEqualTo(state);
                    JsonNode tasks = status.body().get("tasks");
                    if (state.equals("STOPPED")) {
                        // A stopped connector has no tasks, as in Connect.
                        assertThat(tasks).isEmpty();
                    } else {
                        assertThat(tasks).hasSize(1);
                        assertThat(tasks.get(0).get("state").asText())
                                .as(status.body().toString())
                                .isEqualTo(state);
                    }
                });
    }

    private void awaitLines(Path file, long lines) {
        Process running = worker;
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .failFast("the worker exited: " + log, () -> !running.isAlive())
                .until(() -> Installation.lineCount(file) >= lines);
    }

    private List<String> connectorNames() throws Exception {
        Reply list = send("GET", "/connectors", null);
        assertThat(list.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        list.body().forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Appends the next {@link #BATCH} numbered lines to the source file and to {@code written}. */
    private static void appendBatch(Path in, List<String> written) throws IOException {
        int from = written.size();
        List<String> batch = IntStream.range(from, from + BATCH)
                .mapToObj(i -> String.format("line %06d of the e2e test", i))
                .toList();
        Files.write(in, batch, StandardOpenOption.APPEND);
        written.addAll(batch);
    }

    private static String connector(String name, Map<String, String> config) throws IOException {
        return JSON.writeValueAsString(Map.of("name", name, "config", config));
    }

    private Reply send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(rest.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Reply(response.statusCode(), text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
    }
}
