package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.worker.StandaloneWorker;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONNECTORS = List.of("fuzz-a", "fuzz-b");
    private static final String[] ODD_METHODS = {"TRACE", "FOO", "PROPFIND", "MKCOL"};

    @TempDir
    static Path dir;

    private static StandaloneWorker worker;
    private static RestServer rest;
    private static Path offsets;
    private static Path input;

    /** One endpoint of the API: its path template ({c} a connector, {t} a task) and the methods it serves. */
    record Endpoint(String template, List<String> methods) {}

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/", List.of("GET")),
            new Endpoint("/connector-plugins", List.of("GET")),
            new Endpoint("/connectors", List.of("GET", "POST")),
            new Endpoint("/connectors/{c}", List.of("GET", "DELETE")),
            new Endpoint("/connectors/{c}/config", List.of("GET", "PUT", "PATCH")),
            new Endpoint("/connectors/{c}/offsets", List.of("DELETE")),
            new Endpoint("/connectors/{c}/status", List.of("GET")),
            new Endpoint("/connectors/{c}/tasks", List.of("GET")),
            new Endpoint("/connectors/{c}/tasks/{t}/status", List.of("GET")),
            new Endpoint("/connectors/{c}/restart", List.of("POST")),
            new Endpoint("/connectors/{c}/tasks/{t}/restart", List.of("POST")),
            new Endpoint("/connectors/{c}/pause", List.of("PUT")),
            new Endpoint("/connectors/{c}/resume", List.of("PUT")),
            new Endpoint("/connectors/{c}/stop", List.of("PUT")));

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /** A request and what the answer may be. */
    record Shot(String method, String path, String contentType, byte[] body, Map<String, String> headers, String why) {}

    @BeforeAll
    static void start(KafkaCluster cluster) throws IOException {
        // An empty file: the running source then has no offsets that could move on their own during the run, so any
        // change of the offsets is the fuzzing's.
        input = Files.writeString(dir.resolve("in.txt"), "");
        offsets = dir.resolve("offsets");
        worker = StandaloneWorker.create(Map.of(
                "bootstrap.servers",
                cluster.bootstrapServers(),
                "plugin.path",
                System.getProperty("kanal.test.plugin.file"),
                "offset.storage.file.filename",
                offsets.toString(),
                "offset.flush.interval.ms",
                "200",
                "key.converter",
                "org.apache.kafka.connect.storage.StringConverter",
                "value.converter",
                "org.apache.kafka.connect.storage.StringConverter"));
        worker.start();
        rest = new RestServer(
                Map.of(
                        "listeners",
                        "http://127.0.0.1:0",
                        RestServer.MAX_REQUEST_BODY_BYTES,
                        Integer.toString(BODY_LIMIT)),
                ApiServices.of(worker));
        rest.start();
    }

    @AfterAll
    static void stop() {
        if (rest != null) {
            rest.stop();
        }
        if (worker != null) {
            worker.stop();
        }
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
                HttpRequest.newBuilder(rest.uri().resolve(path))
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
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS && failures.size() < 20; i++) {
            Shot shot = shot(random);
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
        assertThat(seconds).as("run time, seed %d", seed).isLessThan(60);
    }

    /** Sends one request; returns what was wrong with the answer, or null. */
    private static String fire(Shot shot, Map<Integer, Integer> statuses) throws Exception {
        if (shot.method().equals("RAW")) {
            return raw(shot.body(), statuses);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(rest.uri().resolve(shot.path()))
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
        URI uri = rest.uri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (answer.isEmpty()) {
                return null; // closed without an answer: nothing to check
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

    // ---- the generator ---------------------------------------------------------------------------------------

    private static Shot shot(Random random) {
        int kind = random.nextInt(100);
        if (kind < 15) {
            return wrongMethod(random);
        } else if (kind < 30) {
            return unknownPath(random);
        } else if (kind < 45) {
            return unknownConnector(random);
        } else if (kind < 75) {
            return badBody(random);
        } else if (kind < 80) {
            return hugeBody(random);
        } else if (kind < 90) {
            return badHeaders(random);
        } else if (kind < 95) {
            return oddQuery(random);
        }
        return brokenMessage(random);
    }

    private static String fill(String template, Random random, boolean existing) {
        String connector = existing ? pick(random, CONNECTORS) : unknownName(random);
        return template.replace("{c}", connector).replace("{t}", Integer.toString(random.nextInt(3)));
    }

    private static Shot wrongMethod(Random random) {
        Endpoint endpoint = pick(random, ENDPOINTS);
        List<String> wrong = new ArrayList<>(METHODS);
        wrong.removeAll(endpoint.methods());
        String method = random.nextInt(5) == 0 ? pick(random, List.of(ODD_METHODS)) : pick(random, wrong);
        byte[] body = random.nextBoolean() ? mutatedJson(random).getBytes(StandardCharsets.UTF_8) : null;
        return new Shot(
                method, fill(endpoint.template(), random, true), "application/json", body, Map.of(), "wrong method");
    }

    private static Shot unknownPath(Random random) {
        Endpoint endpoint = pick(random, ENDPOINTS);
        String path = fill(endpoint.template(), random, true);
        List<String> segments = new ArrayList<>(List.of(path.split("/")));
        if (segments.size() <= 1 || random.nextInt(3) == 0) {
            segments.add(randomSegment(random));
        } else {
            int at = 1 + random.nextInt(segments.size() - 1);
            String segment = segments.get(at);
            // Only a segment that names an endpoint (not the connector or task) can be mutated into an unknown path.
            if (CONNECTORS.contains(segment) || segment.matches("\\d+")) {
                segments.add(randomSegment(random) + "x");
            } else {
                segments.set(at, mutateSegment(random, segment));
            }
        }
        String method = pick(random, METHODS);
        byte[] body = method.equals("GET") || random.nextBoolean()
                ? null
                : mutatedJson(random).getBytes(StandardCharsets.UTF_8);
        return new Shot(method, String.join("/", segments), "application/json", body, Map.of(), "unknown path");
    }

    private static Shot unknownConnector(Random random) {
        List<Endpoint> perConnector =
                ENDPOINTS.stream().filter(e -> e.template().contains("{c}")).toList();
        Endpoint endpoint = pick(random, perConnector);
        String method = pick(random, endpoint.methods());
        byte[] body = null;
        if (endpoint.template().endsWith("/config") && !method.equals("GET")) {
            // A valid config would create the connector (PUT): its class never exists.
            body = ("{\"connector.class\":\"NoSuch" + random.nextInt(1000) + "\",\"tasks.max\":\"1\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return new Shot(
                method,
                fill(endpoint.template(), random, false),
                "application/json",
                body,
                Map.of(),
                "unknown connector");
    }

    private static Shot badBody(Random random) {
        int target = random.nextInt(4);
        String body =
                switch (random.nextInt(6)) {
                    case 0 -> mutatedJson(random);
                    case 1 -> wrongTypes(random, target);
                    case 2 -> bogusClass(random, target);
                    case 3 -> randomText(random, random.nextInt(200));
                    case 4 -> pick(random, List.of("", "null", "[]", "{}", "0", "\"x\"", "true", "[{}]", "{\"a\":}"));
                    default -> duplicateOrNameless(random, target);
                };
        String existing = pick(random, CONNECTORS);
        return switch (target) {
            case 0 -> new Shot("POST", "/connectors", "application/json", bytes(body), Map.of(), "bad create body");
            case 1 ->
                new Shot(
                        "PUT",
                        "/connectors/" + existing + "/config",
                        "application/json",
                        bytes(putBody(random, body)),
                        Map.of(),
                        "bad put body");
            case 2 ->
                new Shot(
                        "PATCH",
                        "/connectors/" + existing + "/config",
                        "application/json",
                        bytes(patchBody(random, body)),
                        Map.of(),
                        "bad patch body");
            default ->
                new Shot(
                        "DELETE",
                        "/connectors/fuzz-a/offsets",
                        "application/json",
                        bytes(body),
                        Map.of(),
                        "offsets of a running connector");
        };
    }

    /** A PUT body: anything that is not a config with an existing class. */
    private static String putBody(Random random, String body) {
        return body.contains("FileStreamSource")
                ? body.replace("FileStreamSource", "FileStreamSourc" + random.nextInt(9))
                : body;
    }

    /** A PATCH body: {@code {}} or keys alone would be a valid patch, so the class is always made unknown. */
    private static String patchBody(Random random, String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return "{\"connector.class\":\"Nope" + random.nextInt(100) + "\","
                        + body.substring(body.indexOf('{') + 1);
            }
        } catch (IOException e) {
            // malformed already
        }
        return body;
    }

    private static String wrongTypes(Random random, int target) {
        String value = pick(random, List.of("1", "[1,2]", "{\"x\":1}", "true", "[]", "{}"));
        // Jackson turns a number or boolean into a string, so only a structure is a wrong type for the name.
        String structure = pick(random, List.of("[1,2]", "{\"x\":1}", "[]", "{}"));
        if (target == 0) {
            return pick(
                    random,
                    List.of(
                            "{\"name\":" + structure + ",\"config\":" + sourceConfig("t") + "}",
                            "{\"name\":\"n" + random.nextInt(100) + "\",\"config\":" + value.replace("{}", "1") + "}",
                            "{\"name\":\"n\",\"config\":" + sourceConfig("t") + ",\"initial_state\":" + value + "}"));
        }
        return "{\"connector.class\":" + pick(random, List.of("[1,2]", "{\"x\":1}", "{}", "[]")) + ",\"file\":\""
                + input + "\"}";
    }

    private static String bogusClass(Random random, int target) {
        String config = sourceConfig("t")
                .replace(
                        "FileStreamSource",
                        pick(
                                random,
                                List.of(
                                        "",
                                        " ",
                                        "No.Such.Class",
                                        "FileStream",
                                        "java.lang.String",
                                        "${x}",
                                        "\u00e9\u00e8")));
        return target == 0 ? "{\"name\":\"new-" + random.nextInt(1000) + "\",\"config\":" + config + "}" : config;
    }

    private static String duplicateOrNameless(Random random, int target) {
        if (target != 0) {
            return mutatedJson(random);
        }
        return pick(
                random,
                List.of(
                        "{\"name\":\"fuzz-a\",\"config\":" + sourceConfig("t") + "}",
                        "{\"name\":\"fuzz-b\",\"config\":" + sourceConfig("t") + "}",
                        "{\"config\":" + sourceConfig("t") + "}",
                        "{\"name\":\"\",\"config\":" + sourceConfig("t").replace("FileStreamSource", "Nope") + "}",
                        "{\"name\":\"x\",\"config\":" + sourceConfig("t") + ",\"surprise\":1}"));
    }

    private static Shot hugeBody(Random random) {
        String method = pick(random, List.of("POST", "PUT", "PATCH"));
        String path = method.equals("POST") ? "/connectors" : "/connectors/" + pick(random, CONNECTORS) + "/config";
        int size = BODY_LIMIT + 1 + random.nextInt(BODY_LIMIT * 4);
        String body = "{\"name\":\"huge\",\"config\":{\"connector.class\":\"FileStreamSource\",\"pad\":\""
                + "x".repeat(size) + "\"}}";
        return new Shot(method, path, "application/json", bytes(body), Map.of(), "huge body");
    }

    private static Shot badHeaders(Random random) {
        String contentType = pick(
                random,
                List.of(
                        "text/plain",
                        "application/xml",
                        "application/x-www-form-urlencoded",
                        "application/json; charset=bogus",
                        "multipart/form-data; boundary=x",
                        "*/*",
                        "application/",
                        "garbage"));
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            headers.put(
                    "Accept",
                    pick(random, List.of("text/html", "application/xml", "image/png", "*/*", "application/json;q=0")));
        }
        if (random.nextBoolean()) {
            headers.put("X-Fuzz", randomText(random, 20).replaceAll("[^A-Za-z0-9 ]", "a"));
        }
        // Invalid by construction, whatever the headers: an unknown class, a malformed body or an unknown connector.
        Shot base = random.nextBoolean() ? unknownConnector(random) : badBody(random);
        if (base.method().equals("GET")) {
            base = new Shot("POST", "/connectors", null, bytes(bogusClass(random, 0)), Map.of(), "");
        }
        return new Shot(base.method(), base.path(), contentType, base.body(), headers, "bad headers, " + base.why());
    }

    private static Shot oddQuery(Random random) {
        String query = pick(
                random,
                List.of(
                        "expand=%ZZ",
                        "expand=",
                        "includeTasks=maybe&onlyFailed=2",
                        "connectorsOnly=perhaps",
                        "forward=1",
                        "a=b&a=c&&&=",
                        "expand=status&expand=" + "x".repeat(500),
                        "%00=%00"));
        Shot base = unknownConnector(random);
        String path = base.path() + "?" + query.replace("%ZZ", "%25ZZ").replace("%00", "%2500");
        return new Shot(base.method(), path, base.contentType(), base.body(), Map.of(), "odd query, " + base.why());
    }

    private static Shot brokenMessage(Random random) {
        String message = pick(
                random,
                List.of(
                        "GET /connectors HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                        "GET /connectors/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                        "POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
                        "POST /connectors HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                        "GET /connectors HTTP/9.9\r\nHost: x\r\n\r\n",
                        "GET /connectors HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
                        "GET /connectors HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n",
                        "G\u00e9T /connectors HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /" + "a/".repeat(4000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /connectors/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /connectors HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
                        "POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"));
        return new Shot("RAW", "", null, message.getBytes(StandardCharsets.ISO_8859_1), Map.of(), "broken message");
    }

    private static String mutatedJson(Random random) {
        String base = pick(
                random,
                List.of(
                        "{\"name\":\"m\",\"config\":" + sourceConfig("m") + "}",
                        sourceConfig("m"),
                        "{\"tasks.max\":\"2\"}"));
        StringBuilder text = new StringBuilder(base);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(4)) {
                case 0 -> text.deleteCharAt(at);
                case 1 ->
                    text.insert(at, pick(random, List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000", "nul")));
                case 2 -> text.setLength(at);
                default -> text.setCharAt(at, (char) (random.nextInt(0x7e - 0x20) + 0x20));
            }
        }
        String out = text.toString();
        // A mutation can leave valid JSON behind; never send one that parses, so every body stays invalid.
        try {
            JSON.readTree(out);
            return out + "}{";
        } catch (IOException e) {
            return out;
        }
    }

    private static String unknownName(Random random) {
        return pick(
                        random,
                        List.of("nope", "fuzz-c", "FUZZ-A", "fuzz-a%20", "%20", "a%2Fb", "%E2%98%83", "x".repeat(300)))
                + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(1000)));
    }

    private static String randomSegment(Random random) {
        return pick(
                        random,
                        List.of(
                                "bogus",
                                "admin",
                                "loggers",
                                "%20",
                                "%E2%98%83",
                                "tasks",
                                "0",
                                "-1",
                                "99999999999999999999"))
                + random.nextInt(100);
    }

    private static String mutateSegment(Random random, String segment) {
        return switch (random.nextInt(3)) {
            case 0 -> segment.toUpperCase(Locale.ROOT);
            case 1 -> segment + "s";
            default -> segment.substring(0, Math.max(1, segment.length() - 1)) + "_";
        };
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextInt(0x250) + 1));
        }
        return text.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
