package io.kanal.testkit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.config.Password;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@link DebeziumPostgresIT} compares what Debezium's PostgreSQL connector does on Kanal with what it does on
 * Apache Connect: the change events of the two runs' topics, {@code config/validate} answers and plugin listings, once
 * what legitimately differs between two connectors (each explained where it is removed) is set aside. The Kanal run
 * uses the topic prefix {@value #KANAL}, the Apache run {@value #APACHE}.
 */
final class DebeziumComparison {

    static final String KANAL = "kanal";
    static final String APACHE = "apache";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The config groups of Debezium's PostgreSQL connector's own keys. */
    private static final Set<String> DEBEZIUM_GROUPS = Set.of("Postgres", "Connector", "Events");

    private DebeziumComparison() {}

    /**
     * Kanal's topic equals Apache's, record by record: the keys byte for byte once the topic prefix is the same, the
     * values as JSON once {@link #normalized} removed what legitimately differs between two connectors.
     */
    static void assertSameEvents(List<ConsumerRecord<String, String>> ours, List<ConsumerRecord<String, String>> theirs)
            throws Exception {
        assertThat(ours).hasSameSizeAs(theirs);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).key()).isEqualTo(theirs.get(i).key().replace(APACHE + ".", KANAL + "."));
            if (theirs.get(i).value() == null) {
                assertThat(ours.get(i).value()).as("record %d", i).isNull();
                continue;
            }
            JsonNode normalized = normalized(ours.get(i).value(), KANAL);
            assertThat(normalized)
                    .as("record %d: %s", i, ours.get(i).value())
                    .isEqualTo(normalized(theirs.get(i).value(), APACHE));
            if (normalized
                    .path("payload")
                    .path("source")
                    .path("snapshot")
                    .asText()
                    .equals("false")) {
                // A streamed event is the same bytes, field order and number formats included.
                assertThat(withoutProcessingTime(ours.get(i).value(), KANAL))
                        .isEqualTo(withoutProcessingTime(theirs.get(i).value(), APACHE));
            }
        }
    }

    /** An event's JSON text with the topic prefix and every {@code ts_*} value (both are explained above) blanked. */
    static String withoutProcessingTime(String value, String prefix) {
        return value.replace("\"" + prefix + ".", "\"server.")
                .replace("\"name\":\"" + prefix + "\"", "\"name\":\"server\"")
                .replaceAll("\"ts_(ms|us|ns)\":\\d+", "\"ts_$1\":0");
    }

    /**
     * An event without what differs between the two connectors: the topic prefix in the schema names and in {@code
     * source.name} (each connector has its own logical name); the envelope's {@code ts_ms}/{@code ts_us}/{@code ts_ns}
     * (when that connector processed the event); and for snapshot reads only, {@code source.ts_*}, {@code lsn},
     * {@code txId} and {@code sequence} (each snapshot ran at its own time, in its own transaction, from its own slot's
     * start). Streamed events keep their source LSN, transaction id and commit time: both slots decode the same WAL.
     */
    private static JsonNode normalized(String value, String prefix) throws Exception {
        JsonNode tree = MAPPER.readTree(value.replace("\"" + prefix + ".", "\"server."));
        var payload = (ObjectNode) tree.path("payload");
        payload.remove(List.of("ts_ms", "ts_us", "ts_ns"));
        var source = (ObjectNode) payload.path("source");
        assertThat(source.path("name").asText()).isEqualTo(prefix);
        source.remove("name");
        if (!source.path("snapshot").asText().equals("false")) {
            source.remove(List.of("ts_ms", "ts_us", "ts_ns", "lsn", "txId", "sequence"));
        }
        return tree;
    }

    /**
     * {@code PUT /connector-plugins/PostgresConnector/config/validate} answers alike on both workers, for a good
     * config, one with four bad values (Debezium's own validators) and one with a wrong password (the connection check
     * Debezium's {@code validate()} runs): the same error count and groups, and for each of Debezium's keys the same
     * definition and value, recommendations and visibility, each error message Apache's. Two things differ by Kanal's
     * design: its config model has no display name and width (it shows the key and {@code NONE}), and it writes every
     * value error as {@code Invalid value 'V' for configuration 'K': <the connector's message>}. Connect's worker-level
     * keys (name, converters, transforms, errors...) are Kanal's own definitions and are not compared here.
     */
    static void assertSameValidation(ConnectRest kanal, ConnectRest apache, Map<String, String> good) {
        String path = "connector-plugins/PostgresConnector/config/validate";
        Map<String, String> bad = new HashMap<>(good);
        bad.remove("topic.prefix");
        bad.put("plugin.name", "decoderbufs-nope");
        bad.put("snapshot.mode", "sometimes");
        bad.put("database.port", "not-a-port");
        Map<String, String> wrongPassword = new HashMap<>(good);
        wrongPassword.put("database.password", "wrong");
        Map<Map<String, String>, Integer> expectedErrors = Map.of(good, 1, bad, 6, wrongPassword, 2);
        for (Map.Entry<Map<String, String>, Integer> check : expectedErrors.entrySet()) {
            Map<String, String> config = check.getKey();
            ConnectRest.Response ours = kanal.put(path, config);
            ConnectRest.Response theirs = apache.put(path, config);
            assertThat(ours.status()).isEqualTo(theirs.status()).isEqualTo(200);
            // One error is always there: the body has no "name" (Connect's REST reports it as missing too).
            assertThat(theirs.json().path("error_count").asInt()).isEqualTo(check.getValue());
            assertThat(ours.json().path("error_count")).isEqualTo(theirs.json().path("error_count"));
            assertThat(ours.json().path("groups")).isEqualTo(theirs.json().path("groups"));
            Map<String, JsonNode> ourKeys = byName(ours.json());
            Map<String, JsonNode> theirKeys = byName(theirs.json());
            assertThat(ourKeys.keySet()).isEqualTo(theirKeys.keySet());
            int compared = 0;
            for (Map.Entry<String, JsonNode> e : theirKeys.entrySet()) {
                JsonNode their = e.getValue();
                if (!DEBEZIUM_GROUPS.contains(
                        their.path("definition").path("group").asText())) {
                    continue;
                }
                JsonNode our = ourKeys.get(e.getKey());
                var ourDefinition = our.path("definition").deepCopy();
                var theirDefinition = their.path("definition").deepCopy();
                for (var definition : List.of(ourDefinition, theirDefinition)) {
                    ((ObjectNode) definition).remove(List.of("display_name", "width"));
                }
                assertThat(ourDefinition).as(e.getKey()).isEqualTo(theirDefinition);
                var ourValue = (ObjectNode) our.path("value").deepCopy();
                var theirValue = (ObjectNode) their.path("value").deepCopy();
                JsonNode ourErrors = ourValue.remove("errors");
                JsonNode theirErrors = theirValue.remove("errors");
                assertThat(ourValue).as(e.getKey()).isEqualTo(theirValue);
                assertThat(ourErrors).as(e.getKey()).hasSameSizeAs(theirErrors);
                for (int i = 0; i < theirErrors.size(); i++) {
                    // The value Kanal names: the submitted one, a password's hidden, none for a missing key.
                    String shown =
                            e.getKey().endsWith("password") ? Password.HIDDEN : config.getOrDefault(e.getKey(), "");
                    assertThat(ourErrors.get(i).asText())
                            .as(e.getKey())
                            .isEqualTo("Invalid value '" + shown + "' for configuration '" + e.getKey() + "': "
                                    + theirErrors.get(i).asText());
                }
                compared++;
            }
            assertThat(compared).isGreaterThan(100);
        }
    }

    /** {@code GET /connector-plugins}: Debezium's connector listed alike, with its version, on both workers. */
    static void assertListedAlike(ConnectRest kanal, ConnectRest apache, String connector, String version) {
        JsonNode ours = null;
        JsonNode theirs = null;
        for (JsonNode plugin : kanal.get("connector-plugins").json()) {
            ours = plugin.path("class").asText().equals(connector) ? plugin : ours;
        }
        for (JsonNode plugin : apache.get("connector-plugins").json()) {
            theirs = plugin.path("class").asText().equals(connector) ? plugin : theirs;
        }
        assertThat(theirs).isNotNull();
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.path("version").asText()).isEqualTo(version);
    }

    private static Map<String, JsonNode> byName(JsonNode validation) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode key : validation.path("configs")) {
            out.put(key.path("definition").path("name").asText(), key);
        }
        return out;
    }
}
