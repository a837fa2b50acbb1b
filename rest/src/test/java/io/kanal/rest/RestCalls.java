package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** HTTP calls and JSON checks shared by the conformance ITs. Stateless apart from its client; thread-safe. */
final class RestCalls {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;
    private final String authorization;

    RestCalls(URI base) {
        this(base, null);
    }

    private RestCalls(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same calls with HTTP Basic credentials. */
    RestCalls as(String user, String password) {
        return new RestCalls(
                base,
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(
                                        (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A reply: status, parsed body (null when empty) and the raw response. */
    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    Reply send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        // Parsed when JSON: /metrics answers Prometheus text.
        boolean isJson = response.headers()
                .firstValue("Content-Type")
                .map(t -> t.startsWith("application/json"))
                .orElse(true);
        JsonNode json = response.body().isEmpty() || !isJson ? null : JSON.readTree(response.body());
        return new Reply(response.statusCode(), json, response);
    }

    static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    static void assertError(Reply reply, int status) {
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(status);
        assertThat(reply.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(fields(reply.body())).containsExactly("error_code", "message");
        assertThat(reply.body().get("error_code").asInt()).isEqualTo(status);
    }
}
