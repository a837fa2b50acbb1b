package io.kanal.rest;

import static io.kanal.rest.RestCalls.assertError;
import static io.kanal.rest.RestCalls.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.rest.RestCalls.Reply;
import io.kanal.runtime.api.ApiServices;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /admin/loggers} (worker scope, KIP-495): status codes, Connect's {@code LoggerLevel} shape and the namespace
 * semantics, over a logging backend held in memory (the rest module's tests log through slf4j-simple; the Logback
 * backend has its own test in the cli module).
 */
class LoggersConformanceIT {

    private MemoryLoggerLevels levels;
    private RestServer rest;
    private RestCalls http;

    @BeforeEach
    void start() {
        levels = new MemoryLoggerLevels("io.kanal", "io.kanal.runtime", "io.kanal.runtime.worker", "org.apache");
        levels.setLevel("io.kanal.runtime", "WARN");
        rest = new RestServer(
                Map.of("listeners", "http://127.0.0.1:0"),
                ApiServices.of(StubWorker.silent()).withLoggerLevels(levels));
        rest.start();
        http = new RestCalls(rest.uri());
    }

    @AfterEach
    void stop() {
        rest.stop();
    }

    @Test
    void listShowsLoggersWithALevelOfTheirOwn() throws Exception {
        Reply reply = http.send("GET", "/admin/loggers", null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(fields(reply.body())).containsExactly("io.kanal.runtime", "root");
        assertThat(fields(reply.body().get("root"))).containsExactly("level", "last_modified");
        assertThat(reply.body().get("root").get("level").asText()).isEqualTo("INFO");
        assertThat(reply.body().get("root").get("last_modified").isNull()).isTrue();
    }

    @Test
    void getShowsOneLoggersEffectiveLevel() throws Exception {
        Reply worker = http.send("GET", "/admin/loggers/io.kanal.runtime.worker", null);
        assertThat(worker.status()).isEqualTo(200);
        assertThat(fields(worker.body())).containsExactly("level", "last_modified");
        assertThat(worker.body().get("level").asText()).isEqualTo("WARN");
        assertThat(http.send("GET", "/admin/loggers/root", null)
                        .body()
                        .get("level")
                        .asText())
                .isEqualTo("INFO");
        Reply unknown = http.send("GET", "/admin/loggers/no.such.logger", null);
        assertError(unknown, 404);
        assertThat(unknown.body().get("message").asText()).isEqualTo("Logger no.such.logger not found.");
    }

    @Test
    void putSetsTheNamespaceAndItsDescendants() throws Exception {
        long before = System.currentTimeMillis();
        Reply reply = http.send("PUT", "/admin/loggers/io.kanal", "{\"level\":\"debug\"}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(RestCalls.strings(reply.body()))
                .containsExactly("io.kanal", "io.kanal.runtime", "io.kanal.runtime.worker");
        assertThat(levels.level("io.kanal.runtime.worker")).hasValue("DEBUG");
        assertThat(levels.level("org.apache")).isEmpty();

        Reply read = http.send("GET", "/admin/loggers/io.kanal.runtime", null);
        assertThat(read.body().get("level").asText()).isEqualTo("DEBUG");
        assertThat(read.body().get("last_modified").asLong()).isGreaterThanOrEqualTo(before);
        assertThat(fields(http.send("GET", "/admin/loggers", null).body()))
                .containsExactly("io.kanal", "io.kanal.runtime", "io.kanal.runtime.worker", "root");

        // A new namespace is created; the list names it alone.
        Reply created = http.send("PUT", "/admin/loggers/com.example", "{\"level\":\"TRACE\"}");
        assertThat(RestCalls.strings(created.body())).containsExactly("com.example");
    }

    @Test
    void clusterScopeSetsTheLevelHereAndAnswersNoContent() throws Exception {
        Reply reply = http.send("PUT", "/admin/loggers/org.apache?scope=cluster", "{\"level\":\"ERROR\"}");
        assertThat(reply.status()).isEqualTo(204);
        assertThat(levels.level("org.apache")).hasValue("ERROR");
        // An unknown scope falls back to the worker's, as Connect does.
        assertThat(http.send("PUT", "/admin/loggers/org.apache?scope=galaxy", "{\"level\":\"WARN\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void badLevelsAreRefusedAsConnectDoesAndChangeNothing() throws Exception {
        // Connect answers an unknown level with 404 (its NotFoundException), a missing one with 400.
        Reply invalid = http.send("PUT", "/admin/loggers/io.kanal", "{\"level\":\"LOUD\"}");
        assertError(invalid, 404);
        assertThat(invalid.body().get("message").asText()).isEqualTo("invalid log level 'LOUD'.");
        assertError(http.send("PUT", "/admin/loggers/io.kanal", "{}"), 400);
        assertError(http.send("PUT", "/admin/loggers/io.kanal", "{\"level\":"), 400);
        // Connect reads the body as strings: a number is a level name that does not exist.
        assertError(http.send("PUT", "/admin/loggers/io.kanal", "{\"level\":3}"), 404);
        assertThat(levels.level("io.kanal")).isEmpty();
    }
}
