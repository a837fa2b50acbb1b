package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ApiException;
import io.kanal.runtime.api.ApiServices;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    @Test
    void unexpectedFailureAnswersAnIdNotItsText() {
        Response a = new ErrorMapper().toResponse(new IllegalStateException("sasl.jaas.config password=hunter2"));
        Response b = new ErrorMapper().toResponse(new IllegalStateException("boom"));

        assertThat(a.getStatus()).isEqualTo(500);
        ErrorMapper.ErrorMessage body = (ErrorMapper.ErrorMessage) a.getEntity();
        assertThat(body.errorCode()).isEqualTo(500);
        assertThat(body.message())
                .matches("Internal error \\(id [0-9a-f-]{36}\\); see the worker log")
                .doesNotContain("hunter2")
                .doesNotContain("IllegalStateException");
        // Each failure gets its own id, so the log line can be found from the answer.
        assertThat(((ErrorMapper.ErrorMessage) b.getEntity()).message()).isNotEqualTo(body.message());
    }

    @Test
    void apiExceptionsKeepTheirStatusAndMessage() {
        Response r = new ErrorMapper().toResponse(new ApiException(409, "Connector c already exists"));

        assertThat(r.getStatus()).isEqualTo(409);
        assertThat(((ErrorMapper.ErrorMessage) r.getEntity()).message()).isEqualTo("Connector c already exists");
    }

    @Test
    void aLiveUnexpectedFailureIsLoggedOnceWithTheRequestAndTheId() throws Exception {
        // The stub worker's registry() throws: GET /connector-plugins fails in an unexpected way.
        RestServer server = new RestServer(
                Map.of("listeners", "http://127.0.0.1:0"), ApiServices.of(StubWorker.silent(), Duration.ofSeconds(5)));
        PrintStream stderr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        String message;
        server.start();
        // slf4j-simple writes to whatever System.err is at each call.
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> reply = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.uri().resolve("/connector-plugins"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(500);
            message = new ObjectMapper().readTree(reply.body()).get("message").asText();
        } finally {
            System.setErr(stderr);
            server.stop();
        }
        Matcher id = Pattern.compile("Internal error \\(id ([0-9a-f-]{36})\\); see the worker log")
                .matcher(message);
        assertThat(id.matches()).as(message).isTrue();
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged)
                .contains("GET /connector-plugins (id " + id.group(1) + ")")
                .contains("UnsupportedOperationException");
        assertThat(logged.split("UnsupportedOperationException: not needed here", -1))
                .as("the failure is logged once")
                .hasSize(2);
    }
}
