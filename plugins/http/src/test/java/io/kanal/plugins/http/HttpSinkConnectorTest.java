package io.kanal.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.connector.SinkConnector;
import io.kanal.config.ConfigValidationResult;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HttpSinkConnectorTest {

    @Test
    void isAServiceWithAVersionAndTheTaskClass() {
        assertThat(ServiceLoader.load(SinkConnector.class).stream().map(ServiceLoader.Provider::type))
                .contains(HttpSinkConnector.class);
        HttpSinkConnector connector = new HttpSinkConnector();
        assertThat(connector.version()).isNotBlank().isNotEqualTo("unknown");
        assertThat(connector.taskClass()).isEqualTo(HttpSinkTask.class);
    }

    @Test
    void validateNamesTheKeyOfACrossKeyProblem() {
        ConfigValidationResult result =
                new HttpSinkConnector().validate(Map.of("http.url", "http://localhost/x", "http.auth.type", "bearer"));
        assertThat(result.isValid()).isFalse();
        assertThat(result.value("http.auth.bearer.token").orElseThrow().errors())
                .singleElement()
                .asString()
                .contains("http.auth.type=bearer");
    }

    @Test
    void validateRejectsABadUrlAndAcceptsAGoodConfig() {
        assertThat(new HttpSinkConnector()
                        .validate(Map.of("http.url", "not a url"))
                        .value("http.url"))
                .hasValueSatisfying(v -> assertThat(v.isValid()).isFalse());
        assertThat(new HttpSinkConnector()
                        .validate(Map.of(
                                "http.url", "https://example.com/in",
                                "http.auth.type", "basic",
                                "http.auth.basic.username", "u",
                                "http.auth.basic.password", "p"))
                        .isValid())
                .isTrue();
    }

    @Test
    void tasksGetTheWholeConfiguration() {
        HttpSinkConnector connector = new HttpSinkConnector();
        Map<String, String> config = Map.of("http.url", "https://example.com/in", "batch.max.records", "7");
        connector.start(connector.configSpec().parse(config));
        List<Map<String, String>> tasks = connector.taskConfigs(2);
        assertThat(tasks).hasSize(2).allSatisfy(t -> assertThat(t).containsAllEntriesOf(config));
    }
}
