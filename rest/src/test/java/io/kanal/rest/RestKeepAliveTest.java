package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.api.ApiServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request the API answers without reading its body (405, 404, an error) leaves the connection reusable: a client
 * that pools connections, as {@link HttpClient} does, must never see the next request on it fail.
 */
class RestKeepAliveTest {

    private static final int ROUNDS = 300;

    private RestServer server;
    private HttpClient http;

    @BeforeEach
    void start() {
        server = new RestServer(
                Map.of("listeners", "http://127.0.0.1:0", RestServer.MAX_REQUEST_BODY_BYTES, "1024"),
                ApiServices.of(StubWorker.silent()));
        server.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unreadBodiesNeverBreakTheNextRequestOnThePooledConnection() throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(send("PATCH", "/connectors", "{}").statusCode())
                    .as("round %d", i)
                    .isEqualTo(405);
            assertThat(send("GET", "/connectors", null).statusCode())
                    .as("round %d", i)
                    .isEqualTo(200);
            assertThat(send("POST", "/no/such/path", "{\"a\":1}").statusCode())
                    .as("round %d", i)
                    .isEqualTo(404);
            assertThat(send("GET", "/", null).statusCode()).as("round %d", i).isEqualTo(200);
        }
    }

    /**
     * The race made deterministic: the body arrives only after the server could have answered. The server must wait
     * for it (rather than answer 405 at once and close the connection with the body unread), then serve the next
     * request on the same connection.
     */
    @Test
    void bodyArrivingLateIsReadBeforeTheAnswerAndTheConnectionStaysOpen() throws Exception {
        try (Socket socket = new Socket(server.uri().getHost(), server.uri().getPort())) {
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(ascii("PATCH /connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n"));
            out.flush();
            assertThatThrownBy(in::read)
                    .as("answered before the body arrived")
                    .isInstanceOf(SocketTimeoutException.class);
            socket.setSoTimeout(10_000);
            out.write(ascii("{}GET /connectors HTTP/1.1\r\nHost: x\r\n\r\n"));
            out.flush();
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 405").doesNotContainIgnoringCase("Connection: close");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("[]");
        }
    }

    @Test
    void bodyOverTheLimitIsAnswered413InJsonAndTheClientCarriesOn() throws Exception {
        String huge = "{\"name\":\"" + "x".repeat(2000) + "\"}";
        HttpResponse<String> declared = send("POST", "/connectors", huge);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(declared.body()).startsWith("{\"error_code\":413,\"message\":\"Request body is larger");
        HttpRequest chunked = HttpRequest.newBuilder(server.uri().resolve("/connectors"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> streamed = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(streamed.body()).contains("\"error_code\":413");
        assertThat(send("GET", "/connectors", null).statusCode()).isEqualTo(200);
        assertThat(send("PATCH", "/connectors", "x".repeat(1024)).statusCode()).isEqualTo(405);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one response with a {@code Content-Length} body; fails on end of stream. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("connection closed in the body after: " + headers);
        }
        return headers + new String(body, StandardCharsets.UTF_8);
    }
}
