package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.task.ActiveTopics;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code GET /health} answers 503 while the worker starts and 500 when its herder does not answer (KIP-1017). */
class RestHealthTest {

    /** A worker that is started or not, and whose herder never answers. */
    private static final class StuckWorker extends StubWorker {
        private final boolean ready;

        StuckWorker(boolean ready) {
            super(new CompletableFuture<>());
            this.ready = ready;
        }

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public ActiveTopics activeTopics() {
            return new ActiveTopics(false, false);
        }
    }

    private static HttpResponse<String> get(boolean ready, String path) throws Exception {
        RestServer server = new RestServer(
                Map.of("listeners", "http://127.0.0.1:0"),
                ApiServices.of(new StuckWorker(ready), Duration.ofMillis(200)));
        server.start();
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.uri().resolve(path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } finally {
            server.stop();
        }
    }

    @Test
    void aWorkerStillStartingIs503Starting() throws Exception {
        HttpResponse<String> response = get(false, "/health");
        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.toString()).isEqualTo("{\"status\":\"starting\",\"message\":\"Worker is still starting up.\"}");
    }

    @Test
    void aHerderThatDoesNotAnswerIs500UnhealthyNamingIt() throws Exception {
        HttpResponse<String> response = get(true, "/health");
        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("unhealthy");
        assertThat(body.get("message").asText())
                .isEqualTo("Worker was unable to handle this request and may be unable to handle other requests."
                        + " The herder thread did not answer within 200 ms.");
    }

    @Test
    void topicsWithTrackingOffAre403WithConnectsMessages() throws Exception {
        HttpResponse<String> topics = get(true, "/connectors/c/topics");
        assertThat(topics.statusCode()).isEqualTo(403);
        assertThat(new ObjectMapper().readTree(topics.body()).toString())
                .isEqualTo("{\"error_code\":403,\"message\":\"Topic tracking is disabled.\"}");
    }
}
