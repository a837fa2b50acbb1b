package io.kanal.rest;

import static io.kanal.rest.RestCalls.assertError;
import static io.kanal.rest.RestCalls.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.rest.RestCalls.Reply;
import io.kanal.rest.fixture.PluginFixtures;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /connector-plugins/{plugin}/config} and {@code PUT /connector-plugins/{plugin}/config/validate} on a real
 * standalone worker: Connect's {@code ConfigKeyInfo} and {@code ConfigInfos} shapes, the framework's keys in their
 * groups, and Connect's errors.
 */
@WithKafkaCluster
class PluginConfigConformanceIT {

    private static final List<String> KEY_FIELDS = List.of(
            "name",
            "type",
            "required",
            "default_value",
            "importance",
            "documentation",
            "group",
            "order_in_group",
            "width",
            "display_name",
            "dependents");
    private static final List<String> VALUE_FIELDS =
            List.of("name", "value", "recommended_values", "errors", "visible");

    @TempDir
    static Path dir;

    private static RestWorker fixture;
    private static RestCalls http;

    @BeforeAll
    static void start(KafkaCluster cluster) throws IOException {
        Path plugins = PluginFixtures.secretPlugin(Files.createDirectories(dir.resolve("fixtures")));
        fixture = RestWorker.start(RestWorker.config(
                cluster, dir, Map.of("plugin.path", System.getProperty("kanal.test.plugin.file") + "," + plugins)));
        http = fixture.calls();
    }

    @AfterAll
    static void stop() {
        RestWorker.stop(fixture);
    }

    private static Map<String, JsonNode> byName(JsonNode configs) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode entry : configs) {
            out.put(entry.get("value").get("name").asText(), entry);
        }
        return out;
    }

    @Test
    void pluginConfigListsThePluginsOwnKeysAsConfigKeyInfo() throws Exception {
        Reply reply = http.send("GET", "/connector-plugins/FileStreamSource/config", null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().isArray()).isTrue();
        for (JsonNode key : reply.body()) {
            assertThat(fields(key)).containsExactlyElementsOf(KEY_FIELDS);
        }
        assertThat(reply.body().findValuesAsText("name")).containsExactly("file", "topic", "batch.size");
        JsonNode topic = reply.body().get(1);
        assertThat(topic.get("type").asText()).isEqualTo("STRING");
        assertThat(topic.get("required").asBoolean()).isTrue();
        assertThat(topic.get("default_value").isNull()).isTrue();
        assertThat(topic.get("importance").asText()).isEqualTo("HIGH");
        assertThat(topic.get("width").asText()).isEqualTo("NONE");
        assertThat(topic.get("display_name").asText()).isEqualTo("topic");
        JsonNode batch = reply.body().get(2);
        assertThat(batch.get("type").asText()).isEqualTo("INT");
        assertThat(batch.get("default_value").asText()).isEqualTo("2000");

        // By full class name too, and for a PASSWORD key.
        Reply secret = http.send("GET", "/connector-plugins/io.kanal.rest.fixture.SecretSourceConnector/config", null);
        assertThat(secret.status()).isEqualTo(200);
        assertThat(secret.body().get(1).get("type").asText()).isEqualTo("PASSWORD");
        assertThat(secret.body().get(1).get("group").asText()).isEqualTo("Database");
        assertThat(secret.body().get(1).get("order_in_group").asInt()).isEqualTo(2);

        assertError(http.send("GET", "/connector-plugins/NoSuchConnector/config", null), 404);
    }

    @Test
    void validateAnswersConfigInfosWithTheFrameworksGroupsAndKeys() throws Exception {
        Reply reply = http.send(
                "PUT",
                "/connector-plugins/FileStreamSourceConnector/config/validate",
                "{\"connector.class\":\"FileStreamSource\",\"name\":\"v\",\"topic\":\"t\",\"tasks.max\":\"1\"}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(fields(reply.body())).containsExactly("name", "error_count", "groups", "configs");
        assertThat(reply.body().get("name").asText()).isEqualTo("FileStreamSource");
        assertThat(reply.body().get("error_count").asInt()).isZero();
        assertThat(RestCalls.strings(reply.body().get("groups")))
                .containsExactly(
                        "Common",
                        "Transforms",
                        "Predicates",
                        "Error Handling",
                        "Topic Creation",
                        "Exactly Once Support",
                        "offsets.topic");
        for (JsonNode entry : reply.body().get("configs")) {
            assertThat(fields(entry)).containsExactly("definition", "value");
            assertThat(fields(entry.get("definition"))).containsExactlyElementsOf(KEY_FIELDS);
            assertThat(fields(entry.get("value"))).containsExactlyElementsOf(VALUE_FIELDS);
        }
        Map<String, JsonNode> configs = byName(reply.body().get("configs"));
        assertThat(configs)
                .containsKeys(
                        "name",
                        "connector.class",
                        "tasks.max",
                        "key.converter",
                        "value.converter",
                        "header.converter",
                        "config.action.reload",
                        "transforms",
                        "predicates",
                        "errors.tolerance",
                        "errors.retry.timeout",
                        "topic.creation.groups",
                        "exactly.once.support",
                        "transaction.boundary",
                        "offsets.storage.topic",
                        "file",
                        "topic",
                        "batch.size")
                .doesNotContainKeys("topics", "topics.regex", "errors.deadletterqueue.topic.name");
        JsonNode tasksMax = configs.get("tasks.max");
        assertThat(tasksMax.get("definition").get("group").asText()).isEqualTo("Common");
        assertThat(tasksMax.get("definition").get("type").asText()).isEqualTo("INT");
        assertThat(tasksMax.get("definition").get("default_value").asText()).isEqualTo("1");
        assertThat(tasksMax.get("value").get("value").asText()).isEqualTo("1");
        assertThat(tasksMax.get("value").get("errors")).isEmpty();
        assertThat(tasksMax.get("value").get("visible").asBoolean()).isTrue();
        assertThat(configs.get("errors.tolerance")
                        .get("definition")
                        .get("group")
                        .asText())
                .isEqualTo("Error Handling");
        assertThat(configs.get("errors.tolerance").get("value").get("value").asText())
                .isEqualTo("none");
        // An unset key without default shows null, as Connect does.
        assertThat(configs.get("key.converter").get("value").get("value").isNull())
                .isTrue();
        assertThat(configs.get("batch.size").get("value").get("value").asText()).isEqualTo("2000");
    }

    @Test
    void validateReportsEveryProblemWithoutStoringAnything() throws Exception {
        Reply reply = http.send(
                "PUT",
                "/connector-plugins/FileStreamSink/config/validate",
                "{\"connector.class\":\"FileStreamSink\",\"name\":\"bad\",\"tasks.max\":\"0\","
                        + "\"errors.tolerance\":\"sometimes\"}");
        assertThat(reply.status()).isEqualTo(200);
        Map<String, JsonNode> configs = byName(reply.body().get("configs"));
        assertThat(configs).containsKeys("topics", "topics.regex", "errors.deadletterqueue.topic.name");
        assertThat(configs)
                .doesNotContainKeys("topic.creation.groups", "exactly.once.support", "offsets.storage.topic");
        assertThat(RestCalls.strings(reply.body().get("groups")))
                .startsWith("Common", "Transforms", "Predicates", "Error Handling")
                .doesNotContain("Topic Creation");
        assertThat(configs.get("tasks.max").get("value").get("errors")).hasSize(1);
        assertThat(configs.get("errors.tolerance").get("value").get("errors")).hasSize(1);
        // Neither topics nor topics.regex: Connect reports it on both.
        assertThat(configs.get("topics").get("value").get("errors")).hasSize(1);
        assertThat(configs.get("topics.regex").get("value").get("errors")).hasSize(1);
        int errors = 0;
        for (JsonNode entry : configs.values()) {
            errors += entry.get("value").get("errors").size();
        }
        assertThat(reply.body().get("error_count").asInt()).isEqualTo(errors).isGreaterThanOrEqualTo(4);
        assertThat(http.send("GET", "/connectors", null).body().toString()).doesNotContain("bad");

        // A missing required key is an error on that key.
        Reply missing = http.send(
                "PUT",
                "/connector-plugins/FileStreamSource/config/validate",
                "{\"connector.class\":\"FileStreamSource\"}");
        Map<String, JsonNode> missingConfigs = byName(missing.body().get("configs"));
        assertThat(missingConfigs.get("name").get("value").get("errors")).hasSize(1);
        assertThat(missingConfigs.get("topic").get("value").get("errors")).hasSize(1);
    }

    @Test
    void validateReportsExactlyOnceViolationsWithConnectsMessages() throws Exception {
        // This worker has exactly.once.source.support unset (disabled); FileStreamSource supports exactly-once when
        // it reads a file, not standard input, and cannot define transaction boundaries.
        Reply reply = http.send(
                "PUT",
                "/connector-plugins/FileStreamSource/config/validate",
                "{\"connector.class\":\"FileStreamSource\",\"name\":\"eos\",\"topic\":\"t\","
                        + "\"exactly.once.support\":\"required\",\"transaction.boundary\":\"connector\"}");
        assertThat(reply.status()).isEqualTo(200);
        Map<String, JsonNode> configs = byName(reply.body().get("configs"));
        assertThat(RestCalls.strings(
                        configs.get("exactly.once.support").get("value").get("errors")))
                .containsExactly(
                        "This worker does not have exactly-once source support enabled.",
                        "The connector does not support exactly-once semantics with the provided configuration.");
        assertThat(RestCalls.strings(
                        configs.get("transaction.boundary").get("value").get("errors")))
                .containsExactly("The connector does not support connector-defined transaction boundaries with the"
                        + " given configuration. Please reconfigure it to use a different transaction boundary"
                        + " definition.");
        assertThat(reply.body().get("error_count").asInt()).isEqualTo(3);

        // With a file the connector supports it; the worker still does not.
        Reply withFile = http.send(
                "PUT",
                "/connector-plugins/FileStreamSource/config/validate",
                "{\"connector.class\":\"FileStreamSource\",\"name\":\"eos\",\"topic\":\"t\",\"file\":\"/tmp/x\","
                        + "\"exactly.once.support\":\"required\"}");
        assertThat(RestCalls.strings(byName(withFile.body().get("configs"))
                        .get("exactly.once.support")
                        .get("value")
                        .get("errors")))
                .containsExactly("This worker does not have exactly-once source support enabled.");
        assertThat(withFile.body().get("error_count").asInt()).isEqualTo(1);

        // And a create with such a config is refused, as Connect refuses it.
        Reply create = http.send(
                "POST",
                "/connectors",
                "{\"name\":\"eos\",\"config\":{\"connector.class\":\"FileStreamSource\",\"topic\":\"t\","
                        + "\"file\":\"/tmp/x\",\"exactly.once.support\":\"required\"}}");
        assertThat(create.status()).isEqualTo(400);
        assertThat(create.body().toString()).contains("exactly-once source support enabled");
        assertThat(http.send("GET", "/connectors", null).body().toString()).doesNotContain("eos");
    }

    @Test
    void validateHidesPasswordsAndKeepsReferencesUnresolved() throws Exception {
        Reply reply = http.send(
                "PUT",
                "/connector-plugins/SecretSource/config/validate",
                "{\"connector.class\":\"io.kanal.rest.fixture.SecretSourceConnector\",\"name\":\"s\","
                        + "\"db.user\":\"alice\",\"db.password\":\"s3cret\"}");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.raw().body()).doesNotContain("s3cret");
        Map<String, JsonNode> configs = byName(reply.body().get("configs"));
        assertThat(configs.get("db.password").get("value").get("value").asText())
                .isEqualTo("[hidden]");
        assertThat(configs.get("db.password").get("definition").get("type").asText())
                .isEqualTo("PASSWORD");
        assertThat(configs.get("db.user").get("value").get("value").asText()).isEqualTo("alice");
        assertThat(RestCalls.strings(reply.body().get("groups"))).endsWith("Database");
    }

    @Test
    void validateRefusesBadRequestsAsConnect() throws Exception {
        // connector.class names another plugin than the path.
        assertError(
                http.send(
                        "PUT",
                        "/connector-plugins/FileStreamSink/config/validate",
                        "{\"connector.class\":\"FileStreamSource\",\"topic\":\"t\"}"),
                400);
        // No connector.class at all; the message names keys, never values.
        Reply missing = http.send(
                "PUT", "/connector-plugins/FileStreamSource/config/validate", "{\"topic\":\"t\",\"x.password\":\"p\"}");
        assertError(missing, 400);
        assertThat(missing.body().get("message").asText())
                .contains("contains no connector type")
                .doesNotContain("=p")
                .doesNotContain("=t");
        // A class nobody installed.
        assertError(
                http.send(
                        "PUT",
                        "/connector-plugins/NoSuchConnector/config/validate",
                        "{\"connector.class\":\"NoSuchConnector\"}"),
                404);
        assertError(http.send("PUT", "/connector-plugins/FileStreamSource/config/validate", "{not json"), 400);
        assertError(http.send("PUT", "/connector-plugins/FileStreamSource/config/validate", "{\"topic\":null}"), 400);
    }
}
