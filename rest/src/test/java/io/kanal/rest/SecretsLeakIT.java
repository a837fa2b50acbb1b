package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.rest.RestCalls.Reply;
import io.kanal.rest.fixture.LeakySourceConnector;
import io.kanal.rest.fixture.PluginFixtures;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leave the worker: a run with connectors whose configs carry PASSWORD values (of a plugin installed
 * through {@code plugin.path}, {@link LeakySourceConnector}'s {@code db.password}) and {@code ${file:...}} references
 * (to a PASSWORD key and to a plain one), driven through
 * validation, creation, every read, failures whose exceptions quote the secrets, restarts, a config update, metrics
 * and deletion. Afterwards neither the worker's whole log output (everything the JVM wrote to stdout and stderr during
 * the run, where the test's SLF4J backend writes) nor any REST response body holds a secret value.
 */
@WithKafkaCluster
class SecretsLeakIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * The secret values; each must appear nowhere. Distinct and unlikely, so that a hit is a leak; letters and digits
     * only, so that a parser quoting the token it choked on quotes all of it.
     */
    private static final String PLAIN_DB = "Pl41nDbSecret7c1e";

    private static final String FILE_DB = "F1leDbSecret5b2d";
    private static final String FILE_USER = "F1leUserSecret93af";
    private static final String NEW_DB = "N3wDbSecretaa11";
    private static final String JAAS_PW = "Ja4sSecret0b7e";
    private static final String TRUST_PW = "Tru5tSecret4c2a";
    /** A provider value that does not parse as the number its key wants: the parse error must not quote it. */
    private static final String FILE_NUMBER = "Num3ricSecret77";

    private static final List<String> SECRETS =
            List.of(PLAIN_DB, FILE_DB, FILE_USER, NEW_DB, JAAS_PW, TRUST_PW, FILE_NUMBER);

    private static final String LEAKY = LeakySourceConnector.class.getName();

    @TempDir
    Path dir;

    private final List<String> bodies = new ArrayList<>();

    /** Everything written to a stream goes to the original and to memory too. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            original.flush();
        }
    }

    private Reply call(RestCalls http, String method, String path, String body) throws Exception {
        Reply reply = http.send(method, path, body);
        bodies.add(method + " " + path + " -> " + reply.status() + " "
                + reply.raw().body());
        return reply;
    }

    private static String json(Map<String, String> config) {
        return RestCalls.JSON.valueToTree(config).toString();
    }

    private static Map<String, String> leaky(String user, String password, String failIn) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", LEAKY);
        c.put("tasks.max", "1");
        c.put("db.user", user);
        c.put("db.password", password);
        c.put("fail.in", failIn);
        return c;
    }

    /** Whether the connector or one of its tasks is FAILED, per {@code GET /connectors/{c}/status}. */
    private boolean failed(RestCalls http, String connector) throws Exception {
        Reply status = call(http, "GET", "/connectors/" + connector + "/status", null);
        if (status.status() != 200) {
            return false;
        }
        if (status.body().get("connector").get("state").asText().equals("FAILED")) {
            return true;
        }
        for (JsonNode task : status.body().get("tasks")) {
            if (task.get("state").asText().equals("FAILED")) {
                return true;
            }
        }
        return false;
    }

    private void create(RestCalls http, String name, Map<String, String> config) throws Exception {
        Reply created =
                call(http, "POST", "/connectors", "{\"name\":\"" + name + "\",\"config\":" + json(config) + "}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
    }

    private void readEverything(RestCalls http, String connector) throws Exception {
        for (String path : List.of("", "/config", "/tasks", "/status", "/tasks/0/status", "/topics", "/offsets")) {
            call(http, "GET", "/connectors/" + connector + path, null);
        }
    }

    @Test
    void noSecretReachesTheLogOrAnyResponse(KafkaCluster cluster) throws Exception {
        Path fixtures = PluginFixtures.secretPlugin(Files.createDirectories(dir.resolve("fixtures")));
        Path secrets = Files.writeString(
                dir.resolve("secrets.properties"),
                "leaky.user=" + FILE_USER + "\nleaky.password=" + FILE_DB + "\nleaky.tasks=" + FILE_NUMBER + "\n");
        String fileRef = "${file:" + secrets + ":";

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        PrintStream out = System.out;
        System.setErr(new PrintStream(new Tee(err, log), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(out, log), true, StandardCharsets.UTF_8));
        List<String> traces = new ArrayList<>();
        try {
            RestWorker fixture = RestWorker.start(RestWorker.config(
                    cluster,
                    dir,
                    Map.of(
                            "plugin.path",
                            fixtures.toString(),
                            "connector.client.config.override.policy",
                            "All",
                            "config.providers",
                            "file",
                            "config.providers.file.class",
                            "org.apache.kafka.common.config.provider.FileConfigProvider")));
            try {
                RestCalls http = fixture.calls();
                Map<String, Map<String, String>> configs = new LinkedHashMap<>();
                configs.put("leaky-task", leaky("alice", PLAIN_DB, "task"));
                configs.put("leaky-conn", leaky(fileRef + "leaky.user}", fileRef + "leaky.password}", "connector"));
                configs.put("leaky-ok", leaky("bob", PLAIN_DB, "none"));
                // Kafka client passwords given to the connector's producer: PASSWORD keys of Kafka's configs.
                Map<String, String> client = leaky("carol", PLAIN_DB, "connector");
                client.put(
                        "producer.override.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"svc\" password=\""
                                + JAAS_PW + "\";");
                client.put("producer.override.ssl.truststore.password", TRUST_PW);
                configs.put("leaky-client", client);

                // Validation echoes every value back: valid configs, and ones with an error on another key.
                for (Map<String, String> config : configs.values()) {
                    String plugin = config.get("connector.class");
                    call(http, "PUT", "/connector-plugins/" + plugin + "/config/validate", json(config));
                    Map<String, String> broken = new LinkedHashMap<>(config);
                    broken.put("tasks.max", "-1");
                    call(http, "PUT", "/connector-plugins/" + plugin + "/config/validate", json(broken));
                }
                // A reference whose value is not what the key wants: validation and creation report it, unquoted.
                Map<String, String> badNumber = leaky("dave", PLAIN_DB, "none");
                badNumber.put("tasks.max", fileRef + "leaky.tasks}");
                call(http, "PUT", "/connector-plugins/" + LEAKY + "/config/validate", json(badNumber));
                Reply accepted = call(
                        http, "POST", "/connectors", "{\"name\":\"bad-number\",\"config\":" + json(badNumber) + "}");
                // Accepted as Connect accepts it (references are resolved when the connector starts); it then fails.
                assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(201);
                await("bad-number fails").atMost(WAIT).until(() -> failed(http, "bad-number"));
                readEverything(http, "bad-number");
                call(http, "POST", "/connectors/bad-number/restart?includeTasks=true", null);
                await("bad-number fails again").atMost(WAIT).until(() -> failed(http, "bad-number"));
                call(http, "GET", "/connectors/bad-number/status", null);
                assertThat(call(http, "DELETE", "/connectors/bad-number", null).status())
                        .isEqualTo(204);
                Map<String, String> badKeyNumber = leaky("dave", PLAIN_DB, "none");
                badKeyNumber.put("fail.in", fileRef + "leaky.tasks}");
                call(http, "PUT", "/connector-plugins/" + LEAKY + "/config/validate", json(badKeyNumber));
                // Malformed bodies around a secret: the 400 names the problem, not the text it choked on.
                for (String broken : List.of(
                        "{\"name\":\"bad\",\"config\":{\"db.password\":" + PLAIN_DB + "}}",
                        "{\"name\":\"bad\",\"config\":{\"db.password\":\"" + PLAIN_DB + "\",}}",
                        "{\"name\":\"bad\",\"config\":[\"" + PLAIN_DB + "\"]}",
                        "{\"name\":\"bad\",\"config\":{\"db.password\":{\"" + PLAIN_DB + "\":1}}}")) {
                    assertThat(call(http, "POST", "/connectors", broken).status())
                            .isEqualTo(400);
                    call(http, "PUT", "/connector-plugins/" + LEAKY + "/config/validate", broken);
                    call(http, "PUT", "/connectors/leaky-ok/config", broken);
                }
                for (Map.Entry<String, Map<String, String>> e : configs.entrySet()) {
                    create(http, e.getKey(), e.getValue());
                }
                for (String failing : List.of("leaky-task", "leaky-conn", "leaky-client")) {
                    await(failing + " fails").atMost(WAIT).until(() -> failed(http, failing));
                }
                call(http, "GET", "/connectors?expand=info&expand=status", null);
                for (String name : configs.keySet()) {
                    readEverything(http, name);
                }

                // Restarts bring the failures back, through each path.
                call(http, "POST", "/connectors/leaky-task/restart?includeTasks=true&onlyFailed=true", null);
                call(http, "POST", "/connectors/leaky-task/tasks/0/restart", null);
                call(http, "POST", "/connectors/leaky-conn/restart", null);
                call(http, "POST", "/connectors/leaky-client/restart?includeTasks=true", null);
                // A config update with a new secret, after which the task fails quoting it.
                Reply updated = call(http, "PUT", "/connectors/leaky-ok/config", json(leaky("bob", NEW_DB, "task")));
                assertThat(updated.status()).as(updated.raw().body()).isEqualTo(200);
                await("leaky-ok fails with its new secret").atMost(WAIT).until(() -> failed(http, "leaky-ok"));
                for (String name : configs.keySet()) {
                    await(name + " fails again").atMost(WAIT).until(() -> failed(http, name));
                    Reply status = call(http, "GET", "/connectors/" + name + "/status", null);
                    status.body().findValues("trace").forEach(t -> traces.add(t.asText()));
                    readEverything(http, name);
                }
                call(http, "GET", "/connectors?expand=info&expand=status", null);
                call(http, "GET", "/metrics", null);
                call(http, "GET", "/admin/loggers", null);
                for (String name : configs.keySet()) {
                    Reply deleted = call(http, "DELETE", "/connectors/" + name, null);
                    assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(204);
                }
            } finally {
                // Stopped inside the capture: what a worker logs on the way down counts too.
                RestWorker.stop(fixture);
            }
        } finally {
            System.setErr(err);
            System.setOut(out);
        }

        String logText;
        synchronized (log) {
            logText = log.toString(StandardCharsets.UTF_8);
        }
        // The run did what it should: the careless exceptions were raised, recorded and logged, masked.
        assertThat(traces).anySatisfy(t -> assertThat(t).contains("cannot log in to the database"));
        assertThat(traces).anySatisfy(t -> assertThat(t).contains("[hidden]"));
        assertThat(logText).contains("cannot log in to the database");
        assertThat(bodies).hasSizeGreaterThan(50);
        // The client passwords reached the plugin (it quoted its whole config) and were masked there.
        assertThat(traces).anySatisfy(t -> assertThat(t)
                .contains("producer.override.sasl.jaas.config=[hidden]")
                .contains("producer.override.ssl.truststore.password=[hidden]"));
        for (String secret : SECRETS) {
            assertThat(lines(logText, secret))
                    .as("log lines with secret %s", secret)
                    .isEmpty();
            assertThat(bodies.stream().filter(b -> b.contains(secret)).toList())
                    .as("REST responses with secret %s", secret)
                    .isEmpty();
        }
    }

    private static List<String> lines(String text, String secret) {
        return text.lines().filter(l -> l.contains(secret)).limit(20).toList();
    }
}
