package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ApiServices;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests Jetty or Jersey used to refuse with an empty body (found by RestFuzzIT) get Connect's JSON error. */
class RestMalformedRequestsTest {

    private RestServer server;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        server = new RestServer(Map.of("listeners", "http://127.0.0.1:0"), ApiServices.of(StubWorker.silent()));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonError(HttpResponse<String> reply, int status) throws Exception {
        assertThat(reply.statusCode()).isEqualTo(status);
        assertThat(reply.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(reply.body());
        assertThat(body.get("error_code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    @Test
    void anEncodedSlashInAConnectorNameIsAJson404AndKeepsTheConnection() throws Exception {
        HttpResponse<String> reply = http.send(
                HttpRequest.newBuilder(server.uri().resolve("/connectors/a%2Fb"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertJsonError(reply, 404);
        assertThat(http.send(HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aMalformedContentTypeOrAcceptIsAJson400() throws Exception {
        assertJsonError(send("/connectors", "Content-Type", "application/"), 400);
        assertJsonError(send("/connectors", "Content-Type", "garbage"), 400);
        assertJsonError(send("/connectors/c/restart", "Accept", "text/html, application/"), 400);
        // A well-formed but unsupported type is Connect's 415, also in JSON.
        assertJsonError(send("/connectors", "Content-Type", "text/plain"), 415);
    }
}
