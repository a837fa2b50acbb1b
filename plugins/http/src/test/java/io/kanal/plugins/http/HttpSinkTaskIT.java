package io.kanal.plugins.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.kanal.plugins.http.WireMockSink.TP0;
import static io.kanal.plugins.http.WireMockSink.acceptedBodies;
import static io.kanal.plugins.http.WireMockSink.committable;
import static io.kanal.plugins.http.WireMockSink.config;
import static io.kanal.plugins.http.WireMockSink.context;
import static io.kanal.plugins.http.WireMockSink.journal;
import static io.kanal.plugins.http.WireMockSink.json;
import static io.kanal.plugins.http.WireMockSink.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.kanal.api.errors.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP sink task against a WireMock server in the test JVM, with faults injected by stubs. */
@Timeout(60)
class HttpSinkTaskIT {

    private static WireMockServer server;

    private final List<HttpSinkTask> started = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @AfterEach
    void stopTasks() {
        started.forEach(HttpSinkTask::stop);
    }

    private HttpSinkTask start(RecordingSinkContext context) {
        HttpSinkTask task = WireMockSink.start(context);
        started.add(task);
        return task;
    }

    private static String url() {
        return server.baseUrl() + "/in";
    }

    /** A scenario: the given failures in order, then 200 for good. */
    private static void failThenSucceed(ResponseDefinitionBuilder... failures) {
        String state = Scenario.STARTED;
        for (int i = 0; i < failures.length; i++) {
            String next = "after-" + i;
            server.stubFor(post(urlEqualTo("/in"))
                    .inScenario("failures")
                    .whenScenarioStateIs(state)
                    .willReturn(failures[i])
                    .willSetStateTo(next));
            state = next;
        }
        server.stubFor(post(urlEqualTo("/in"))
                .inScenario("failures")
                .whenScenarioStateIs(state)
                .willReturn(ok()));
    }

    @Test
    void batchesAsJsonArraysByRecordCount() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        HttpSinkTask task = start(context(config(url(), Map.of("batch.max.records", "3")), true));

        task.put(records(0, 7));
        task.flush(Map.of());

        assertThat(acceptedBodies(server))
                .containsExactly(
                        "[" + json(0) + "," + json(1) + "," + json(2) + "]",
                        "[" + json(3) + "," + json(4) + "," + json(5) + "]",
                        "[" + json(6) + "]");
        server.verify(3, postRequestedFor(urlEqualTo("/in")).withHeader("Content-Type", equalTo("application/json")));
        assertThat(committable(task)).isEqualTo(7);
    }

    @Test
    void batchesAsNdjsonWithPut() {
        server.stubFor(put(urlEqualTo("/in")).willReturn(ok()));
        HttpSinkTask task = start(context(config(url(), Map.of("batch.format", "ndjson", "http.method", "PUT")), true));

        task.put(records(0, 3));
        task.flush(Map.of());

        assertThat(acceptedBodies(server)).containsExactly(json(0) + "\n" + json(1) + "\n" + json(2) + "\n");
        server.verify(
                1, putRequestedFor(urlEqualTo("/in")).withHeader("Content-Type", equalTo("application/x-ndjson")));
    }

    @Test
    void aBatchThatIsNotFullIsSentOnceLingeredWithoutAFlush() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        HttpSinkTask task = start(context(config(url(), Map.of("batch.linger.ms", "200")), true));

        task.put(records(0, 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> committable(task) == 2);
        assertThat(acceptedBodies(server)).containsExactly("[" + json(0) + "," + json(1) + "]");
    }

    @Test
    void basicAuthenticationAndExtraHeaders() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        HttpSinkTask task = start(context(
                config(
                        url(),
                        Map.of(
                                "http.auth.type", "basic",
                                "http.auth.basic.username", "user",
                                "http.auth.basic.password", "s3cret",
                                "http.headers", "X-Source:kanal,X-Tenant: a")),
                true));

        task.put(records(0, 1));
        task.flush(Map.of());

        server.verify(
                1,
                postRequestedFor(urlEqualTo("/in"))
                        .withHeader("Authorization", equalTo("Basic dXNlcjpzM2NyZXQ="))
                        .withHeader("X-Source", equalTo("kanal"))
                        .withHeader("X-Tenant", equalTo("a")));
    }

    @Test
    void bearerAuthentication() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        HttpSinkTask task = start(
                context(config(url(), Map.of("http.auth.type", "bearer", "http.auth.bearer.token", "tok-123")), true));

        task.put(records(0, 1));
        task.flush(Map.of());

        server.verify(1, postRequestedFor(urlEqualTo("/in")).withHeader("Authorization", equalTo("Bearer tok-123")));
    }

    @Test
    void serverErrorsAreRetriedWithTheSameBatch() {
        failThenSucceed(status(500), status(502));
        HttpSinkTask task = start(context(config(url(), Map.of()), true));

        task.put(records(0, 2));
        task.flush(Map.of());

        List<String> bodies = journal(server).stream()
                .map(e -> e.getRequest().getBodyAsString())
                .toList();
        String expected = "[" + json(0) + "," + json(1) + "]";
        assertThat(bodies).containsExactly(expected, expected, expected);
        assertThat(acceptedBodies(server)).containsExactly(expected);
        assertThat(committable(task)).isEqualTo(2);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        failThenSucceed(status(429).withHeader("Retry-After", "1"));
        HttpSinkTask task = start(context(config(url(), Map.of()), true));

        task.put(records(0, 1));
        task.flush(Map.of());

        List<ServeEvent> requests = journal(server);
        assertThat(requests).hasSize(2);
        long gapMs = requests.get(1).getRequest().getLoggedDate().getTime()
                - requests.get(0).getRequest().getLoggedDate().getTime();
        // The back-off alone would be 100 ms: only the header explains a second.
        assertThat(gapMs).isGreaterThanOrEqualTo(1_000);
        assertThat(committable(task)).isEqualTo(1);
    }

    @Test
    void connectionResetsAreRetried() {
        failThenSucceed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        HttpSinkTask task = start(context(config(url(), Map.of()), true));

        task.put(records(0, 2));
        task.flush(Map.of());

        assertThat(journal(server)).hasSize(2);
        assertThat(acceptedBodies(server)).containsExactly("[" + json(0) + "," + json(1) + "]");
        assertThat(committable(task)).isEqualTo(2);
    }

    @Test
    void aResponseSlowerThanTheTimeoutIsRetried() {
        failThenSucceed(aResponse().withStatus(200).withFixedDelay(1_500));
        HttpSinkTask task = start(context(config(url(), Map.of("http.timeout.ms", "300")), true));

        task.put(records(0, 1));
        task.flush(Map.of());

        // The timed-out request reached the server too: delivery is at least once, so the body arrives twice.
        assertThat(journal(server)).hasSize(2);
        assertThat(journal(server).get(0).getRequest().getBodyAsString())
                .isEqualTo(journal(server).get(1).getRequest().getBodyAsString());
        assertThat(committable(task)).isEqualTo(1);
    }

    @Test
    void clientErrorsSendTheBatchToTheErrantRecordReporter() {
        failThenSucceed(status(400).withBody("bad field"));
        RecordingSinkContext context = context(config(url(), Map.of("batch.max.records", "2")), true);
        HttpSinkTask task = start(context);

        task.put(records(0, 3));
        task.flush(Map.of());

        assertThat(context.errant()).extracting(e -> e.record().kafkaOffset()).containsExactly(0L, 1L);
        assertThat(context.errant().get(0).error())
                .hasMessageContaining("400")
                .hasMessageContaining("bad field")
                .hasMessageContaining("t-0@0");
        // The rejected batch is not retried; the next one goes through, and the offsets pass both.
        assertThat(acceptedBodies(server)).containsExactly("[" + json(2) + "]");
        assertThat(committable(task)).isEqualTo(3);
    }

    @Test
    void clientErrorsWithoutAReporterFailTheTaskNamingTheRecords() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(status(422)));
        HttpSinkTask task = start(context(config(url(), Map.of()), false));

        task.put(records(5, 2));

        assertThatThrownBy(() -> task.flush(Map.of()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("422")
                .hasMessageContaining("t-0@5")
                .hasMessageContaining("t-0@6");
        assertThatThrownBy(() -> task.put(records(7, 1))).isInstanceOf(PluginException.class);
    }

    @Test
    void retriesRunningOutFailTheTaskWithNothingCommitted() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(status(503)));
        HttpSinkTask task = start(context(config(url(), Map.of("max.retries", "2")), true));

        task.put(records(0, 1));

        assertThatThrownBy(() -> task.flush(Map.of()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("after 2 retries")
                .hasMessageContaining("503");
        server.verify(3, postRequestedFor(urlEqualTo("/in")));
    }

    @Test
    void stopIsPromptWhileWaitingForALongRetryAfter() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(status(503).withHeader("Retry-After", "600")));
        HttpSinkTask task = WireMockSink.start(context(config(url(), Map.of()), true));
        task.put(records(0, 1));
        task.preCommit(Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> journal(server).size() == 1);

        long startNanos = System.nanoTime();
        task.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(2));
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("kanal-http-sender-http-it") && t.isAlive());
    }

    @Test
    void aFailingEndpointPausesThePartitionsAndRecoveryResumesThem() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(status(503)));
        RecordingSinkContext context = context(
                config(url(), Map.of("buffer.max.records", "4", "batch.max.records", "2", "max.retries", "-1")), true);
        HttpSinkTask task = start(context);

        task.put(records(0, 5));
        assertThat(context.paused()).containsExactly(TP0);
        assertThat(committable(task)).isEqualTo(-1);

        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            task.put(List.of());
            return context.paused().isEmpty();
        });
        task.flush(Map.of());
        assertThat(committable(task)).isEqualTo(5);
        assertThat(String.join("", acceptedBodies(server)))
                .isEqualTo("[" + json(0) + "," + json(1) + "][" + json(2) + "," + json(3) + "][" + json(4) + "]");
        assertThat(context.assignment()).isEqualTo(Set.of(TP0));
    }

    @Test
    void noThreadOfTheTaskOutlivesIt() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        HttpSinkTask task = WireMockSink.start(context(config(url(), Map.of()), true));
        task.put(records(0, 3));
        task.flush(Map.of());

        task.stop();

        // The JDK 17 client's selector thread ends once the client is collected: stop must leave it unreachable.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    System.gc();
                    return Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> !before.contains(t))
                            .noneMatch(t -> t.getName().startsWith("HttpClient-")
                                    || t.getName().startsWith("kanal-http"));
                });
    }
}
