package io.kanal.rest;

import static io.kanal.rest.RestCalls.assertError;
import static io.kanal.rest.RestCalls.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.rest.RestCalls.Reply;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connect's health (KIP-1017), offsets (KIP-875) and active topics (KIP-558) endpoints on a real standalone worker
 * (file plugin, real broker): status codes, JSON shapes and messages, and an offset round trip: a file source stopped,
 * its position patched back, and resumed from there.
 */
@WithKafkaCluster
class RestOffsetsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static RestWorker fixture;
    private static RestCalls http;

    @BeforeAll
    static void start(KafkaCluster cluster) {
        // Sink consumer offsets are committed (and source offsets written) often, so the test sees them.
        fixture = RestWorker.start(RestWorker.config(cluster, dir, Map.of("offset.flush.interval.ms", "200")));
        http = fixture.calls();
    }

    @AfterAll
    static void stop() {
        RestWorker.stop(fixture);
    }

    private static void create(String name, String config) throws Exception {
        Reply created = http.send("POST", "/connectors", "{\"name\":\"" + name + "\",\"config\":" + config + "}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    }

    private static String source(Path file, String topic) {
        // Kanal's producer does not ask the broker to create topics: the source creates its own (KIP-158).
        return "{\"connector.class\":\"FileStreamSource\",\"file\":\"" + file + "\",\"topic\":\"" + topic
                + "\",\"tasks.max\":\"1\",\"topic.creation.default.replication.factor\":\"1\","
                + "\"topic.creation.default.partitions\":\"1\"}";
    }

    private static String sink(Path file, String topic) {
        return "{\"connector.class\":\"FileStreamSink\",\"file\":\"" + file + "\",\"topics\":\"" + topic
                + "\",\"tasks.max\":\"1\"}";
    }

    private static String state(String name) throws Exception {
        return http.send("GET", "/connectors/" + name + "/status", null)
                .body()
                .get("connector")
                .get("state")
                .asText();
    }

    /** Stops a connector and waits until its tasks are gone, as a client must before changing offsets. */
    private static void stopAndWait(String name) throws Exception {
        assertThat(http.send("PUT", "/connectors/" + name + "/stop", null).status())
                .isEqualTo(204);
        await().atMost(WAIT).untilAsserted(() -> {
            Reply status = http.send("GET", "/connectors/" + name + "/status", null);
            assertThat(status.body().get("connector").get("state").asText()).isEqualTo("STOPPED");
            assertThat(status.body().get("tasks")).isEmpty();
        });
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void healthIsHealthyWithConnectsBody() throws Exception {
        Reply health = http.send("GET", "/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(fields(health.body())).containsExactly("status", "message");
        assertThat(health.body().get("status").asText()).isEqualTo("healthy");
        assertThat(health.body().get("message").asText())
                .isEqualTo("Worker has completed startup and is ready to handle requests.");
        assertError(http.send("POST", "/health", "{}"), 405);
    }

    @Test
    void aPatchedSourceOffsetIsWhereTheResumedSourceContinues() throws Exception {
        Path in = Files.writeString(dir.resolve("round-in.txt"), "alpha\nbeta\ngamma\n");
        Path out = dir.resolve("round-out.txt");
        create("round-src", source(in, "rest-round"));
        create("round-sink", sink(out, "rest-round"));
        await().atMost(WAIT).until(() -> lines(out).size() == 3);

        // GET on a running source: Connect's shape, the file's partition and the position after the last line.
        long length = Files.size(in);
        Reply offsets = await().atMost(WAIT)
                .until(
                        () -> http.send("GET", "/connectors/round-src/offsets", null),
                        r -> r.body().get("offsets").size() == 1
                                && r.body()
                                                .get("offsets")
                                                .get(0)
                                                .get("offset")
                                                .get("position")
                                                .asLong()
                                        == length);
        assertThat(offsets.status()).isEqualTo(200);
        assertThat(fields(offsets.body())).containsExactly("offsets");
        JsonNode entry = offsets.body().get("offsets").get(0);
        assertThat(fields(entry)).containsExactly("partition", "offset");
        JsonNode partition = entry.get("partition");

        // A patch while the connector runs is refused with Connect's message, and changes nothing.
        String patch = "{\"offsets\":[{\"partition\":" + partition + ",\"offset\":{\"position\":6}}]}";
        Reply running = http.send("PATCH", "/connectors/round-src/offsets", patch);
        assertError(running, 400);
        assertThat(running.body().get("message").asText())
                .isEqualTo("Connectors must be in the STOPPED state before their offsets can be modified. This can be"
                        + " done for the specified connector by issuing a 'PUT' request to the"
                        + " '/connectors/round-src/stop' endpoint");
        assertThat(http.send("GET", "/connectors/round-src/offsets", null).body())
                .isEqualTo(offsets.body());

        // Stopped: the patch moves the position back to the start of "beta" (byte 6).
        stopAndWait("round-src");
        // The view shows STOPPED before the herder has seen the last instance go; a client retries, as here.
        Reply altered = await().atMost(WAIT)
                .until(() -> http.send("PATCH", "/connectors/round-src/offsets", patch), r -> r.status() == 200);
        assertThat(fields(altered.body())).containsExactly("message");
        assertThat(altered.body().get("message").asText())
                .isEqualTo("The offsets for this connector have been altered successfully");
        JsonNode after = http.send("GET", "/connectors/round-src/offsets", null).body();
        assertThat(after.get("offsets")).hasSize(1);
        assertThat(after.get("offsets").get(0).get("partition")).isEqualTo(partition);
        assertThat(after.get("offsets").get(0).get("offset").get("position").asLong())
                .isEqualTo(6);

        // Resumed, the source reads "beta" and "gamma" again, and nothing before them.
        assertThat(http.send("PUT", "/connectors/round-src/resume", null).status())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> lines(out).size() == 5);
        assertThat(lines(out)).containsExactly("alpha", "beta", "gamma", "beta", "gamma");

        // The sink's offsets come from its consumer group, in Connect's sink shape.
        Reply sinkOffsets = await().atMost(WAIT)
                .until(
                        () -> http.send("GET", "/connectors/round-sink/offsets", null),
                        r -> r.body().get("offsets").size() == 1
                                && r.body()
                                                .get("offsets")
                                                .get(0)
                                                .get("offset")
                                                .get("kafka_offset")
                                                .asLong()
                                        == 5);
        assertThat(sinkOffsets.status()).isEqualTo(200);
        JsonNode sinkEntry = sinkOffsets.body().get("offsets").get(0);
        assertThat(fields(sinkEntry.get("partition"))).containsExactly("kafka_topic", "kafka_partition");
        assertThat(sinkEntry.get("partition").get("kafka_topic").asText()).isEqualTo("rest-round");
        assertThat(sinkEntry.get("partition").get("kafka_partition").asInt()).isZero();
        assertThat(fields(sinkEntry.get("offset"))).containsExactly("kafka_offset");

        assertThat(http.send("DELETE", "/connectors/round-src", null).status()).isEqualTo(204);
        assertThat(http.send("DELETE", "/connectors/round-sink", null).status()).isEqualTo(204);
    }

    @Test
    void aPatchedSinkOffsetIsWhereTheResumedSinkContinuesAndAResetStartsOver() throws Exception {
        Path in = Files.writeString(dir.resolve("sink-in.txt"), "alpha\nbeta\ngamma\n");
        Path out = dir.resolve("sink-out.txt");
        create("sr-src", source(in, "rest-sink-round"));
        create("sr-sink", sink(out, "rest-sink-round"));
        await().atMost(WAIT).until(() -> lines(out).size() == 3);
        String partition = "{\"kafka_topic\":\"rest-sink-round\",\"kafka_partition\":0}";
        await().atMost(WAIT)
                .until(
                        () -> http.send("GET", "/connectors/sr-sink/offsets", null)
                                .body()
                                .toString(),
                        body -> body.equals(
                                "{\"offsets\":[{\"partition\":" + partition + ",\"offset\":{\"kafka_offset\":3}}]}"));

        String patch = "{\"offsets\":[{\"partition\":" + partition + ",\"offset\":{\"kafka_offset\":1}}]}";
        assertError(http.send("PATCH", "/connectors/sr-sink/offsets", patch), 400);

        stopAndWait("sr-sink");
        Reply missingKey = http.send(
                "PATCH",
                "/connectors/sr-sink/offsets",
                "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"t\"},\"offset\":{\"kafka_offset\":1}}]}");
        assertError(missingKey, 400);
        assertThat(missingKey.body().get("message").asText())
                .isEqualTo("The partition for a sink connector offset must contain the keys 'kafka_topic' and"
                        + " 'kafka_partition'");
        Reply notANumber = http.send(
                "PATCH",
                "/connectors/sr-sink/offsets",
                "{\"offsets\":[{\"partition\":" + partition + ",\"offset\":{\"kafka_offset\":\"abc\"}}]}");
        assertError(notANumber, 400);
        assertThat(notANumber.body().get("message").asText())
                .isEqualTo("Failed to parse the following Kafka offset value in the provided offsets: 'abc'. Offset"
                        + " values for sink connectors need to be integers.");
        Reply noOffsetKey = http.send(
                "PATCH",
                "/connectors/sr-sink/offsets",
                "{\"offsets\":[{\"partition\":" + partition + ",\"offset\":{\"position\":1}}]}");
        assertError(noOffsetKey, 400);
        assertThat(noOffsetKey.body().get("message").asText())
                .isEqualTo("The offset for a sink connector should either be null or contain the key 'kafka_offset'");

        // The group's last member may still be leaving: a client retries, as Connect's message says.
        Reply altered = await().atMost(WAIT)
                .until(() -> http.send("PATCH", "/connectors/sr-sink/offsets", patch), r -> r.status() == 200);
        assertThat(altered.body().get("message").asText())
                .isEqualTo("The offsets for this connector have been altered successfully");
        assertThat(http.send("GET", "/connectors/sr-sink/offsets", null).body().toString())
                .isEqualTo("{\"offsets\":[{\"partition\":" + partition + ",\"offset\":{\"kafka_offset\":1}}]}");
        assertThat(http.send("PUT", "/connectors/sr-sink/resume", null).status())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> lines(out).size() == 5);
        assertThat(lines(out)).containsExactly("alpha", "beta", "gamma", "beta", "gamma");

        // DELETE removes the group's offsets: resumed, the sink starts over from the earliest record.
        stopAndWait("sr-sink");
        Reply reset = await().atMost(WAIT)
                .until(() -> http.send("DELETE", "/connectors/sr-sink/offsets", null), r -> r.status() == 200);
        assertThat(reset.body().get("message").asText())
                .isEqualTo("The offsets for this connector have been reset successfully");
        assertThat(http.send("GET", "/connectors/sr-sink/offsets", null).body().toString())
                .isEqualTo("{\"offsets\":[]}");
        assertThat(http.send("PUT", "/connectors/sr-sink/resume", null).status())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> lines(out).size() == 8);
        assertThat(lines(out).subList(5, 8)).containsExactly("alpha", "beta", "gamma");

        assertThat(http.send("DELETE", "/connectors/sr-src", null).status()).isEqualTo(204);
        assertThat(http.send("DELETE", "/connectors/sr-sink", null).status()).isEqualTo(204);
    }

    @Test
    void aNullOffsetRemovesThePartitionAndDeleteResetsEverything() throws Exception {
        Path in = Files.writeString(dir.resolve("null-in.txt"), "one\ntwo\n");
        create("null-src", source(in, "rest-null"));
        await().atMost(WAIT)
                .until(() -> http.send("GET", "/connectors/null-src/offsets", null)
                                .body()
                                .get("offsets")
                                .size()
                        == 1);
        stopAndWait("null-src");
        String twoPartitions = "{\"offsets\":[{\"partition\":{\"filename\":\"elsewhere\"},\"offset\":{\"position\":1}},"
                + "{\"partition\":{\"filename\":\"" + in + "\"},\"offset\":null}]}";
        assertThat(await().atMost(WAIT)
                        .until(
                                () -> http.send("PATCH", "/connectors/null-src/offsets", twoPartitions),
                                r -> r.status() == 200)
                        .status())
                .isEqualTo(200);
        JsonNode offsets =
                http.send("GET", "/connectors/null-src/offsets", null).body().get("offsets");
        assertThat(offsets).hasSize(1);
        assertThat(offsets.get(0).get("partition").get("filename").asText()).isEqualTo("elsewhere");

        Reply reset = http.send("DELETE", "/connectors/null-src/offsets", null);
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.body().get("message").asText())
                .isEqualTo("The offsets for this connector have been reset successfully");
        assertThat(http.send("GET", "/connectors/null-src/offsets", null).body().toString())
                .isEqualTo("{\"offsets\":[]}");
        assertThat(http.send("DELETE", "/connectors/null-src", null).status()).isEqualTo(204);
    }

    @Test
    void badOffsetRequestsGetConnectsJsonErrorAndChangeNothing() throws Exception {
        assertError(http.send("GET", "/connectors/nope/offsets", null), 404);
        assertThat(http.send("GET", "/connectors/nope/offsets", null)
                        .body()
                        .get("message")
                        .asText())
                .isEqualTo("Connector nope not found");
        assertError(
                http.send("PATCH", "/connectors/nope/offsets", "{\"offsets\":[{\"partition\":{},\"offset\":{}}]}"),
                404);
        assertError(http.send("DELETE", "/connectors/nope/offsets", null), 404);

        Path in = Files.writeString(dir.resolve("bad-in.txt"), "x\n");
        create("bad-src", source(in, "rest-bad"));
        Reply before = await().atMost(WAIT)
                .until(
                        () -> http.send("GET", "/connectors/bad-src/offsets", null),
                        r -> r.body().get("offsets").size() == 1);
        stopAndWait("bad-src");
        Reply empty = http.send("PATCH", "/connectors/bad-src/offsets", "{\"offsets\":[]}");
        assertError(empty, 400);
        assertThat(empty.body().get("message").asText())
                .isEqualTo("Partitions / offsets need to be provided for an alter offsets request");
        assertError(http.send("PATCH", "/connectors/bad-src/offsets", "{}"), 400);
        assertError(http.send("PATCH", "/connectors/bad-src/offsets", "{\"offsets\":"), 400);
        assertError(http.send("PATCH", "/connectors/bad-src/offsets", "{\"offsets\":\"all\"}"), 400);
        assertError(http.send("PATCH", "/connectors/bad-src/offsets", "{\"offsets\":[],\"surprise\":1}"), 400);
        assertError(
                http.send("PATCH", "/connectors/bad-src/offsets", "{\"offsets\":[{\"offset\":{\"position\":0}}]}"),
                400);
        assertError(http.send("PATCH", "/connectors/bad-src/offsets", ""), 400);
        // Connect's OffsetUtils.validateFormat: only primitive values in a source partition or offset.
        String partition = before.body().get("offsets").get(0).get("partition").toString();
        Reply nestedOffset = http.send(
                "PATCH",
                "/connectors/bad-src/offsets",
                "{\"offsets\":[{\"partition\":" + partition + ",\"offset\":{\"position\":{\"at\":0}}}]}");
        assertError(nestedOffset, 400);
        assertThat(nestedOffset.body().get("message").asText())
                .isEqualTo("Offsets may only contain primitive types as values, but field position contains"
                        + " java.util.LinkedHashMap");
        Reply nestedPartition = http.send(
                "PATCH",
                "/connectors/bad-src/offsets",
                "{\"offsets\":[{\"partition\":{\"filename\":[\"a\"]},\"offset\":{\"position\":0}}]}");
        assertError(nestedPartition, 400);
        assertThat(nestedPartition.body().get("message").asText())
                .isEqualTo("Offsets may only contain primitive types as values, but field filename contains"
                        + " java.util.ArrayList");
        assertThat(http.send("GET", "/connectors/bad-src/offsets", null).body()).isEqualTo(before.body());
        assertThat(http.send("DELETE", "/connectors/bad-src", null).status()).isEqualTo(204);
    }

    @Test
    void activeTopicsAreRecordedAndReset() throws Exception {
        Path in = Files.writeString(dir.resolve("topics-in.txt"), "t\n");
        Path out = dir.resolve("topics-out.txt");
        create("topics-src", source(in, "rest-topics"));
        create("topics-sink", sink(out, "rest-topics"));
        await().atMost(WAIT).until(() -> lines(out).size() == 1);

        Reply topics = http.send("GET", "/connectors/topics-src/topics", null);
        assertThat(topics.status()).isEqualTo(200);
        assertThat(topics.body().toString()).isEqualTo("{\"topics-src\":{\"topics\":[\"rest-topics\"]}}");
        assertThat(http.send("GET", "/connectors/topics-sink/topics", null)
                        .body()
                        .toString())
                .isEqualTo("{\"topics-sink\":{\"topics\":[\"rest-topics\"]}}");
        // As Connect: a connector that does not exist has used no topic.
        Reply unknown = http.send("GET", "/connectors/nope/topics", null);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body().toString()).isEqualTo("{\"nope\":{\"topics\":[]}}");

        Reply reset = http.send("PUT", "/connectors/topics-src/topics/reset", null);
        assertThat(reset.status()).isEqualTo(202);
        assertThat(reset.raw().body()).isEmpty();
        assertThat(http.send("GET", "/connectors/topics-src/topics", null)
                        .body()
                        .toString())
                .isEqualTo("{\"topics-src\":{\"topics\":[]}}");
        assertThat(http.send("GET", "/connectors/topics-sink/topics", null)
                        .body()
                        .toString())
                .contains("rest-topics");
        assertError(http.send("POST", "/connectors/topics-src/topics/reset", null), 405);

        // A deleted connector's topics go with it.
        assertThat(http.send("DELETE", "/connectors/topics-sink", null).status())
                .isEqualTo(204);
        assertThat(http.send("GET", "/connectors/topics-sink/topics", null)
                        .body()
                        .toString())
                .isEqualTo("{\"topics-sink\":{\"topics\":[]}}");
        assertThat(http.send("DELETE", "/connectors/topics-src", null).status()).isEqualTo(204);
    }
}
