package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

    @Test
    void builderDefaultsAreOptionalMediumAndUnvalidated() {
        ConfigKey<String> key =
                ConfigKey.builder("client.id", ConfigType.STRING).build();

        assertThat(key.required()).isFalse();
        assertThat(key.defaultValue()).isEmpty();
        assertThat(key.importance()).isEqualTo(Importance.MEDIUM);
        assertThat(key.group()).isEmpty();
        assertThat(key.dependents()).isEmpty();
        assertThat(key.validator().violation("anything")).isEmpty();
        assertThat(key.recommender().visible(ProducerLikeSpec.SPEC.parse(java.util.Map.of("bootstrap.servers", "b:1"))))
                .isTrue();
    }

    @Test
    void requiredAndDefaultAreExclusiveLastCallWins() {
        ConfigKey<Integer> required = ConfigKey.builder("k", ConfigType.INT)
                .defaultValue(1)
                .required()
                .build();
        ConfigKey<Integer> defaulted = ConfigKey.builder("k", ConfigType.INT)
                .required()
                .defaultValue(1)
                .build();

        assertThat(required.required()).isTrue();
        assertThat(required.defaultValue()).isEmpty();
        assertThat(defaulted.required()).isFalse();
        assertThat(defaulted.defaultValue()).contains(1);
    }

    @Test
    void theCanonicalConstructorRefusesARequiredKeyWithADefault() {
        assertThatThrownBy(() -> new ConfigKey<>(
                        "k",
                        ConfigType.INT,
                        java.util.Optional.of(1),
                        true,
                        Validators.any(),
                        "",
                        Importance.LOW,
                        "",
                        0,
                        List.of(),
                        new Recommender() {}))
                .isInstanceOf(ConfigDefinitionException.class)
                .hasMessage("key 'k' is required, so it cannot have a default");
    }

    @Test
    void aDefaultThatBreaksItsOwnRuleIsADefinitionError() {
        ConfigKey.Builder<Integer> builder =
                ConfigKey.builder("retries", ConfigType.INT).defaultValue(-1).validator(Validators.atLeast(0));

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigDefinitionException.class)
                .hasMessage("the default of key 'retries' is invalid: "
                        + "Invalid value '-1' for configuration 'retries': must be at least 0");
    }

    @Test
    void aBlankNameIsADefinitionError() {
        assertThatThrownBy(() -> ConfigKey.builder(" ", ConfigType.INT).build())
                .isInstanceOf(ConfigDefinitionException.class);
    }

    @Test
    void toBuilderDerivesAVariant() {
        ConfigKey<Integer> base = ConfigKey.builder("batch.size", ConfigType.INT)
                .defaultValue(16384)
                .validator(Validators.atLeast(0))
                .documentation("doc")
                .importance(Importance.HIGH)
                .group("Producer", 3)
                .build();

        ConfigKey<Integer> variant = base.toBuilder().defaultValue(1024).build();

        assertThat(variant.defaultValue()).contains(1024);
        assertThat(variant.documentation()).isEqualTo("doc");
        assertThat(variant.importance()).isEqualTo(Importance.HIGH);
        assertThat(variant.group()).isEqualTo("Producer");
        assertThat(variant.orderInGroup()).isEqualTo(3);
        assertThat(variant.validator()).isSameAs(base.validator());
        assertThat(base.toBuilder().build()).isEqualTo(base);
    }

    @Test
    void keysBuiltWithTheSameSettingsAreEqual() {
        ConfigKey<String> first =
                ConfigKey.builder("k", ConfigType.STRING).defaultValue("x").build();
        ConfigKey<String> second =
                ConfigKey.builder("k", ConfigType.STRING).defaultValue("x").build();

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first.recommender()).isSameAs(Recommender.NONE);
    }

    @Test
    void formattedDefaultUsesTheTypeFormat() {
        assertThat(ProducerLikeSpec.LINGER_MS.formattedDefault()).contains("5");
        assertThat(ProducerLikeSpec.BOOTSTRAP_SERVERS.formattedDefault()).isEmpty();
    }

    @Test
    void importanceLabelsAreLowerCase() {
        assertThat(Importance.HIGH.label()).isEqualTo("high");
        assertThat(Importance.LOW.label()).isEqualTo("low");
    }

    @Test
    void classNameValidatesAndLoadsThroughTheGivenLoader() throws ClassNotFoundException {
        ClassName name = new ClassName("java.util.ArrayList");

        assertThat(name.load(getClass().getClassLoader())).isEqualTo(java.util.ArrayList.class);
        assertThat(name).hasToString("java.util.ArrayList");
        assertThatThrownBy(() -> new ClassName("1abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClassName("no.such.Type").load(getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
