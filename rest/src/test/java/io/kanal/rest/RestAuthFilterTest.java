package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.runtime.api.ApiServices;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter's answer when no PBKDF2 check may start: 429 in Connect's JSON error shape, with Retry-After. */
class RestAuthFilterTest {

    @TempDir
    Path dir;

    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** A servlet that answers 200, behind the filter under test. */
    private static final class Ok extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            response.setStatus(200);
        }
    }

    @Test
    void whenEveryPbkdf2PermitIsTakenTheAnswerIs429WithRetryAfter() throws Exception {
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        Path file = Files.writeString(
                dir.resolve("users.properties"),
                "hashed: " + RestUsers.hash("h4shed-pw".toCharArray(), salt, 1000) + ",admin\nplain: pl4in,admin\n");
        // No permits: every PBKDF2 check is over the limit, as when two slow checks already run.
        RestUsers users =
                RestUsers.load(file, (password, s, iterations, bits) -> new byte[bits / 8], System::nanoTime, 0);
        RestAuthSettings settings = new RestAuthSettings(true, false, true, Optional.of(users), false);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(
                new FilterHolder(new RestAuthFilter(
                        settings, ApiServices.of(StubWorker.silent()).cluster(), Json.mapper())),
                "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Ok()), "/*");
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");

        HttpResponse<String> busy = get(base, "hashed", "h4shed-pw");
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue(RestAuthFilter.RETRY_AFTER_SECONDS);
        JsonNode body = Json.mapper().readTree(busy.body());
        assertThat(body.get("error_code").asInt()).isEqualTo(429);
        assertThat(body.get("message").asText()).isNotBlank();
        // An unknown user costs a PBKDF2 too (the file holds a hashed user), so it is deferred the same way.
        assertThat(get(base, "ghost", "x").statusCode()).isEqualTo(429);
        // A plain password needs no PBKDF2.
        assertThat(get(base, "plain", "pl4in").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(URI base, String user, String password) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("connectors"))
                                .timeout(Duration.ofSeconds(10))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((user + ":" + password)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
