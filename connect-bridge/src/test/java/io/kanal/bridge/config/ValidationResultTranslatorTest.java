package io.kanal.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.config.ConfigProblem;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.config.Password;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.junit.jupiter.api.Test;

class ValidationResultTranslatorTest {

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define("topic", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH, "Topic.")
            .define("batch", ConfigDef.Type.INT, 10, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, "Batch.")
            .define("hosts", ConfigDef.Type.LIST, List.of("a"), ConfigDef.Importance.LOW, "Hosts.")
            .define("impl", ConfigDef.Type.CLASS, String.class, ConfigDef.Importance.LOW, "Class.")
            .define("secret", ConfigDef.Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH, "Pw.");

    @Test
    void connectsValidationReadsAsApachesRestLayerWritesIt() {
        Map<String, String> submitted = Map.of("batch", "0", "hosts", "x,y", "secret", "hunter2", "typo", "1");
        Config connect = new Config(DEFINITION.validate(submitted));

        ConfigValidationResult kanal = ValidationResultTranslator.toKanal(DEFINITION, connect, submitted);

        assertThat(kanal.values())
                .extracting(ConfigValueResult::name)
                .containsExactly("topic", "batch", "hosts", "impl", "secret");
        ConfigValueResult topic = kanal.value("topic").orElseThrow();
        assertThat(topic.shownValue()).isEmpty();
        assertThat(topic.problems()).containsExactly(ConfigProblem.missing("topic"));
        ConfigValueResult batch = kanal.value("batch").orElseThrow();
        assertThat(batch.shownValue()).contains("0");
        assertThat(batch.problems())
                .containsExactly(ConfigProblem.invalidValue("batch", "0", "Value must be at least 1"));
        assertThat(kanal.value("hosts").orElseThrow().shownValue()).contains("x,y");
        assertThat(kanal.value("impl").orElseThrow().shownValue()).contains("java.lang.String");
        ConfigValueResult secret = kanal.value("secret").orElseThrow();
        assertThat(secret.shownValue()).contains(Password.HIDDEN);
        assertThat(secret.isValid()).isTrue();
        assertThat(kanal.unknownKeys()).containsExactly("typo");
        assertThat(kanal.errorCount()).isEqualTo(2);
        assertThat(kanal.toString()).doesNotContain("hunter2");
    }

    @Test
    void aConnectorsOwnResultsKeepRecommendationsVisibilityAndMessages() {
        ConfigValue own = new ConfigValue("mode", "bulk", List.of("bulk", "incrementing"), new ArrayList<>());
        own.visible(false);
        own.addErrorMessage("Mode bulk needs a table whitelist");
        ConfigValue raw = new ConfigValue("connection.password", "plain-text", List.of(), new ArrayList<>());
        ConfigDef definition = new ConfigDef()
                .define("mode", ConfigDef.Type.STRING, "bulk", ConfigDef.Importance.HIGH, "Mode.")
                .define("connection.password", ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH, "Password.");

        ConfigValidationResult kanal =
                ValidationResultTranslator.toKanal(definition, new Config(List.of(own, raw)), Map.of());

        ConfigValueResult mode = kanal.value("mode").orElseThrow();
        assertThat(mode.visible()).isFalse();
        assertThat(mode.recommendedValues()).containsExactly("bulk", "incrementing");
        assertThat(mode.problems())
                .containsExactly(new ConfigProblem("mode", Optional.of("bulk"), "Mode bulk needs a table whitelist"));
        assertThat(kanal.value("connection.password").orElseThrow().shownValue())
                .contains(Password.HIDDEN);
    }

    /**
     * Debezium's {@code validate} reports a bad value on a result it leaves without a value: the problem names the
     * value submitted (a password's hidden), not an empty one; the result's own value stays empty, as Apache's is.
     */
    @Test
    void aProblemOnAResultWithoutAValueNamesTheSubmittedValue() {
        ConfigDef definition = new ConfigDef()
                .define("snapshot.mode", ConfigDef.Type.STRING, "initial", ConfigDef.Importance.HIGH, "Mode.")
                .define("database.password", ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH, "Pw.")
                .define("topic.prefix", ConfigDef.Type.STRING, null, ConfigDef.Importance.HIGH, "Prefix.");
        List<ConfigValue> results = new ArrayList<>();
        for (String name : List.of("snapshot.mode", "database.password", "topic.prefix")) {
            ConfigValue bare = new ConfigValue(name);
            bare.addErrorMessage("The '" + name + "' value is invalid: nope");
            results.add(bare);
        }
        Map<String, String> submitted = Map.of("snapshot.mode", "sometimes", "database.password", "hunter2");

        ConfigValidationResult kanal = ValidationResultTranslator.toKanal(definition, new Config(results), submitted);

        ConfigValueResult mode = kanal.value("snapshot.mode").orElseThrow();
        assertThat(mode.shownValue()).isEmpty();
        assertThat(mode.problems())
                .containsExactly(ConfigProblem.invalidValue(
                        "snapshot.mode", "sometimes", "The 'snapshot.mode' value is invalid: nope"));
        assertThat(kanal.value("database.password").orElseThrow().problems())
                .containsExactly(ConfigProblem.invalidValue(
                        "database.password", Password.HIDDEN, "The 'database.password' value is invalid: nope"));
        assertThat(kanal.value("topic.prefix").orElseThrow().problems())
                .containsExactly(
                        ConfigProblem.invalidValue("topic.prefix", "", "The 'topic.prefix' value is invalid: nope"));
        assertThat(kanal.toString()).doesNotContain("hunter2");
    }

    @Test
    void aRealConnectorsValidateTranslates() {
        FileStreamSourceConnector connector = new FileStreamSourceConnector();
        Map<String, String> submitted = Map.of("file", "/tmp/in", "batch.size", "many");

        Config connect = connector.validate(submitted);
        ConfigValidationResult kanal = ValidationResultTranslator.toKanal(connector.config(), connect, submitted);

        assertThat(kanal.values()).hasSameSizeAs(connect.configValues());
        for (ConfigValue value : connect.configValues()) {
            ConfigValueResult translated = kanal.value(value.name()).orElseThrow();
            assertThat(translated.problems()).as(value.name()).hasSameSizeAs(value.errorMessages());
            assertThat(translated.visible()).as(value.name()).isEqualTo(value.visible());
        }
        assertThat(kanal.value("batch.size").orElseThrow().isValid()).isFalse();
        assertThat(kanal.value("topic").orElseThrow().problems()).containsExactly(ConfigProblem.missing("topic"));
        assertThat(kanal.value("file").orElseThrow().shownValue()).contains("/tmp/in");
        assertThat(kanal.values())
                .extracting(ConfigValueResult::name)
                .startsWith(connector.config().names().toArray(String[]::new));
    }
}
