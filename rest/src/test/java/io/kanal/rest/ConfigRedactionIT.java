package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanal.rest.RestCalls.Reply;
import io.kanal.rest.fixture.PluginFixtures;
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
 * Configs read back through the API hide PASSWORD-typed values behind {@code [hidden]} and show provider references
 * unresolved; writing {@code [hidden]} back keeps the stored secret, so read-modify-write clients work. Checked on a
 * real worker with a connector whose spec has a PASSWORD key.
 */
@WithKafkaCluster
class ConfigRedactionIT {

    private static final String HIDDEN = "[hidden]";

    @TempDir
    static Path dir;

    private static RestWorker fixture;
    private static RestCalls http;
    private static Path secrets;

    @BeforeAll
    static void start(KafkaCluster cluster) throws IOException {
        Path plugins = PluginFixtures.secretPlugin(Files.createDirectories(dir.resolve("fixtures")));
        secrets = Files.writeString(dir.resolve("db.properties"), "user=bob\n");
        fixture = RestWorker.start(RestWorker.config(
                cluster,
                dir,
                Map.of(
                        "plugin.path",
                        plugins.toString(),
                        "config.providers",
                        "file",
                        "config.providers.file.class",
                        "org.apache.kafka.common.config.provider.FileConfigProvider")));
        http = fixture.calls();
    }

    @AfterAll
    static void stop() {
        RestWorker.stop(fixture);
    }

    private static String config(String user, String password) {
        return "{\"connector.class\":\"io.kanal.rest.fixture.SecretSourceConnector\",\"tasks.max\":\"1\","
                + "\"db.user\":\"" + user + "\",\"db.password\":\"" + password + "\"}";
    }

    private static Map<String, String> stored(String connector) {
        return fixture.worker().view().connector(connector).orElseThrow().config();
    }

    @Test
    void everyReadHidesThePasswordAndShowsReferencesUnresolved() throws Exception {
        String reference = "${file:" + secrets + ":user}";
        Reply created =
                http.send("POST", "/connectors", "{\"name\":\"reads\",\"config\":" + config(reference, "s3cret") + "}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.raw().body()).doesNotContain("s3cret");
        assertThat(created.body().get("config").get("db.password").asText()).isEqualTo(HIDDEN);
        assertThat(stored("reads")).containsEntry("db.password", "s3cret");

        Reply info = http.send("GET", "/connectors/reads", null);
        assertThat(info.body().get("config").get("db.password").asText()).isEqualTo(HIDDEN);
        assertThat(info.body().get("config").get("db.user").asText()).isEqualTo(reference);

        Reply config = http.send("GET", "/connectors/reads/config", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().get("db.password").asText()).isEqualTo(HIDDEN);
        assertThat(config.body().get("db.user").asText()).isEqualTo(reference);

        Reply expanded = http.send("GET", "/connectors?expand=info", null);
        assertThat(expanded.body()
                        .get("reads")
                        .get("info")
                        .get("config")
                        .get("db.password")
                        .asText())
                .isEqualTo(HIDDEN);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Reply tasks = http.send("GET", "/connectors/reads/tasks", null);
            assertThat(tasks.status()).isEqualTo(200);
            assertThat(tasks.body()).hasSize(1);
            JsonNode task = tasks.body().get(0).get("config");
            assertThat(task.get("db.password").asText()).isEqualTo(HIDDEN);
        });
        assertThat(http.send("GET", "/connectors/reads/tasks", null).raw().body())
                .doesNotContain("s3cret");
    }

    @Test
    void writingTheMarkerBackKeepsTheStoredPassword() throws Exception {
        assertThat(http.send("PUT", "/connectors/rmw/config", config("alice", "s3cret"))
                        .status())
                .isEqualTo(201);

        // Read, modify one key, write everything back: the password comes back as the marker.
        Reply read = http.send("GET", "/connectors/rmw/config", null);
        ((ObjectNode) read.body()).put("db.user", "carol");
        Reply put = http.send("PUT", "/connectors/rmw/config", read.body().toString());
        assertThat(put.status()).as(put.raw().body()).isEqualTo(200);
        assertThat(put.body().get("config").get("db.password").asText()).isEqualTo(HIDDEN);
        assertThat(stored("rmw")).containsEntry("db.user", "carol").containsEntry("db.password", "s3cret");

        // PATCH with the marker keeps it too.
        Reply patched =
                http.send("PATCH", "/connectors/rmw/config", "{\"db.password\":\"[hidden]\",\"db.user\":\"dan\"}");
        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        assertThat(stored("rmw")).containsEntry("db.user", "dan").containsEntry("db.password", "s3cret");

        // A new password replaces it.
        assertThat(http.send("PUT", "/connectors/rmw/config", config("dan", "n3w"))
                        .status())
                .isEqualTo(200);
        assertThat(stored("rmw")).containsEntry("db.password", "n3w");
        assertThat(http.send("GET", "/connectors/rmw", null).raw().body()).doesNotContain("n3w");
    }

    @Test
    void theMarkerIsNotCarriedOverWhenThePluginChanges() throws Exception {
        assertThat(http.send("PUT", "/connectors/switch/config", config("alice", "s3cret"))
                        .status())
                .isEqualTo(201);

        // Another plugin version (or class) may not treat db.password as a password: the value must be sent again.
        ObjectNode read =
                (ObjectNode) http.send("GET", "/connectors/switch/config", null).body();
        read.put("connector.plugin.version", "1.0");
        Reply put = http.send("PUT", "/connectors/switch/config", read.toString());
        assertThat(put.status()).as(put.raw().body()).isEqualTo(400);
        assertThat(put.body().get("message").asText()).contains("db.password").contains("send the value again");
        assertThat(put.raw().body()).doesNotContain("s3cret");

        // A PATCH merges onto the config as read, so it follows the same rule.
        Reply patched = http.send("PATCH", "/connectors/switch/config", "{\"connector.plugin.version\":\"1.0\"}");
        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(400);
        assertThat(stored("switch")).doesNotContainKey("connector.plugin.version");

        // Sending the value again is accepted.
        read.put("db.password", "s3cret");
        assertThat(http.send("PUT", "/connectors/switch/config", read.toString())
                        .status())
                .isEqualTo(200);
        assertThat(stored("switch")).containsEntry("connector.plugin.version", "1.0");
    }
}
