package io.kanal.plugins.jdbc.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigException;
import io.kanal.config.ConfigValidationResult;
import io.kanal.plugins.jdbc.types.NumericMapping;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceSettingsTest {

    private static Map<String, String> base() {
        Map<String, String> config = new HashMap<>();
        config.put("connection.url", "jdbc:postgresql://localhost:5432/db");
        config.put("connection.password", "s3cret");
        config.put("mode", "incrementing");
        config.put("incrementing.column.name", "id");
        config.put("topic.prefix", "db-");
        return config;
    }

    @Test
    void establishedKeysParseWithTheirDefaults() {
        SourceSettings settings = SourceSettings.from(JdbcSourceConfig.CONNECTOR_SPEC.parse(base()));
        assertThat(settings.mode()).isEqualTo(Mode.INCREMENTING);
        assertThat(settings.pollInterval().toMillis()).isEqualTo(5000);
        assertThat(settings.batchMaxRows()).isEqualTo(100);
        assertThat(settings.tableTypes()).containsExactly("TABLE");
        assertThat(settings.types().numericMapping()).isEqualTo(NumericMapping.NONE);
        assertThat(settings.types().dbZone().getId()).isEqualTo("UTC");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void includeAndExcludeListsAreAliases() {
        Map<String, String> config = base();
        config.put("table.include.list", "a,b");
        assertThat(SourceSettings.from(JdbcSourceConfig.CONNECTOR_SPEC.parse(config))
                        .include())
                .containsExactly("a", "b");
        config.put("numeric.precision.mapping", "true");
        assertThat(SourceSettings.from(JdbcSourceConfig.CONNECTOR_SPEC.parse(config))
                        .types()
                        .numericMapping())
                .isEqualTo(NumericMapping.PRECISION_ONLY);
    }

    @Test
    void validateReportsProblemsAcrossKeysOnTheKeyToChange() {
        Map<String, String> config = base();
        config.put("mode", "timestamp+incrementing");
        config.put("table.whitelist", "a");
        config.put("table.blacklist", "b");
        ConfigValidationResult result = new JdbcSourceConnector().validate(config);
        assertThat(result.isValid()).isFalse();
        assertThat(result.value("table.blacklist").orElseThrow().errors())
                .singleElement()
                .asString()
                .contains("table.whitelist");
        assertThat(result.value("timestamp.column.name").orElseThrow().errors()).hasSize(1);
        assertThatThrownBy(() -> SourceSettings.from(JdbcSourceConfig.CONNECTOR_SPEC.parse(config)))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aQueryNeedsItsTopicAndItsIncrementingColumn() {
        Map<String, String> config = base();
        config.put("query", "SELECT * FROM t");
        config.put("topic.prefix", "");
        config.put("incrementing.column.name", "");
        ConfigValidationResult result = new JdbcSourceConnector().validate(config);
        assertThat(result.value("topic.prefix").orElseThrow().errors()).hasSize(1);
        assertThat(result.value("incrementing.column.name").orElseThrow().errors())
                .hasSize(1);
    }

    @Test
    void badValuesAreRejectedByTheSpec() {
        Map<String, String> config = base();
        config.put("mode", "sometimes");
        config.put("numeric.mapping", "exact");
        config.put("db.timezone", "Mars/Base");
        ConfigValidationResult result = new JdbcSourceConnector().validate(config);
        assertThat(result.value("mode").orElseThrow().isValid()).isFalse();
        assertThat(result.value("numeric.mapping").orElseThrow().isValid()).isFalse();
        assertThat(result.value("db.timezone").orElseThrow().isValid()).isFalse();
    }
}
