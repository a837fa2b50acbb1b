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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connect's REST API on a real standalone worker (file plugin, real broker): status codes and JSON shapes per
 * endpoint, and Connect's JSON error body for bad requests.
 */
@WithKafkaCluster
class RestConformanceIT {

    @TempDir
    static Path dir;

    private static RestWorker fixture;
    private static RestCalls http;
    private static Path input;

    @BeforeAll
    static void start(KafkaCluster cluster) throws IOException {
        input = Files.writeString(dir.resolve("in.txt"), "a\nb\n");
        fixture = RestWorker.start(RestWorker.config(cluster, dir, Map.of()));
        http = fixture.calls();
    }

    @AfterAll
    static void stop() {
        RestWorker.stop(fixture);
    }

    private static String sourceConfig(String topic) {
        return "{\"connector.class\":\"FileStreamSource\",\"file\":\"" + input + "\",\"topic\":\"" + topic
                + "\",\"tasks.max\":\"1\"}";
    }

    @Test
    void rootShowsServerInfo() throws Exception {
        Reply reply = http.send("GET", "/", null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(fields(reply.body())).containsExactly("version", "commit", "kafka_cluster_id");
        assertThat(reply.body().get("version").asText()).isNotBlank();
    }

    @Test
    void connectorPluginsListConnectorsByDefaultAndEverythingOnRequest() throws Exception {
        Reply connectors = http.send("GET", "/connector-plugins", null);
        assertThat(connectors.status()).isEqualTo(200);
        assertThat(connectors.body()).isNotEmpty();
        for (JsonNode p : connectors.body()) {
            assertThat(fields(p)).containsExactly("class", "type", "version");
            assertThat(p.get("type").asText()).isIn("source", "sink");
        }
        assertThat(connectors.body().findValuesAsText("class")).anyMatch(c -> c.endsWith("FileStreamSourceConnector"));
        Reply all = http.send("GET", "/connector-plugins?connectorsOnly=false", null);
        assertThat(all.body().findValuesAsText("type")).contains("source", "sink", "converter", "transformation");
    }

    @Test
    void connectorLifecycleAnswersAsConnect() throws Exception {
        Reply created =
                http.send("POST", "/connectors", "{\"name\":\"life\",\"config\":" + sourceConfig("rest-life") + "}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/connectors/life"));
        assertThat(fields(created.body())).containsExactlyInAnyOrder("name", "config", "tasks", "type");
        assertThat(created.body().get("type").asText()).isEqualTo("source");
        assertThat(created.body().get("config").get("name").asText()).isEqualTo("life");

        assertError(http.send("POST", "/connectors", "{\"name\":\"life\",\"config\":" + sourceConfig("x") + "}"), 409);

        assertThat(http.send("GET", "/connectors", null).body().findValuesAsText("life"))
                .isEmpty(); // a plain list of names, not objects
        assertThat(http.send("GET", "/connectors", null).body().toString()).contains("\"life\"");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Reply status = http.send("GET", "/connectors/life/status", null);
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.body().toString()).doesNotContain("FAILED");
            assertThat(fields(status.body())).containsExactly("name", "connector", "tasks", "type");
            assertThat(fields(status.body().get("connector"))).containsExactly("state", "worker_id");
            assertThat(status.body().get("connector").get("state").asText()).isEqualTo("RUNNING");
            assertThat(status.body().get("tasks")).hasSize(1);
            assertThat(fields(status.body().get("tasks").get(0))).containsExactly("id", "state", "worker_id");
            assertThat(status.body().get("tasks").get(0).get("state").asText()).isEqualTo("RUNNING");
        });

        Reply expanded = http.send("GET", "/connectors?expand=status&expand=info&expand=bogus", null);
        assertThat(expanded.status()).isEqualTo(200);
        assertThat(fields(expanded.body().get("life"))).containsExactly("status", "info");
        assertThat(fields(
                        http.send("GET", "/connectors?expand=info", null).body().get("life")))
                .containsExactly("info");

        Reply info = http.send("GET", "/connectors/life", null);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body().get("tasks").get(0).toString()).isEqualTo("{\"connector\":\"life\",\"task\":0}");

        Reply config = http.send("GET", "/connectors/life/config", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().get("topic").asText()).isEqualTo("rest-life");

        Reply tasks = http.send("GET", "/connectors/life/tasks", null);
        assertThat(tasks.status()).isEqualTo(200);
        assertThat(fields(tasks.body().get(0))).containsExactly("id", "config");
        assertThat(tasks.body().get(0).get("id").toString()).isEqualTo("{\"connector\":\"life\",\"task\":0}");

        Reply task = http.send("GET", "/connectors/life/tasks/0/status", null);
        assertThat(task.status()).isEqualTo(200);
        assertThat(task.body().get("id").asInt()).isZero();
        assertError(http.send("GET", "/connectors/life/tasks/7/status", null), 404);

        assertThat(http.send("POST", "/connectors/life/restart", null).status()).isEqualTo(204);
        Reply restarting = http.send("POST", "/connectors/life/restart?includeTasks=true", null);
        assertThat(restarting.status()).isEqualTo(202);
        assertThat(fields(restarting.body())).containsExactly("name", "connector", "tasks", "type");
        assertThat(http.send("POST", "/connectors/life/tasks/0/restart", null).status())
                .isEqualTo(204);

        assertThat(http.send("PUT", "/connectors/life/pause", null).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(http.send("GET", "/connectors/life/status", null)
                                .body()
                                .get("connector")
                                .get("state")
                                .asText())
                        .isEqualTo("PAUSED"));
        assertThat(http.send("PUT", "/connectors/life/resume", null).status()).isEqualTo(202);
        assertThat(http.send("PUT", "/connectors/life/stop", null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(http.send("GET", "/connectors/life/status", null)
                                .body()
                                .get("connector")
                                .get("state")
                                .asText())
                        .isEqualTo("STOPPED"));
        // Stopping empties the task configs, as in Connect; offsets can be reset once the instances are gone.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        http.send("GET", "/connectors/life/status", null).body().get("tasks"))
                .isEmpty());
        // The view shows STOPPED before the herder has seen the last instance go; a client retries, as here.
        Reply reset = await().atMost(Duration.ofSeconds(30))
                .until(() -> http.send("DELETE", "/connectors/life/offsets", null), r -> r.status() == 200);
        assertThat(fields(reset.body())).containsExactly("message");
        assertThat(http.send("PUT", "/connectors/life/resume", null).status()).isEqualTo(202);
        Reply running = http.send("DELETE", "/connectors/life/offsets", null);
        assertError(running, 400);
        assertThat(running.body().get("message").asText()).contains("STOPPED");

        Reply patched = http.send("PATCH", "/connectors/life/config", "{\"batch.size\":\"7\",\"tasks.max\":null}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("config").get("batch.size").asText()).isEqualTo("7");
        assertThat(patched.body().get("config").has("tasks.max")).isFalse();
        assertError(http.send("PATCH", "/connectors/nope/config", "{}"), 404);

        Reply replaced = http.send("PUT", "/connectors/life/config", sourceConfig("rest-life-2"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().get("config").get("topic").asText()).isEqualTo("rest-life-2");
        Reply createdByPut = http.send("PUT", "/connectors/life2/config", sourceConfig("rest-life-3"));
        assertThat(createdByPut.status()).isEqualTo(201);

        assertThat(http.send("DELETE", "/connectors/life", null).status()).isEqualTo(204);
        assertThat(http.send("DELETE", "/connectors/life2", null).status()).isEqualTo(204);
        assertError(http.send("GET", "/connectors/life", null), 404);
    }

    @Test
    void initialStateCreatesAPausedOrStoppedConnector() throws Exception {
        Reply paused = http.send(
                "POST",
                "/connectors",
                "{\"name\":\"born-paused\",\"config\":" + sourceConfig("rest-paused")
                        + ",\"initial_state\":\"PAUSED\"}");
        assertThat(paused.status()).isEqualTo(201);
        Reply stopped = http.send(
                "POST",
                "/connectors",
                "{\"name\":\"born-stopped\",\"config\":" + sourceConfig("rest-stopped")
                        + ",\"initial_state\":\"STOPPED\"}");
        assertThat(stopped.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(http.send("GET", "/connectors/born-paused/status", null)
                            .body()
                            .get("connector")
                            .get("state")
                            .asText())
                    .isEqualTo("PAUSED");
            assertThat(http.send("GET", "/connectors/born-stopped/status", null)
                            .body()
                            .get("connector")
                            .get("state")
                            .asText())
                    .isEqualTo("STOPPED");
        });
        assertError(
                http.send(
                        "POST",
                        "/connectors",
                        "{\"name\":\"born-odd\",\"config\":" + sourceConfig("x") + ",\"initial_state\":\"ASLEEP\"}"),
                400);
        assertThat(http.send("DELETE", "/connectors/born-paused", null).status())
                .isEqualTo(204);
        assertThat(http.send("DELETE", "/connectors/born-stopped", null).status())
                .isEqualTo(204);
    }

    @Test
    void badRequestsGetConnectsJsonErrorAndChangeNothing() throws Exception {
        Reply malformed = http.send("POST", "/connectors", "{\"name\": \"bad\", \"config\": {");
        assertError(malformed, 400);
        assertError(http.send("POST", "/connectors", "[1,2]"), 400);
        assertError(http.send("POST", "/connectors", "{\"config\":{}}"), 400);
        assertError(http.send("POST", "/connectors", "{\"name\":\"x\",\"config\":{},\"surprise\":1}"), 400);
        assertError(http.send("PUT", "/connectors/bad/config", "not json"), 400);
        assertError(http.send("PUT", "/connectors/bad/config", "{\"connector.class\":null}"), 400);
        assertError(http.send("PUT", "/connectors/bad/config", "{\"connector.class\":{\"nested\":1}}"), 400);
        assertError(http.send("POST", "/connectors", ""), 400);
        assertError(http.send("GET", "/connectors/bad/tasks/zero/status", null), 404);

        Reply invalid = http.send(
                "POST", "/connectors", "{\"name\":\"bad\",\"config\":{\"connector.class\":\"NoSuchConnector\"}}");
        assertError(invalid, 400);
        assertThat(invalid.body().get("message").asText())
                .startsWith("Connector configuration is invalid and contains the following 1 error(s):")
                .endsWith("`/connector-plugins/{connectorType}/config/validate`");

        Reply unknown = http.send("GET", "/connectors/nope", null);
        assertError(unknown, 404);
        assertThat(unknown.body().get("message").asText()).isEqualTo("Connector nope not found");
        assertError(http.send("GET", "/connectors/nope/status", null), 404);
        assertError(http.send("PUT", "/connectors/nope/pause", null), 404);
        assertError(http.send("DELETE", "/connectors/nope", null), 404);
        assertError(http.send("POST", "/connectors/nope/restart", null), 404);
        assertError(http.send("GET", "/no/such/path", null), 404);
        assertError(http.send("PATCH", "/connectors", "{}"), 405);
        assertError(http.send("DELETE", "/connectors/nope/offsets", null), 404);

        assertThat(http.send("GET", "/connectors/bad", null).status()).isEqualTo(404);
        assertThat(http.send("GET", "/connectors", null).body().toString()).doesNotContain("bad");
    }
}
