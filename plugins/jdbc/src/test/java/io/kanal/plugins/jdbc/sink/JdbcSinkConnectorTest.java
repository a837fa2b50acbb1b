package io.kanal.plugins.jdbc.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigException;
import io.kanal.config.ConfigValidationResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcSinkConnectorTest {

    private static final String URL = "jdbc:postgresql://localhost/test";

    @Test
    void validateReportsRulesAcrossKeysOnTheKeyToChange() {
        ConfigValidationResult result = new JdbcSinkConnector()
                .validate(Map.of(
                        "connection.url", URL,
                        "insert.mode", "upsert",
                        "delete.enabled", "true"));
        assertThat(result.isValid()).isFalse();
        assertThat(result.value("pk.mode").orElseThrow().errors())
                .singleElement()
                .asString()
                .contains("insert.mode=upsert");
        assertThat(result.value("delete.enabled").orElseThrow().errors())
                .singleElement()
                .asString()
                .contains("pk.mode=record_key");
    }

    @Test
    void validateAcceptsAConfluentStyleConfig() {
        ConfigValidationResult result = new JdbcSinkConnector()
                .validate(Map.of(
                        "connection.url", URL,
                        "connection.password", "secret",
                        "insert.mode", "UPSERT",
                        "pk.mode", "record_key",
                        "pk.fields", "id",
                        "delete.enabled", "true",
                        "auto.create", "true",
                        "table.name.format", "kafka_${topic}"));
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void badValuesAreRefusedByKey() {
        assertThat(new JdbcSinkConnector()
                        .validate(Map.of("connection.url", URL, "db.timezone", "Mars/Base", "batch.size", "0"))
                        .problems())
                .extracting(p -> p.key())
                .containsExactlyInAnyOrder("db.timezone", "batch.size");
        assertThatThrownBy(() -> JdbcSinkConfig.from(JdbcSinkConfig.SPEC.parse(
                        Map.of("connection.url", URL, "pk.mode", "kafka", "pk.fields", "a,b"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pk.fields");
    }

    @Test
    void everyTaskGetsTheWholeConfig() {
        JdbcSinkConnector connector = new JdbcSinkConnector();
        Map<String, String> config = Map.of("connection.url", URL, "insert.mode", "insert");
        connector.start(JdbcSinkConfig.SPEC.parse(config));
        assertThat(connector.taskConfigs(3)).hasSize(3).allSatisfy(task -> assertThat(task)
                .isEqualTo(config));
        assertThat(connector.taskClass()).isEqualTo(JdbcSinkTask.class);
    }
}
