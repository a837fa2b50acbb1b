package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 random and mutated requests at a real worker with two connectors: every request is invalid by construction
 * (wrong method, unknown path or connector, malformed or wrong-typed body, unknown connector class, a body over the
 * limit, a broken HTTP message), except reads, which may succeed. Every answer must be a 4xx in Connect's JSON error
 * body (a read: 2xx JSON too) and never a 5xx or an HTML page; afterwards the connectors, configs, statuses, tasks and
 * offsets must be what they were. The seed is printed with every failure; {@code -Dkanal.fuzz.seed=N} replays one.
 */
@WithKafkaCluster
class RestFuzzIT {

    private static final int REQUESTS = 10_000;
    private static final int BODY_LIMIT = 64 * 1024;
    /** The key under which the statuses count connections closed without any answer. */
    private static final int NO_ANSWER = 0;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONNECTORS = List.of("fuzz-a", "fuzz-b");

    @TempDir
    static Path dir;

    private static RestWorker fixture;
    private static Path offsets;
    private static Path input;

    @BeforeAll
    static void start(KafkaCluster cluster) throws IOException {
        // An empty file: the running source then has no offsets that could move on their own during the run, so any
        // change of the offsets is the fuzzing's.
        input = Files.writeString(dir.resolve("in.txt"), "");
        offsets = dir.resolve("offsets");
        fixture = RestWorker.start(
                RestWorker.config(cluster, dir, Map.of("offset.flush.interval.ms", "200")),
                Map.of(RestServer.MAX_REQUEST_BODY_BYTES, Integer.toString(BODY_LIMIT)));
    }

    @AfterAll
    static void stop() {
        RestWorker.stop(fixture);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static String sourceConfig(String topic) {
        return "{\"connector.class\":\"FileStreamSource\",\"file\":\"" + input + "\",\"topic\":\"" + topic
                + "\",\"tasks.max\":\"1\"}";
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(fixture.uri().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Everything the fuzzing must leave as it was. */
    private static Map<String, Object> snapshot() throws Exception {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("connectors", JSON.readTree(call("GET", "/connectors", null).body()));
        for (String c : CONNECTORS) {
            for (String part : List.of("", "/config", "/status", "/tasks")) {
                HttpResponse<String> reply = call("GET", "/connectors/" + c + part, null);
                state.put(c + part, reply.statusCode() + " " + JSON.readTree(reply.body()));
            }
            HttpResponse<String> offsetsReply = call("GET", "/connectors/" + c + "/offsets", null);
            if (offsetsReply.statusCode() == 200) {
                state.put(c + "/offsets", JSON.readTree(offsetsReply.body()));
            }
        }
        state.put(
                "offset file",
                Files.exists(offsets) ? new String(Files.readAllBytes(offsets), StandardCharsets.ISO_8859_1) : "");
        return state;
    }

    @Test
    void tenThousandBadRequestsGetJson4xxAndChangeNothing() throws Exception {
        assertThat(call("POST", "/connectors", "{\"name\":\"fuzz-a\",\"config\":" + sourceConfig("fuzz-a") + "}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(call(
                                "POST",
                                "/connectors",
                                "{\"name\":\"fuzz-b\",\"config\":" + sourceConfig("fuzz-b")
                                        + ",\"initial_state\":\"STOPPED\"}")
                        .statusCode())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(call("GET", "/connectors/fuzz-a/status", null).body())
                    .contains("\"tasks\":[{\"id\":0,\"state\":\"RUNNING\"");
            assertThat(call("GET", "/connectors/fuzz-b/status", null).body()).contains("STOPPED");
        });
        // Settled once two snapshots agree.
        AtomicReference<Map<String, Object>> last = new AtomicReference<>();
        Map<String, Object> before = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            Map<String, Object> now = snapshot();
                            boolean stable = now.equals(last.getAndSet(now));
                            return stable ? now : null;
                        },
                        Objects::nonNull);

        long seed = Long.getLong("kanal.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        FuzzRequests requests = new FuzzRequests(input, CONNECTORS, BODY_LIMIT);
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS && failures.size() < 20; i++) {
            FuzzRequests.Shot shot = requests.next(random);
            String problem = fire(shot, statuses);
            if (problem != null) {
                failures.add("#" + i + " " + shot.method() + " " + shot.path() + " (" + shot.why() + "): " + problem);
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.println(
                "RestFuzzIT seed " + seed + ": " + REQUESTS + " requests in " + seconds + " s, statuses " + statuses);
        assertThat(failures)
                .as("seed %d (replay with -Dkanal.fuzz.seed=%d), %d s", seed, seed, seconds)
                .isEmpty();
        assertThat(snapshot()).as("state after fuzzing, seed %d", seed).isEqualTo(before);
        // The requests reached every kind of refusal, not just one cheap 404.
        assertThat(statuses).as("statuses, seed %d", seed).containsKeys(400, 404, 405, 409, 413, 415);
    }

    /** Sends one request; returns what was wrong with the answer, or null. */
    private static String fire(FuzzRequests.Shot shot, Map<Integer, Integer> statuses) throws Exception {
        if (shot.method().equals("RAW")) {
            return raw(shot.body(), statuses);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.uri().resolve(shot.path()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        shot.method(),
                        shot.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(shot.body()));
        if (shot.contentType() != null) {
            request.header("Content-Type", shot.contentType());
        }
        shot.headers().forEach(request::header);
        HttpResponse<String> reply = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = reply.statusCode();
        statuses.merge(status, 1, Integer::sum);
        boolean read = shot.method().equals("GET");
        if (!(status >= 400 && status < 500) && !(read && status >= 200 && status < 300)) {
            return "status " + status + " " + abbreviate(reply.body());
        }
        String type = reply.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            return "status " + status + " content type '" + type + "' " + abbreviate(reply.body());
        }
        JsonNode body;
        try {
            body = JSON.readTree(reply.body());
        } catch (IOException e) {
            return "status " + status + " body is not JSON: " + abbreviate(reply.body());
        }
        if (status >= 400
                && (body == null
                        || !body.path("error_code").isInt()
                        || body.path("error_code").asInt() != status
                        || !body.path("message").isTextual())) {
            return "status " + status + " not Connect's error body: " + abbreviate(reply.body());
        }
        return null;
    }

    /** A broken HTTP message on a connection of its own; the answer, if any, must be a JSON 4xx. */
    private static String raw(byte[] message, Map<Integer, Integer> statuses) throws IOException {
        URI uri = fixture.uri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (answer.isEmpty()) {
                // A server that drops a connection without an answer has aborted the request: never a pass.
                statuses.merge(NO_ANSWER, 1, Integer::sum);
                return "raw " + abbreviate(new String(message, StandardCharsets.ISO_8859_1))
                        + " -> connection closed without an answer";
            }
            String statusLine = answer.substring(0, Math.max(0, answer.indexOf("\r\n")));
            String[] parts = statusLine.split(" ");
            int status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
            statuses.merge(status, 1, Integer::sum);
            String text = new String(message, StandardCharsets.ISO_8859_1);
            boolean read = text.startsWith("GET ");
            // 505 is HTTP's own answer to an unknown protocol version, the one 5xx that is the client's fault.
            boolean badVersion = status == 505 && text.contains(" HTTP/9.9\r\n");
            if (!(status >= 400 && status < 500) && !(read && status >= 200 && status < 300) && !badVersion) {
                return "raw " + abbreviate(new String(message, StandardCharsets.ISO_8859_1)) + " -> "
                        + abbreviate(answer);
            }
            int split = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, split).toLowerCase(Locale.ROOT);
            String body = answer.substring(split + 4);
            if (!head.contains("content-type: application/json") || body.startsWith("<")) {
                return "raw " + abbreviate(new String(message, StandardCharsets.ISO_8859_1)) + " -> "
                        + abbreviate(answer);
            }
            return null;
        }
    }

    private static String abbreviate(String text) {
        String flat = text.replace("\r", "\\r").replace("\n", "\\n");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
