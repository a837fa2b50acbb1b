package io.kanal.config;

import static io.kanal.config.ProducerLikeSpec.ACKS;
import static io.kanal.config.ProducerLikeSpec.BATCH_SIZE;
import static io.kanal.config.ProducerLikeSpec.BOOTSTRAP_SERVERS;
import static io.kanal.config.ProducerLikeSpec.ENABLE_IDEMPOTENCE;
import static io.kanal.config.ProducerLikeSpec.LINGER_MS;
import static io.kanal.config.ProducerLikeSpec.PARTITIONER;
import static io.kanal.config.ProducerLikeSpec.SPEC;
import static io.kanal.config.ProducerLikeSpec.SSL_KEY_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ConfigSpecTest {

    private static final Map<String, String> MINIMAL = Map.of("bootstrap.servers", "b1:9092,b2:9092");

    @Test
    void absentKeysTakeTheirDefaults() {
        ParsedConfig config = SPEC.parse(MINIMAL);

        assertThat(config.get(BOOTSTRAP_SERVERS)).containsExactly("b1:9092", "b2:9092");
        assertThat(config.get(ACKS)).isEqualTo("all");
        assertThat(config.get(LINGER_MS)).isEqualTo(Duration.ofMillis(5));
        assertThat(config.get(BATCH_SIZE)).isEqualTo(16384);
        assertThat(config.get(ENABLE_IDEMPOTENCE)).isTrue();
        assertThat(config.isSupplied(BOOTSTRAP_SERVERS)).isTrue();
        assertThat(config.isSupplied(LINGER_MS)).isFalse();
    }

    @Test
    void suppliedValuesMayBeStringsOrTypedObjects() {
        Map<String, Object> originals = Map.of(
                "bootstrap.servers", List.of("b1:9092"),
                "linger.ms", "100",
                "batch.size", 1024,
                "enable.idempotence", "false",
                "partitioner.class", "com.example.MyPartitioner");

        ParsedConfig config = SPEC.parse(originals);

        assertThat(config.get(BOOTSTRAP_SERVERS)).containsExactly("b1:9092");
        assertThat(config.get(LINGER_MS)).isEqualTo(Duration.ofMillis(100));
        assertThat(config.get(BATCH_SIZE)).isEqualTo(1024);
        assertThat(config.get(ENABLE_IDEMPOTENCE)).isFalse();
        assertThat(config.get(PARTITIONER)).isEqualTo(new ClassName("com.example.MyPartitioner"));
    }

    @Test
    void optionalKeyWithoutValueIsEmptyAndGetExplainsWhy() {
        ParsedConfig config = SPEC.parse(MINIMAL);

        assertThat(config.find(PARTITIONER)).isEmpty();
        assertThat(config.value("partitioner.class")).isEmpty();
        assertThatThrownBy(() -> config.get(PARTITIONER))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("partitioner.class");
    }

    @Test
    void nullValueCountsAsAbsent() {
        Map<String, Object> originals = new HashMap<>(MINIMAL);
        originals.put("batch.size", null);

        assertThat(SPEC.parse(originals).get(BATCH_SIZE)).isEqualTo(16384);
    }

    @Test
    void missingRequiredKeyFails() {
        assertThatThrownBy(() -> SPEC.parse(Map.of()))
                .isInstanceOfSatisfying(ConfigValidationException.class, failure -> assertThat(failure.problems())
                        .containsExactly(ConfigProblem.missing("bootstrap.servers")))
                .hasMessage("Missing configuration 'bootstrap.servers': it is required and has no default value");
    }

    @Test
    void everyProblemIsCollectedNotJustTheFirst() {
        Map<String, Object> originals = Map.of("linger.ms", "-1", "batch.size", "big", "acks", "most");

        assertThatThrownBy(() -> SPEC.parse(originals))
                .isInstanceOfSatisfying(ConfigValidationException.class, failure -> {
                    assertThat(failure.problems())
                            .extracting(ConfigProblem::key)
                            .containsExactly("bootstrap.servers", "acks", "linger.ms", "batch.size");
                    assertThat(failure.problems())
                            .extracting(ConfigProblem::message)
                            .contains("Invalid value '-1' for configuration 'linger.ms': must be at least 0 ms")
                            .contains("Invalid value 'big' for configuration 'batch.size': "
                                    + "must be a whole number between -2147483648 and 2147483647");
                })
                .hasMessageStartingWith("4 configuration problems: Missing configuration 'bootstrap.servers'");
    }

    @Test
    void aProblemConvertsToTheMatchingException() {
        ConfigException invalid =
                ConfigProblem.invalidValue("k", "v", "must be x").toException();
        ConfigException missing = ConfigProblem.missing("k").toException();

        assertThat(invalid)
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessage("Invalid value 'v' for configuration 'k': must be x");
        assertThat(((InvalidConfigValueException) invalid).toProblem())
                .isEqualTo(ConfigProblem.invalidValue("k", "v", "must be x"));
        assertThat(missing).isInstanceOf(MissingConfigException.class);
        assertThat(((MissingConfigException) missing).key()).isEqualTo("k");
    }

    @Test
    void unknownKeysAreReportedSortedAndDoNotFailParsing() {
        Map<String, Object> originals = new HashMap<>(MINIMAL);
        originals.put("linger.msec", "5");
        originals.put("a.typo", "x");

        ParsedConfig config = SPEC.parse(originals);

        assertThat(config.unknownKeys()).containsExactly("a.typo", "linger.msec");
        assertThat(SPEC.unknownKeys(originals)).containsExactly("a.typo", "linger.msec");
        assertThat(SPEC.parse(MINIMAL).unknownKeys()).isEmpty();
    }

    @Test
    void readingAKeyOfAnotherSpecFails() {
        ConfigKey<Integer> foreign =
                ConfigKey.builder("batch.size", ConfigType.INT).build();
        ParsedConfig config = SPEC.parse(MINIMAL);

        assertThatThrownBy(() -> config.get(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not defined by this spec");
        assertThatThrownBy(() -> config.isSupplied(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysKeepDefinitionOrderAndCanBeLookedUp() {
        assertThat(SPEC.keys())
                .extracting(ConfigKey::name)
                .containsExactly(
                        "bootstrap.servers",
                        "acks",
                        "linger.ms",
                        "batch.size",
                        "security.protocol",
                        "ssl.key.password",
                        "partitioner.class",
                        "enable.idempotence");
        assertThat(SPEC.key("acks")).contains(ACKS);
        assertThat(SPEC.key("nope")).isEmpty();
    }

    @Test
    void definingAKeyTwiceFails() {
        ConfigSpec.Builder builder = ConfigSpec.builder().define(ACKS);
        assertThatThrownBy(() -> builder.define(ACKS))
                .isInstanceOf(ConfigDefinitionException.class)
                .hasMessage("key 'acks' is defined twice");
    }

    @Test
    void includeSharesKeysBetweenSpecs() {
        ConfigSpec common = ConfigSpec.builder().define(BOOTSTRAP_SERVERS).build();
        ConfigSpec producer =
                ConfigSpec.builder().include(common).define(LINGER_MS).build();

        assertThat(producer.keys()).containsExactly(BOOTSTRAP_SERVERS, LINGER_MS);
        assertThat(producer.parse(MINIMAL).get(BOOTSTRAP_SERVERS)).hasSize(2);
        assertThatThrownBy(() -> ConfigSpec.builder().include(common).include(common))
                .isInstanceOf(ConfigDefinitionException.class);
    }

    @Test
    void dependentsMustBeDefined() {
        ConfigKey<String> withDependent =
                ConfigKey.builder("a", ConfigType.STRING).dependents("b").build();

        assertThatThrownBy(() -> ConfigSpec.builder().define(withDependent).build())
                .isInstanceOf(ConfigDefinitionException.class)
                .hasMessage("key 'a' names dependent 'b', which is not defined");
    }

    @Test
    void parsingTheSameMapTwiceGivesEqualConfigs() {
        Map<String, String> originals = Map.of("bootstrap.servers", "b:1", "ssl.key.password", "pw");

        assertThat(SPEC.parse(originals)).isEqualTo(SPEC.parse(originals)).hasSameHashCodeAs(SPEC.parse(originals));
        assertThat(SPEC.parse(originals)).isNotEqualTo(SPEC.parse(MINIMAL));
        assertThat(SPEC.parse(MINIMAL).spec()).isSameAs(SPEC);
    }

    @Test
    void toStringListsValuesInSpecOrder() {
        ParsedConfig config = SPEC.parse(Map.of("bootstrap.servers", "b:1", "acks", "1"));

        assertThat(config)
                .hasToString("ParsedConfig{bootstrap.servers=b:1, acks=1, linger.ms=5, batch.size=16384, "
                        + "security.protocol=PLAINTEXT, enable.idempotence=true}");
        assertThat(SPEC)
                .hasToString("ConfigSpec[bootstrap.servers, acks, linger.ms, batch.size, security.protocol, "
                        + "ssl.key.password, partitioner.class, enable.idempotence]");
    }

    @Test
    void shownValueFormatsTypedValues() {
        ParsedConfig config = SPEC.parse(Map.of("bootstrap.servers", List.of("a:1", "b:2"), "linger.ms", "PT1S"));

        assertThat(config.shownValue("bootstrap.servers")).contains("a:1,b:2");
        assertThat(config.shownValue("linger.ms")).contains("1000");
        assertThat(config.shownValue("partitioner.class")).isEmpty();
        assertThat(config.shownValue("undefined")).isEmpty();
        assertThat(config.value("linger.ms")).contains(Duration.ofSeconds(1));
    }

    @Test
    void specsWithEqualKeysAreEqual() {
        ConfigSpec first = ConfigSpec.builder().define(ACKS).define(LINGER_MS).build();
        ConfigSpec second = ConfigSpec.builder().define(ACKS).define(LINGER_MS).build();

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second).isNotEqualTo(SPEC);
    }

    @Test
    void specsBuiltSeparatelyFromEqualDefinitionsAreEqual() {
        ConfigSpec first = ConfigSpec.builder()
                .define(ConfigKey.builder("k", ConfigType.INT).defaultValue(1).build())
                .build();
        ConfigSpec second = ConfigSpec.builder()
                .define(ConfigKey.builder("k", ConfigType.INT).defaultValue(1).build())
                .build();

        assertThat(first).isEqualTo(second);
        assertThat(first.parse(Map.of())).isEqualTo(second.parse(Map.of()));
    }

    @Test
    void aPasswordKeyCanBeRead() {
        ParsedConfig config = SPEC.parse(Map.of("bootstrap.servers", "b:1", "ssl.key.password", "s3cret"));

        assertThat(config.get(SSL_KEY_PASSWORD).reveal()).isEqualTo("s3cret");
    }
}
