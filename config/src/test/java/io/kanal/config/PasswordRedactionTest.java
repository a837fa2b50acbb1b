package io.kanal.config;

import static io.kanal.config.ProducerLikeSpec.SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A password must not appear in any output: messages, toString, validation results or docs. */
class PasswordRedactionTest {

    private static final String SECRET = "hunter2-very-secret";

    private static final ConfigKey<Password> STRICT_PASSWORD = ConfigKey.builder("db.password", ConfigType.PASSWORD)
            .defaultValue(new Password("default-" + SECRET + "-long-enough"))
            .validator(Validators.satisfies(
                    (Password password) -> password.reveal().length() > 30, "must be longer than 30 characters"))
            .build();

    private static final ConfigSpec STRICT =
            ConfigSpec.builder().define(STRICT_PASSWORD).build();

    @Test
    void passwordToStringIsHidden() {
        Password password = new Password(SECRET);

        assertThat(password).hasToString("[hidden]");
        assertThat("value: " + password).doesNotContain(SECRET);
        assertThat(password.reveal()).isEqualTo(SECRET);
        assertThat(password.isEmpty()).isFalse();
        assertThat(new Password("").isEmpty()).isTrue();
        assertThat(password).isEqualTo(new Password(SECRET)).hasSameHashCodeAs(new Password(SECRET));
        assertThat(password).isNotEqualTo(new Password("other"));
    }

    @Test
    void parsedConfigToStringHidesThePassword() {
        ParsedConfig config = SPEC.parse(Map.of("bootstrap.servers", "b:1", "ssl.key.password", SECRET));

        assertThat(config.toString()).contains("ssl.key.password=[hidden]").doesNotContain(SECRET);
        assertThat(config.shownValue("ssl.key.password")).contains("[hidden]");
        assertThat(config.value("ssl.key.password").orElseThrow().toString()).doesNotContain(SECRET);
    }

    @Test
    void validatorFailureMessageHidesThePassword() {
        assertThatThrownBy(() -> STRICT.parse(Map.of("db.password", SECRET)))
                .hasMessage("Invalid value '[hidden]' for configuration 'db.password': "
                        + "must be longer than 30 characters")
                .isInstanceOfSatisfying(ConfigValidationException.class, failure -> assertThat(failure.problems())
                        .allSatisfy(problem -> {
                            assertThat(problem.shownValue()).contains("[hidden]");
                            assertThat(problem.toString()).doesNotContain(SECRET);
                        }));
    }

    @Test
    void typeFailureMessageHidesThePassword() {
        assertThatThrownBy(() -> STRICT.parse(Map.of("db.password", 123456789)))
                .hasMessage("Invalid value '[hidden]' for configuration 'db.password': must be a string");
    }

    @Test
    void validationResultHidesSuppliedAndDefaultPasswords() {
        ConfigValueResult supplied = STRICT.validate(Map.of("db.password", SECRET))
                .value("db.password")
                .orElseThrow();
        ConfigValueResult defaulted =
                STRICT.validate(Map.of()).value("db.password").orElseThrow();

        assertThat(supplied.shownValue()).contains("[hidden]");
        assertThat(supplied.errors()).singleElement().asString().doesNotContain(SECRET);
        assertThat(supplied.toString()).doesNotContain(SECRET);
        assertThat(defaulted.shownValue()).contains("[hidden]");
        assertThat(defaulted.toString()).doesNotContain(SECRET);
    }

    @Test
    void definitionAndDocsHideTheDefaultPassword() {
        assertThat(STRICT_PASSWORD.toString()).doesNotContain(SECRET);
        assertThat(STRICT_PASSWORD.formattedDefault()).contains("[hidden]");
        assertThat(ConfigDocs.markdownTable(STRICT)).contains("`[hidden]`").doesNotContain(SECRET);
    }

    @Test
    void aDefaultPasswordThatBreaksItsRuleIsReportedHidden() {
        ConfigKey.Builder<Password> builder = ConfigKey.builder("p", ConfigType.PASSWORD)
                .defaultValue(new Password(SECRET))
                .validator(Validators.satisfies((Password password) -> false, "must never be set"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(ConfigDefinitionException.class)
                .hasMessageContaining("[hidden]")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aPasswordPassedToAStringKeyStaysHidden() {
        ConfigSpec spec = ConfigSpec.builder()
                .define(ConfigKey.builder("user", ConfigType.STRING).build())
                .build();

        assertThatThrownBy(() -> spec.parse(Map.of("user", new Password(SECRET))))
                .hasMessage("Invalid value '[hidden]' for configuration 'user': must be a string");
    }
}
