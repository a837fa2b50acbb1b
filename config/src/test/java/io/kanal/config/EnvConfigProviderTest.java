package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvConfigProviderTest {

    private static final String SECRET = "env-secret-value";

    private static final Map<String, String> ENVIRONMENT =
            Map.of("KANAL_DB_PASSWORD", SECRET, "KANAL_USER", "kanal", "HOME", "/root");

    @Test
    void withoutAnAllowlistEveryVariableResolves() {
        EnvConfigProvider provider = new EnvConfigProvider(ENVIRONMENT);

        assertThat(provider.resolve("", Set.of("KANAL_USER", "HOME", "UNSET")))
                .isEqualTo(Map.of("KANAL_USER", "kanal", "HOME", "/root"));
    }

    @Test
    void theAllowlistMustMatchTheWholeName() {
        EnvConfigProvider provider = new EnvConfigProvider(ENVIRONMENT, EnvConfigProvider.allowlist("KANAL_.*"));
        EnvConfigProvider partial = new EnvConfigProvider(ENVIRONMENT, EnvConfigProvider.allowlist("KANAL"));

        assertThat(provider.resolve("", Set.of("KANAL_DB_PASSWORD", "HOME")))
                .isEqualTo(Map.of("KANAL_DB_PASSWORD", SECRET));
        assertThat(partial.resolve("", Set.of("KANAL_DB_PASSWORD", "KANAL_USER")))
                .isEmpty();
    }

    @Test
    void aVariableOutsideTheAllowlistStaysUnresolved() {
        ConfigVariableResolver resolver = ConfigVariableResolver.builder()
                .provider(
                        EnvConfigProvider.NAME,
                        new EnvConfigProvider(ENVIRONMENT, EnvConfigProvider.allowlist("KANAL_.*")))
                .build();

        ConfigVariableResolver.Resolution resolution = resolver.resolveReporting(Map.of("home", "${env:HOME}"));

        assertThat(resolution.values()).containsEntry("home", "${env:HOME}");
        assertThat(resolution.unresolved()).containsOnlyKeys("home");
    }

    @Test
    void fromParamsReadsAllowlistPatternAndRejectsABadOne() {
        assertThat(EnvConfigProvider.fromParams(Map.of(EnvConfigProvider.ALLOWLIST_PATTERN, "KANAL_.*")))
                .hasToString("EnvConfigProvider["
                        + System.getenv().keySet().stream()
                                .filter(name -> name.matches("KANAL_.*"))
                                .count()
                        + " variables, allowlist.pattern=KANAL_.*]");
        assertThatThrownBy(() -> EnvConfigProvider.fromParams(Map.of(EnvConfigProvider.ALLOWLIST_PATTERN, "KANAL_(")))
                .isInstanceOfSatisfying(InvalidConfigValueException.class, e -> assertThat(e.key())
                        .isEqualTo(EnvConfigProvider.ALLOWLIST_PATTERN))
                .hasMessageContaining("regular expression");
    }

    @Test
    void aPathIsRefusedAndToStringHidesValues() {
        EnvConfigProvider provider = new EnvConfigProvider(ENVIRONMENT);

        assertThatThrownBy(() -> provider.resolve("some/path", Set.of("HOME")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("takes no path");
        assertThat(provider.toString())
                .contains("3 variables")
                .doesNotContain(SECRET)
                .doesNotContain("KANAL_");
    }
}
