package io.kanal.plugins.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.kanal.api.connector.SinkConnector;
import io.kanal.testkit.plugins.InvalidConfig;
import io.kanal.testkit.plugins.SinkConnectorConformance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The plugin conformance suite for {@link HttpSinkConnector} against a WireMock endpoint: the kit's {@code {id, name}}
 * rows arrive as JSON arrays, and what the sink wrote is the ids in the bodies the endpoint accepted. A stalled
 * destination is an endpoint that answers only after a long delay.
 */
class HttpSinkConformanceIT extends SinkConnectorConformance {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private WireMockServer server;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Override
    protected Class<? extends SinkConnector> connectorClass() {
        return HttpSinkConnector.class;
    }

    @Override
    protected Map<String, String> validConfig() {
        return Map.of("http.url", server.baseUrl() + "/in", "batch.linger.ms", "10");
    }

    @Override
    protected List<InvalidConfig> invalidConfigs() {
        Map<String, String> valid = validConfig();
        return List.of(
                InvalidConfig.with(valid, "http.url", "not a url"),
                InvalidConfig.with(valid, "http.method", "DELETE"),
                InvalidConfig.with(valid, "batch.max.records", "0"));
    }

    @Override
    protected List<Object> writtenIdentities() {
        List<Object> ids = new ArrayList<>();
        for (String body : WireMockSink.acceptedBodies(server)) {
            Matcher matcher = ID.matcher(body);
            while (matcher.find()) {
                ids.add(Long.parseLong(matcher.group(1)));
            }
        }
        return ids;
    }

    /** WireMock's Jetty starts its pool and scheduler threads on the first requests the sink makes. */
    @Override
    protected boolean mayOutliveTask(Thread thread) {
        return thread.getName().startsWith("qtp") || thread.getName().startsWith("Connector-Scheduler");
    }

    @Override
    protected Optional<AutoCloseable> stallDestination() {
        server.stubFor(
                post(urlEqualTo("/in")).willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
        return Optional.of(() -> server.stubFor(post(urlEqualTo("/in")).willReturn(ok())));
    }
}
