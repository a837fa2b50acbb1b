package io.kanal.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ClassName;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ConfigValueResult;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Password;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

class ConfigDefTranslatorTest {

    private final ConfigDefTranslator translator =
            new ConfigDefTranslator(getClass().getClassLoader());

    @TestFactory
    Stream<DynamicTest> apacheDefinitionsTranslateKeyByKey() {
        return ApacheDefinitions.all().entrySet().stream()
                .map(entry -> DynamicTest.dynamicTest(entry.getKey(), sameKeys(entry.getValue())));
    }

    private Executable sameKeys(ConfigDef definition) {
        return () -> {
            ConfigSpec spec = translator.toSpec(definition);
            assertThat(spec.keys()).extracting(ConfigKey::name).containsExactlyElementsOf(definition.names());
            for (ConfigDef.ConfigKey connect : definition.configKeys().values()) {
                ConfigKey<?> kanal = spec.key(connect.name).orElseThrow();
                assertSameKey(connect, kanal, definition);
            }
        };
    }

    private static void assertSameKey(ConfigDef.ConfigKey connect, ConfigKey<?> kanal, ConfigDef definition) {
        String where = "key " + connect.name;
        assertThat(kanal.type().name()).as(where).isEqualTo(connect.type.name().toLowerCase(Locale.ROOT));
        assertThat(kanal.required()).as(where).isEqualTo(ConfigDef.NO_DEFAULT_VALUE.equals(connect.defaultValue));
        if (connect.defaultValue == null || ConfigDef.NO_DEFAULT_VALUE.equals(connect.defaultValue)) {
            assertThat(kanal.defaultValue()).as(where).isEmpty();
        } else if (connect.type == ConfigDef.Type.PASSWORD) {
            assertThat(((Password) kanal.defaultValue().orElseThrow()).reveal())
                    .as(where)
                    .isEqualTo(((org.apache.kafka.common.config.types.Password) connect.defaultValue).value());
        } else {
            assertThat(kanal.formattedDefault())
                    .as(where)
                    .contains(ConfigDef.convertToString(connect.defaultValue, connect.type));
        }
        assertThat(kanal.documentation())
                .as(where)
                .isEqualTo(connect.documentation == null ? "" : connect.documentation);
        assertThat(kanal.importance().name()).as(where).isEqualTo(connect.importance.name());
        assertThat(kanal.group()).as(where).isEqualTo(connect.group == null ? "" : connect.group);
        assertThat(kanal.orderInGroup()).as(where).isEqualTo(connect.orderInGroup);
        assertThat(kanal.dependents())
                .as(where)
                .containsExactlyElementsOf(connect.dependents.stream()
                        .filter(definition.names()::contains)
                        .toList());
        if (connect.validator != null && !connect.validator.toString().contains("@")) {
            assertThat(kanal.validator().describe()).as(where).isEqualTo(connect.validator.toString());
        }
    }

    @TestFactory
    Stream<DynamicTest> apacheDefinitionsRejectWhatConnectRejects() {
        return ApacheDefinitions.all().entrySet().stream()
                .map(entry -> DynamicTest.dynamicTest(entry.getKey(), sameVerdicts(entry.getValue())));
    }

    /** Every key alone with every candidate value: Kanal's spec finds a problem exactly when Connect's does. */
    private Executable sameVerdicts(ConfigDef definition) {
        return () -> assertThat(verdicts(definition).disagreements()).isEmpty();
    }

    @Test
    void theVerdictComparisonIsNotVacuous() {
        int rejected = 0;
        int accepted = 0;
        for (ConfigDef definition : ApacheDefinitions.all().values()) {
            Verdicts verdicts = verdicts(definition);
            rejected += verdicts.rejected();
            accepted += verdicts.accepted();
        }
        assertThat(rejected).isGreaterThan(100);
        assertThat(accepted).isGreaterThan(100);
    }

    private record Verdicts(List<String> disagreements, int rejected, int accepted) {}

    private Verdicts verdicts(ConfigDef definition) {
        ConfigSpec spec = translator.toSpec(definition);
        List<String> disagreements = new ArrayList<>();
        int rejected = 0;
        for (String name : definition.names()) {
            for (String candidate : ApacheDefinitions.candidateValues()) {
                Map<String, String> config = Map.of(name, candidate);
                ConfigValue connect = definition.validateAll(config).get(name);
                ConfigValueResult kanal = spec.validate(config).value(name).orElseThrow();
                boolean connectRejects = !connect.errorMessages().isEmpty();
                if (connectRejects) {
                    rejected++;
                }
                if (connectRejects != !kanal.isValid()) {
                    disagreements.add(name + "='" + candidate + "': Connect " + connect.errorMessages() + ", Kanal "
                            + kanal.errors());
                }
            }
        }
        int total =
                definition.names().size() * ApacheDefinitions.candidateValues().size();
        return new Verdicts(disagreements, rejected, total - rejected);
    }

    private static final class Recommendations implements ConfigDef.Recommender {
        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return "json".equals(parsedConfig.get("format")) ? List.of(1, 2) : List.of(3);
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return Boolean.TRUE.equals(parsedConfig.get("enabled"));
        }
    }

    private static ConfigDef everyType() {
        return new ConfigDef()
                .define("enabled", ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.HIGH, "Turns it on.")
                .define(
                        "format",
                        ConfigDef.Type.STRING,
                        "json",
                        ConfigDef.ValidString.in("json", "avro"),
                        ConfigDef.Importance.MEDIUM,
                        "The format.",
                        "Format",
                        1,
                        ConfigDef.Width.SHORT,
                        "Format",
                        List.of("level", "not.defined"))
                .define(
                        "level",
                        ConfigDef.Type.INT,
                        ConfigDef.NO_DEFAULT_VALUE,
                        ConfigDef.Range.between(1, 9),
                        ConfigDef.Importance.LOW,
                        "The level.",
                        "Format",
                        2,
                        ConfigDef.Width.SHORT,
                        "Level",
                        new Recommendations())
                .define("retries", ConfigDef.Type.SHORT, (short) 3, ConfigDef.Importance.LOW, "Retries.")
                .define("size", ConfigDef.Type.LONG, 1L << 40, ConfigDef.Importance.LOW, "Size.")
                .define("ratio", ConfigDef.Type.DOUBLE, 0.5, ConfigDef.Importance.LOW, "Ratio.")
                .define(
                        "hosts",
                        ConfigDef.Type.LIST,
                        List.of("a", "b"),
                        ConfigDef.ValidList.in("a", "b", "c"),
                        ConfigDef.Importance.HIGH,
                        "Hosts.")
                .define("impl", ConfigDef.Type.CLASS, String.class, ConfigDef.Importance.MEDIUM, "Implementation.")
                .define("secret", ConfigDef.Type.PASSWORD, "s3cr3t", ConfigDef.Importance.HIGH, "Secret.")
                .define("maybe", ConfigDef.Type.STRING, null, ConfigDef.Importance.LOW, "Optional.");
    }

    @Test
    void everyTypeDefaultAndAttributeIsKept() {
        ConfigDef definition = everyType();
        ConfigSpec spec = translator.toSpec(definition);

        for (ConfigDef.ConfigKey connect : definition.configKeys().values()) {
            assertSameKey(connect, spec.key(connect.name).orElseThrow(), definition);
        }
        assertThat(spec.key("impl").orElseThrow().defaultValue().map(Object.class::cast))
                .contains(ClassName.of(String.class));
        assertThat(spec.key("secret").orElseThrow().type()).isEqualTo(ConfigType.PASSWORD);
        assertThat(spec.key("secret").orElseThrow().formattedDefault()).contains(Password.HIDDEN);
        assertThat(spec.key("hosts").orElseThrow().defaultValue().map(Object.class::cast))
                .contains(List.of("a", "b"));
        assertThat(spec.key("level").orElseThrow().required()).isTrue();
        assertThat(spec.key("maybe").orElseThrow().required()).isFalse();
        assertThat(spec.key("maybe").orElseThrow().defaultValue()).isEmpty();
        assertThat(spec.key("format").orElseThrow().dependents()).containsExactly("level");
    }

    @Test
    void connectsValidatorsStayInForceWithTheirRules() {
        ConfigSpec spec = translator.toSpec(everyType());

        ConfigValidationResult result = spec.validate(
                Map.of("level", "12", "format", "xml", "hosts", "a,z", "impl", "com.example.Missing", "secret", "x"));

        assertThat(result.value("level").orElseThrow().errors())
                .containsExactly("Invalid value '12' for configuration 'level': Value must be no more than 9");
        assertThat(result.value("format").orElseThrow().errors())
                .singleElement()
                .asString()
                .endsWith(": String must be one of: json, avro");
        assertThat(result.value("hosts").orElseThrow().isValid()).isFalse();
        assertThat(result.value("impl").orElseThrow().errors())
                .containsExactly(
                        "Invalid value 'com.example.Missing' for configuration 'impl': class could not be found");
        assertThat(result.value("secret").orElseThrow().isValid()).isTrue();
        ParsedConfig parsed = spec.parse(Map.of("level", "5", "impl", "java.lang.Integer"));
        assertThat(parsed.value("impl")).contains(new ClassName("java.lang.Integer"));
    }

    @Test
    void connectsRecommenderSeesConnectValues() {
        ConfigSpec spec = translator.toSpec(everyType());

        ConfigValueResult hidden =
                spec.validate(Map.of("level", "1")).value("level").orElseThrow();
        ConfigValueResult shown = spec.validate(Map.of("level", "1", "enabled", "true"))
                .value("level")
                .orElseThrow();

        assertThat(hidden.visible()).isFalse();
        assertThat(hidden.recommendedValues()).containsExactly("1", "2");
        assertThat(shown.visible()).isTrue();
        assertThat(spec.validate(Map.of("level", "1", "format", "avro"))
                        .value("level")
                        .orElseThrow()
                        .recommendedValues())
                .containsExactly("3");
    }

    @Test
    void aDefaultKanalCannotHoldIsADefinitionError() {
        ConfigDef definition = new ConfigDef()
                .define("ratio", ConfigDef.Type.DOUBLE, Double.NaN, ConfigDef.Importance.LOW, "Not a number.");

        assertThatThrownBy(() -> translator.toSpec(definition))
                .isInstanceOf(io.kanal.config.ConfigDefinitionException.class)
                .hasMessageContaining("ratio");
    }
}
