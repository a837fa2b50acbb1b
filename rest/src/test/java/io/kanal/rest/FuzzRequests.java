package io.kanal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@link RestFuzzIT}'s requests: random and mutated, each invalid by construction (or a read), so that any answer but
 * a 4xx (a 2xx for a read) is a server bug. Comments say why each kind cannot succeed.
 *
 * <p><b>Threading.</b> Immutable; the caller's {@link Random} carries the state, so one seed replays one run.
 */
final class FuzzRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ODD_METHODS = {"TRACE", "FOO", "PROPFIND", "MKCOL"};

    /** One endpoint of the API: its path template ({c} a connector, {t} a task) and the methods it serves. */
    record Endpoint(String template, List<String> methods) {}

    static final List<Endpoint> ENDPOINTS = List.of(
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
    /**
     * Methods of internal endpoints between workers that share a path with a public one: not a wrong method, and a
     * standalone worker answers them 500 as Connect's standalone herder does.
     */
    private static final Map<String, List<String>> INTERNAL = Map.of("/connectors/{c}/tasks", List.of("POST"));

    /** A request and what the answer may be. */
    record Shot(String method, String path, String contentType, byte[] body, Map<String, String> headers, String why) {}

    private final Path input;
    private final List<String> connectors;
    private final int bodyLimit;

    /**
     * A generator for a worker with these connectors.
     *
     * @param input the file the connectors read
     * @param connectors the existing connectors' names
     * @param bodyLimit the server's body limit, which huge bodies exceed
     */
    FuzzRequests(Path input, List<String> connectors, int bodyLimit) {
        this.input = input;
        this.connectors = List.copyOf(connectors);
        this.bodyLimit = bodyLimit;
    }

    private String sourceConfig(String topic) {
        return "{\"connector.class\":\"FileStreamSource\",\"file\":\"" + input + "\",\"topic\":\"" + topic
                + "\",\"tasks.max\":\"1\"}";
    }

    /**
     * The next request.
     *
     * @param random the run's seeded source
     * @return a request that is invalid by construction, or a read
     */
    Shot next(Random random) {
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

    private String fill(String template, Random random, boolean existing) {
        String connector = existing ? pick(random, connectors) : unknownName(random);
        return template.replace("{c}", connector).replace("{t}", Integer.toString(random.nextInt(3)));
    }

    private Shot wrongMethod(Random random) {
        Endpoint endpoint = pick(random, ENDPOINTS);
        List<String> wrong = new ArrayList<>(METHODS);
        wrong.removeAll(endpoint.methods());
        wrong.removeAll(INTERNAL.getOrDefault(endpoint.template(), List.of()));
        String method = random.nextInt(5) == 0 ? pick(random, List.of(ODD_METHODS)) : pick(random, wrong);
        byte[] body = random.nextBoolean() ? mutatedJson(random).getBytes(StandardCharsets.UTF_8) : null;
        return new Shot(
                method, fill(endpoint.template(), random, true), "application/json", body, Map.of(), "wrong method");
    }

    private Shot unknownPath(Random random) {
        Endpoint endpoint = pick(random, ENDPOINTS);
        String path = fill(endpoint.template(), random, true);
        List<String> segments = new ArrayList<>(List.of(path.split("/")));
        if (segments.size() <= 1 || random.nextInt(3) == 0) {
            segments.add(randomSegment(random));
        } else {
            int at = 1 + random.nextInt(segments.size() - 1);
            String segment = segments.get(at);
            // Only a segment that names an endpoint (not the connector or task) can be mutated into an unknown path.
            if (connectors.contains(segment) || segment.matches("\\d+")) {
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

    private Shot unknownConnector(Random random) {
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

    private Shot badBody(Random random) {
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
        String existing = pick(random, connectors);
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
    private String putBody(Random random, String body) {
        return body.contains("FileStreamSource")
                ? body.replace("FileStreamSource", "FileStreamSourc" + random.nextInt(9))
                : body;
    }

    /** A PATCH body: {@code {}} or keys alone would be a valid patch, so the class is always made unknown. */
    private String patchBody(Random random, String body) {
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

    private String wrongTypes(Random random, int target) {
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

    private String bogusClass(Random random, int target) {
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

    private String duplicateOrNameless(Random random, int target) {
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

    private Shot hugeBody(Random random) {
        String method = pick(random, List.of("POST", "PUT", "PATCH"));
        String path = method.equals("POST") ? "/connectors" : "/connectors/" + pick(random, connectors) + "/config";
        int size = bodyLimit + 1 + random.nextInt(bodyLimit * 4);
        String body = "{\"name\":\"huge\",\"config\":{\"connector.class\":\"FileStreamSource\",\"pad\":\""
                + "x".repeat(size) + "\"}}";
        return new Shot(method, path, "application/json", bytes(body), Map.of(), "huge body");
    }

    private Shot badHeaders(Random random) {
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

    private Shot oddQuery(Random random) {
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

    private Shot brokenMessage(Random random) {
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

    private String mutatedJson(Random random) {
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

    private String unknownName(Random random) {
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
