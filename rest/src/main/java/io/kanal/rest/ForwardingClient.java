package io.kanal.rest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends a request on to another worker and brings its answer back unchanged: method, body bytes and the headers that
 * carry meaning (content type, accepted types, the user's {@code Authorization}, the KIP-507 signature) go out; status,
 * content type, {@code Location} and body come back. The body is sent as received, so a signature over it stays valid
 * on the leader (Connect re-serialises the body and drops the signature headers; a forwarded internal request then
 * fails there).
 *
 * <p><b>Threading.</b> Thread-safe: one {@link HttpClient} (with its own selector thread and connection pool), created
 * under the lock on first use and shared by all request threads; {@link #send} blocks the calling request thread until
 * the answer or the timeout.
 */
final class ForwardingClient {

    /** The request headers that go along. */
    static final List<String> FORWARDED_HEADERS = List.of(
            "Content-Type",
            "Accept",
            "Authorization",
            "X-Connect-Authorization",
            "X-Connect-Request-Signature-Algorithm");

    /**
     * An answer from the other worker.
     *
     * @param status its HTTP status
     * @param headers the headers that matter: {@code Content-Type} and {@code Location} when present
     * @param body its body bytes
     */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        /**
         * Copies the headers.
         *
         * @param status the status
         * @param headers the headers
         * @param body the body
         */
        Answer {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }
    }

    private final Duration timeout;
    // Created on the first forward: a standalone worker never forwards and need not keep the client's selector thread.
    private HttpClient http;

    /**
     * Creates the client.
     *
     * @param timeout how long one forwarded request may take, connection included (the REST request timeout)
     */
    ForwardingClient(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }

    /**
     * Sends the request and waits for the answer.
     *
     * @param target the full URL, with the {@code forward} parameter
     * @param method the HTTP method
     * @param headers the request's headers, by name; only {@link #FORWARDED_HEADERS} are sent
     * @param body the body bytes, empty for none
     * @return the answer, whatever its status
     * @throws IOException when the worker cannot be reached or does not answer in time
     * @throws InterruptedException when the request thread is interrupted
     */
    Answer send(URI target, String method, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            if (FORWARDED_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
                request.header(name, value);
            }
        });
        HttpResponse<byte[]> response = http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> kept = new LinkedHashMap<>();
        response.headers().firstValue("Content-Type").ifPresent(v -> kept.put("Content-Type", v));
        response.headers()
                .firstValue("Location")
                .flatMap(ForwardingClient::pathOf)
                .ifPresent(v -> kept.put("Location", v));
        return new Answer(response.statusCode(), kept, response.body());
    }

    /**
     * The path and query of a {@code Location}: the client asked this worker, so the new resource is named relative to
     * it, as Connect's follower names it after a forwarded create.
     */
    private static Optional<String> pathOf(String location) {
        try {
            URI uri = URI.create(location);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return Optional.of(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return Optional.of(location);
        }
    }
}
