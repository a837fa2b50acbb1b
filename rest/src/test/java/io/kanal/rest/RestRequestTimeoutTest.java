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
import org.junit.jupiter.api.Test;

/** A request that waits on the worker past the request timeout answers Connect's 500 naming the stage it waited on. */
class RestRequestTimeoutTest {

    @Test
    void aRequestTheHerderNeverAnswersIsA500RequestTimedOutInJson() throws Exception {
        RestServer server = new RestServer(
                Map.of("listeners", "http://127.0.0.1:0"), ApiServices.of(StubWorker.silent(), Duration.ofMillis(300)));
        server.start();
        try {
            HttpResponse<String> reply = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(server.uri().resolve("/connectors/c/pause"))
                                    .PUT(HttpRequest.BodyPublishers.noBody())
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(500);
            JsonNode body = new ObjectMapper().readTree(reply.body());
            assertThat(body.get("error_code").asInt()).isEqualTo(500);
            assertThat(body.get("message").asText())
                    .startsWith("Request timed out. The worker is currently waiting for the herder thread")
                    .contains("which began at");
        } finally {
            server.stop();
        }
    }
}
