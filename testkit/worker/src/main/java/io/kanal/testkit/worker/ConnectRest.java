package io.kanal.testkit.worker;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Calls on Kafka Connect's REST API, which Apache's workers and Kanal's serve alike: create a connector, read its
 * status, wait until it runs. Failures name the worker and quote the response.
 *
 * <p>Thread-safe: it holds only the base URI and a shared HTTP client.
 */
public final class ConnectRest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;

    /**
     * A client for one worker.
     *
     * @param base the worker's REST URI, e.g. {@code http://127.0.0.1:8083/}
     */
    public ConnectRest(URI base) {
        this.base = base;
    }

    /**
     * An HTTP response.
     *
     * @param status the status code
     * @param body the body, possibly empty
     */
    public record Response(int status, String body) {
        /**
         * The body as JSON.
         *
         * @return the parsed body
         */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    /**
     * The worker's REST URI.
     *
     * @return the base URI
     */
    public URI base() {
        return base;
    }

    /**
     * {@code GET path}.
     *
     * @param path relative to the base, e.g. {@code connectors}
     * @return the response
     */
    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /**
     * {@code POST path} with a JSON body.
     *
     * @param path relative to the base
     * @param body the value to send as JSON
     * @return the response
     */
    public Response post(String path, Object body) {
        return send(json(HttpRequest.newBuilder(base.resolve(path)), body, "POST"));
    }

    /**
     * {@code PUT path} with a JSON body.
     *
     * @param path relative to the base
     * @param body the value to send as JSON
     * @return the response
     */
    public Response put(String path, Object body) {
        return send(json(HttpRequest.newBuilder(base.resolve(path)), body, "PUT"));
    }

    /**
     * {@code PATCH path} with a JSON body.
     *
     * @param path relative to the base
     * @param body the value to send as JSON
     * @return the response
     */
    public Response patch(String path, Object body) {
        return send(json(HttpRequest.newBuilder(base.resolve(path)), body, "PATCH"));
    }

    /**
     * {@code DELETE path}.
     *
     * @param path relative to the base
     * @return the response
     */
    public Response delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    /**
     * Creates a connector ({@code POST /connectors}), trying again while the worker answers that the group is
     * rebalancing or not ready (409, 500 and 503 are what Connect answers then).
     *
     * @param name the connector's name
     * @param config its configuration, without {@code name}
     * @param timeout how long to keep trying
     * @return the 201 response
     * @throws ConditionTimeoutException when no attempt succeeded in time, with the last answer
     * @throws IllegalStateException when the worker answered anything else (400: a bad config, for example)
     */
    public Response createConnector(String name, Map<String, String> config, Duration timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("config", config);
        AtomicReference<Response> last = new AtomicReference<>();
        try {
            await("connector " + name + " created through " + base)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Response r = post("connectors", body);
                        last.set(r);
                        if (r.status() == 201) {
                            return true;
                        }
                        if (r.status() == 409 || r.status() == 500 || r.status() == 503) {
                            return false;
                        }
                        throw new IllegalStateException(
                                "POST " + base + "connectors (" + name + ") answered " + r.status() + ": " + r.body());
                    });
        } catch (ConditionTimeoutException e) {
            throw new ConditionTimeoutException(e.getMessage() + "; last answer: " + last.get(), e);
        }
        return last.get();
    }

    /**
     * The names of the connectors ({@code GET /connectors}).
     *
     * @return the names, as listed
     */
    public List<String> connectors() {
        Response r = expect(get("connectors"), 200, "GET connectors");
        List<String> names = new ArrayList<>();
        r.json().forEach(n -> names.add(n.asText()));
        return names;
    }

    /**
     * A connector's status ({@code GET /connectors/{name}/status}).
     *
     * @param name the connector
     * @return its status, or empty when the worker does not know it (404)
     */
    public Optional<ConnectorStatus> status(String name) {
        Response r = get("connectors/" + encode(name) + "/status");
        if (r.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(
                ConnectorStatus.parse(expect(r, 200, "GET status of " + name).json()));
    }

    /**
     * Waits until a connector and exactly {@code taskCount} tasks are RUNNING, as this worker reports them.
     *
     * @param name the connector
     * @param taskCount the tasks expected
     * @param timeout the longest wait
     * @return the status that showed it
     * @throws ConditionTimeoutException when it did not happen in time, with the last status seen
     */
    public ConnectorStatus awaitRunning(String name, int taskCount, Duration timeout) {
        AtomicReference<Object> last = new AtomicReference<>("none yet");
        try {
            await("connector " + name + " and " + taskCount + " task(s) RUNNING per " + base)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        Optional<ConnectorStatus> s = status(name);
                        last.set(s.isPresent() ? s.get() : "404");
                        return s.isPresent() && s.get().isRunning(taskCount);
                    });
        } catch (ConditionTimeoutException e) {
            throw new ConditionTimeoutException(e.getMessage() + "; last status: " + last.get(), e);
        }
        return (ConnectorStatus) last.get();
    }

    /**
     * Whether the worker is up and reports itself healthy ({@code GET /health} answers 200).
     *
     * @return true when healthy; false when it answers otherwise or not at all
     */
    public boolean healthy() {
        try {
            return get("health").status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static Response expect(Response r, int status, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + " answered " + r.status() + ": " + r.body());
        }
        return r;
    }

    private static HttpRequest.Builder json(HttpRequest.Builder b, Object body, String method) {
        try {
            return b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON", e);
        }
    }

    private Response send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .build();
        try {
            HttpResponse<String> response = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + r.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + r.method() + " " + r.uri(), e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
