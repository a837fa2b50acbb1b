package io.kanal.plugins.http;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.kanal.plugins.http.WireMockSink.acceptedBodies;
import static io.kanal.plugins.http.WireMockSink.committable;
import static io.kanal.plugins.http.WireMockSink.config;
import static io.kanal.plugins.http.WireMockSink.context;
import static io.kanal.plugins.http.WireMockSink.journal;
import static io.kanal.plugins.http.WireMockSink.json;
import static io.kanal.plugins.http.WireMockSink.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The endpoint failing for 30 s while records keep arriving: they are delayed, not lost, duplicated or reordered. */
@Timeout(90)
class HttpSinkOutageIT {

    private static final int RECORDS = 100;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private WireMockServer server;
    private HttpSinkTask task;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        server.stop();
    }

    @Test
    void thirtySecondsOfFailuresDelayRecordsWithoutLosingAny() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(status(503)));
        task = WireMockSink.start(context(
                config(
                        server.baseUrl() + "/in",
                        Map.of("batch.max.records", "10", "retry.backoff.max.ms", "1000", "max.retries", "-1")),
                true));

        // Records keep arriving during the outage; nothing may be committed until the endpoint is back.
        List<Long> put = new ArrayList<>();
        await().atMost(OUTAGE.plusSeconds(20))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    if (put.size() < RECORDS) {
                        task.put(records(put.size(), 5));
                        put.add((long) put.size());
                        for (int i = 1; i < 5; i++) {
                            put.add((long) put.size());
                        }
                    }
                    assertThat(committable(task)).isEqualTo(-1);
                    return put.size() == RECORDS && failingFor().compareTo(OUTAGE) >= 0;
                });
        assertThat(journal(server)).allMatch(e -> e.getResponse().getStatus() == 503);
        assertThat(journal(server).size()).isGreaterThan(10);

        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        task.flush(Map.of());

        StringJoiner expected = new StringJoiner(",");
        for (long offset = 0; offset < RECORDS; offset++) {
            expected.add(json(offset));
        }
        String delivered =
                String.join(",", acceptedBodies(server)).replace("[", "").replace("]", "");
        assertThat(delivered).isEqualTo(expected.toString());
        assertThat(committable(task)).isEqualTo(RECORDS);
    }

    /** How long the server has been answering with failures, by its own journal. */
    private Duration failingFor() {
        List<ServeEvent> events = journal(server);
        if (events.isEmpty()) {
            return Duration.ZERO;
        }
        long first = events.get(0).getRequest().getLoggedDate().getTime();
        long last = events.get(events.size() - 1).getRequest().getLoggedDate().getTime();
        return Duration.ofMillis(last - first);
    }
}
