package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTypeTest {

    static Stream<Arguments> validValues() {
        return Stream.of(
                Arguments.of(ConfigType.BOOLEAN, "true", true),
                Arguments.of(ConfigType.BOOLEAN, " FALSE ", false),
                Arguments.of(ConfigType.BOOLEAN, Boolean.TRUE, true),
                Arguments.of(ConfigType.INT, "42", 42),
                Arguments.of(ConfigType.INT, " -7 ", -7),
                Arguments.of(ConfigType.INT, 42, 42),
                Arguments.of(ConfigType.INT, 42L, 42),
                Arguments.of(ConfigType.INT, (short) 3, 3),
                Arguments.of(ConfigType.INT, "2147483647", Integer.MAX_VALUE),
                Arguments.of(ConfigType.SHORT, "-32768", Short.MIN_VALUE),
                Arguments.of(ConfigType.SHORT, 12, (short) 12),
                Arguments.of(ConfigType.LONG, "9223372036854775807", Long.MAX_VALUE),
                Arguments.of(ConfigType.LONG, 5, 5L),
                Arguments.of(ConfigType.DOUBLE, "0.5", 0.5),
                Arguments.of(ConfigType.DOUBLE, "1e3", 1000.0),
                Arguments.of(ConfigType.DOUBLE, 2, 2.0),
                Arguments.of(ConfigType.DOUBLE, new BigDecimal("1.25"), 1.25),
                Arguments.of(ConfigType.STRING, "  text  ", "text"),
                Arguments.of(ConfigType.STRING, "", ""),
                Arguments.of(ConfigType.LIST, "a, b ,c", List.of("a", "b", "c")),
                Arguments.of(ConfigType.LIST, "", List.of()),
                Arguments.of(ConfigType.LIST, "   ", List.of()),
                Arguments.of(ConfigType.LIST, "a,", List.of("a", "")),
                Arguments.of(ConfigType.LIST, List.of(" x", "y "), List.of("x", "y")),
                Arguments.of(ConfigType.CLASS, " java.lang.String ", new ClassName("java.lang.String")),
                Arguments.of(ConfigType.CLASS, "a.B$Inner", new ClassName("a.B$Inner")),
                Arguments.of(ConfigType.CLASS, Integer.class, new ClassName("java.lang.Integer")),
                Arguments.of(ConfigType.PASSWORD, " s3cret ", new Password(" s3cret ")),
                Arguments.of(ConfigType.PASSWORD, new Password("p"), new Password("p")),
                Arguments.of(ConfigType.DURATION, "30000", Duration.ofSeconds(30)),
                Arguments.of(ConfigType.DURATION, "PT1M", Duration.ofMinutes(1)),
                Arguments.of(ConfigType.DURATION, "pt2s", Duration.ofSeconds(2)),
                Arguments.of(ConfigType.DURATION, 250L, Duration.ofMillis(250)),
                Arguments.of(ConfigType.DURATION, Duration.ofHours(1), Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "{0} parses {1}")
    @MethodSource("validValues")
    void parsesValidValues(ConfigType<?> type, Object raw, Object expected) {
        assertThat(type.parse("k", raw)).isEqualTo(expected);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(ConfigType.BOOLEAN, "yes", "must be true or false"),
                Arguments.of(ConfigType.BOOLEAN, 1, "must be true or false"),
                Arguments.of(ConfigType.INT, "abc", "must be a whole number between -2147483648 and 2147483647"),
                Arguments.of(ConfigType.INT, "2147483648", "must be a whole number between -2147483648 and 2147483647"),
                Arguments.of(ConfigType.INT, 1L << 40, "must be a whole number between -2147483648 and 2147483647"),
                Arguments.of(ConfigType.INT, 1.5, "must be a whole number between -2147483648 and 2147483647"),
                Arguments.of(ConfigType.INT, "1.0", "must be a whole number between -2147483648 and 2147483647"),
                Arguments.of(ConfigType.SHORT, "40000", "must be a whole number between -32768 and 32767"),
                Arguments.of(
                        ConfigType.LONG,
                        "9223372036854775808",
                        "must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE),
                Arguments.of(ConfigType.DOUBLE, "NaN", "must be a number"),
                Arguments.of(ConfigType.DOUBLE, "1.5d", "must be a number"),
                Arguments.of(ConfigType.DOUBLE, Double.POSITIVE_INFINITY, "must be a finite number"),
                Arguments.of(ConfigType.DOUBLE, true, "must be a number"),
                Arguments.of(ConfigType.STRING, 5, "must be a string"),
                Arguments.of(ConfigType.LIST, 5, "must be a comma-separated string or a list of strings"),
                Arguments.of(ConfigType.LIST, Arrays.asList("a", 1), "must be a list of strings"),
                Arguments.of(ConfigType.CLASS, "not a class", "must be a Java class name"),
                Arguments.of(ConfigType.CLASS, "a..b", "must be a Java class name"),
                Arguments.of(
                        ConfigType.DURATION,
                        "ten seconds",
                        "must be a whole number of milliseconds or an ISO-8601 duration such as PT30S"),
                Arguments.of(
                        ConfigType.DURATION,
                        1.5,
                        "must be a whole number of milliseconds or an ISO-8601 duration such as PT30S"));
    }

    @ParameterizedTest(name = "{0} rejects {1}")
    @MethodSource("invalidValues")
    void rejectsInvalidValuesNamingKeyValueAndRule(ConfigType<?> type, Object raw, String rule) {
        assertThatThrownBy(() -> type.parse("my.key", raw))
                .isInstanceOfSatisfying(InvalidConfigValueException.class, failure -> {
                    assertThat(failure.key()).isEqualTo("my.key");
                    assertThat(failure.shownValue()).isEqualTo(type.show(raw));
                    assertThat(failure.rule()).isEqualTo(rule);
                    assertThat(failure)
                            .hasMessage("Invalid value '" + type.show(raw) + "' for configuration 'my.key': " + rule);
                });
    }

    @Test
    void passwordRejectionNeverShowsTheValue() {
        assertThatThrownBy(() -> ConfigType.PASSWORD.parse("db.password", 12345))
                .hasMessage("Invalid value '[hidden]' for configuration 'db.password': must be a string")
                .hasMessageNotContaining("12345");
    }

    @Test
    void formatsValuesTheWayUsersTypeThem() {
        assertThat(ConfigType.LIST.format(List.of("a", "b"))).isEqualTo("a,b");
        assertThat(ConfigType.DURATION.format(Duration.ofSeconds(2))).isEqualTo("2000");
        assertThat(ConfigType.CLASS.format(new ClassName("x.Y"))).isEqualTo("x.Y");
        assertThat(ConfigType.PASSWORD.format(new Password("secret"))).isEqualTo("[hidden]");
        assertThat(ConfigType.BOOLEAN.format(true)).isEqualTo("true");
    }

    @Test
    void showsRawListsJoinedAndSecretsHidden() {
        assertThat(ConfigType.LIST.show(List.of("a", "b"))).isEqualTo("a,b");
        assertThat(ConfigType.PASSWORD.show("secret")).isEqualTo("[hidden]");
        assertThat(ConfigType.STRING.show(new Password("secret"))).isEqualTo("[hidden]");
    }

    @Test
    void namesAndSecrecyAreStable() {
        assertThat(ConfigType.values())
                .extracting(ConfigType::name)
                .containsExactly(
                        "boolean", "int", "short", "long", "double", "string", "list", "class", "password", "duration");
        assertThat(ConfigType.values()).filteredOn(ConfigType::isSecret).containsExactly(ConfigType.PASSWORD);
        assertThat(ConfigType.INT).hasToString("int");
    }

    @Test
    void parsedListsAreImmutable() {
        List<String> parsed = ConfigType.LIST.parse("k", "a,b");
        assertThatThrownBy(() -> parsed.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Property
    void everyLongSurvivesFormatThenParse(@ForAll long value) {
        assertThat(ConfigType.LONG.parse("k", ConfigType.LONG.format(value))).isEqualTo(value);
    }

    @Property
    void everyIntSurvivesFormatThenParse(@ForAll int value) {
        assertThat(ConfigType.INT.parse("k", ConfigType.INT.format(value))).isEqualTo(value);
    }

    @Property
    void everyFiniteDoubleSurvivesFormatThenParse(@ForAll double value) {
        net.jqwik.api.Assume.that(Double.isFinite(value));
        assertThat(ConfigType.DOUBLE.parse("k", ConfigType.DOUBLE.format(value)))
                .isEqualTo(value);
    }

    @Property
    void listsOfPlainWordsSurviveFormatThenParse(@ForAll List<@AlphaChars @NotBlank String> words) {
        net.jqwik.api.Assume.that(!words.isEmpty());
        assertThat(ConfigType.LIST.parse("k", ConfigType.LIST.format(words))).isEqualTo(words);
    }
}
