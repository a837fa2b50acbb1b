package io.kanal.config;

import static io.kanal.config.ProducerLikeSpec.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void aValidMapHasOneCleanResultPerKey() {
        ConfigValidationResult result = SPEC.validate(Map.of("bootstrap.servers", "b:1"));

        assertThat(result.isValid()).isTrue();
        assertThat(result.errorCount()).isZero();
        assertThat(result.problems()).isEmpty();
        assertThat(result.values()).hasSize(SPEC.keys().size());
        assertThat(result.values())
                .allSatisfy(value -> assertThat(value.errors()).isEmpty());
    }

    @Test
    void everyBadKeyGetsItsOwnErrorsWithoutThrowing() {
        ConfigValidationResult result = SPEC.validate(Map.of("linger.ms", "soon", "acks", "2"));

        assertThat(result.isValid()).isFalse();
        assertThat(result.errorCount()).isEqualTo(3);
        assertThat(result.value("bootstrap.servers").orElseThrow().errors())
                .containsExactly("Missing configuration 'bootstrap.servers': it is required and has no default value");
        assertThat(result.value("acks").orElseThrow().errors())
                .containsExactly("Invalid value '2' for configuration 'acks': "
                        + "must be one of ['all', '-1', '0', '1'] (case-insensitive)");
        assertThat(result.value("linger.ms").orElseThrow().errors())
                .containsExactly("Invalid value 'soon' for configuration 'linger.ms': "
                        + "must be a whole number of milliseconds or an ISO-8601 duration such as PT30S");
        assertThat(result.value("batch.size").orElseThrow().isValid()).isTrue();
        assertThat(result.problems())
                .extracting(ConfigProblem::key)
                .containsExactly("bootstrap.servers", "acks", "linger.ms");
    }

    @Test
    void shownValueIsTheSuppliedValueElseTheDefault() {
        ConfigValidationResult result =
                SPEC.validate(Map.of("batch.size", 100, "bootstrap.servers", List.of("a:1", "b:2")));

        assertThat(result.value("batch.size").orElseThrow().shownValue()).contains("100");
        assertThat(result.value("bootstrap.servers").orElseThrow().shownValue()).contains("a:1,b:2");
        assertThat(result.value("linger.ms").orElseThrow().shownValue()).contains("5");
        assertThat(result.value("partitioner.class").orElseThrow().shownValue()).isEmpty();
    }

    @Test
    void recommendedValuesComeFromValidatorsAndRecommenders() {
        ConfigKey<String> compression = ConfigKey.builder("compression.type", ConfigType.STRING)
                .defaultValue("none")
                .validator(Validators.oneOf("none", "gzip"))
                .recommender(new Recommender() {
                    @Override
                    public List<String> recommendedValues(ParsedConfig others) {
                        return List.of("gzip", "zstd");
                    }
                })
                .build();
        ConfigSpec spec = ConfigSpec.builder().define(compression).build();

        assertThat(spec.validate(Map.of())
                        .value("compression.type")
                        .orElseThrow()
                        .recommendedValues())
                .containsExactly("none", "gzip", "zstd");
    }

    @Test
    void visibilityDependsOnTheOtherValues() {
        ConfigValueResult plaintext = SPEC.validate(Map.of("bootstrap.servers", "b:1"))
                .value("ssl.key.password")
                .orElseThrow();
        ConfigValueResult ssl = SPEC.validate(Map.of("bootstrap.servers", "b:1", "security.protocol", "ssl"))
                .value("ssl.key.password")
                .orElseThrow();

        assertThat(plaintext.visible()).isFalse();
        assertThat(ssl.visible()).isTrue();
    }

    @Test
    void aKeyWithAProblemIsAbsentFromWhatRecommendersSee() {
        ConfigValueResult result = SPEC.validate(Map.of("security.protocol", "carrier-pigeon"))
                .value("ssl.key.password")
                .orElseThrow();

        assertThat(result.visible()).isFalse();
    }

    @Test
    void unknownKeysAreReportedButDoNotInvalidate() {
        ConfigValidationResult result = SPEC.validate(Map.of("bootstrap.servers", "b:1", "lingr.ms", "5"));

        assertThat(result.unknownKeys()).containsExactly("lingr.ms");
        assertThat(result.isValid()).isTrue();
        assertThat(result.value("lingr.ms")).isEmpty();
    }
}
