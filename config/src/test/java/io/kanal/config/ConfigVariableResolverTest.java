package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigVariableResolverTest {

    private static final String SECRET = "pa55-w0rd-from-env";

    private static final Map<String, String> ENVIRONMENT =
            Map.of("DB_HOST", "db.internal", "DB_PASSWORD", SECRET, "RETRIES", "3", "NOT_A_NUMBER", SECRET);

    private final ConfigVariableResolver resolver = ConfigVariableResolver.builder()
            .provider(EnvConfigProvider.NAME, new EnvConfigProvider(ENVIRONMENT))
            .build();

    @Test
    void substitutesEveryReferenceInAValue() {
        Map<String, Object> resolved =
                resolver.resolve(Map.of("url", "jdbc:postgresql://${env:DB_HOST}:5432/app?r=${env:RETRIES}"));

        ResolvedValue url = (ResolvedValue) resolved.get("url");
        assertThat(url.reveal()).isEqualTo("jdbc:postgresql://db.internal:5432/app?r=3");
        assertThat(url.template()).isEqualTo("jdbc:postgresql://${env:DB_HOST}:5432/app?r=${env:RETRIES}");
        assertThat(url).hasToString(url.template());
    }

    @Test
    void leavesValuesWithoutResolvableReferencesUntouched() {
        Map<String, Object> originals = new HashMap<>();
        originals.put("plain", "text");
        originals.put("unknown.provider", "${vault:secret/db:password}");
        originals.put("unknown.variable", "${env:NOT_SET}");
        originals.put("typed", 42);
        originals.put("absent", null);

        Map<String, Object> resolved = resolver.resolve(originals);

        assertThat(resolved).isEqualTo(originals);
    }

    @Test
    void resolvesKnownReferencesAndKeepsUnknownOnesInTheSameValue() {
        Object resolved = resolver.resolve(Map.of("k", "${env:DB_HOST}/${vault:x:y}/${env:NOPE}"))
                .get("k");

        assertThat(((ResolvedValue) resolved).reveal()).isEqualTo("db.internal/${vault:x:y}/${env:NOPE}");
    }

    @Test
    void resolvedValuesParseAndTheirSecretsNeverShow() {
        ConfigKey<Integer> retries =
                ConfigKey.builder("retries", ConfigType.INT).build();
        ConfigKey<String> host = ConfigKey.builder("host", ConfigType.STRING).build();
        ConfigKey<Password> password =
                ConfigKey.builder("password", ConfigType.PASSWORD).build();
        ConfigSpec spec = ConfigSpec.builder()
                .define(retries)
                .define(host)
                .define(password)
                .build();

        ParsedConfig config = spec.parse(resolver.resolve(
                Map.of("retries", "${env:RETRIES}", "host", "${env:DB_HOST}", "password", "${env:DB_PASSWORD}")));

        assertThat(config.get(retries)).isEqualTo(3);
        assertThat(config.get(host)).isEqualTo("db.internal");
        assertThat(config.get(password).reveal()).isEqualTo(SECRET);
        assertThat(config.toString())
                .isEqualTo("ParsedConfig{retries=${env:RETRIES}, host=${env:DB_HOST}, password=[hidden]}");
        assertThat(config.shownValue("host")).contains("${env:DB_HOST}");
    }

    @Test
    void anInvalidResolvedValueIsReportedByItsReference() {
        ConfigSpec spec = ConfigSpec.builder()
                .define(ConfigKey.builder("retries", ConfigType.INT).build())
                .build();
        Map<String, Object> resolved = resolver.resolve(Map.of("retries", "${env:NOT_A_NUMBER}"));

        assertThatThrownBy(() -> spec.parse(resolved))
                .hasMessageStartingWith("Invalid value '${env:NOT_A_NUMBER}' for configuration 'retries': ")
                .hasMessageNotContaining(SECRET);
        assertThat(spec.validate(resolved).value("retries").orElseThrow().shownValue())
                .contains("${env:NOT_A_NUMBER}");
    }

    @Test
    void callsEachProviderOncePerPathWithEveryKey() {
        List<String> calls = new ArrayList<>();
        ConfigProvider files = (path, keys) -> {
            calls.add(path + " " + keys);
            return Map.of("user", "u-" + path, "password", "p-" + path);
        };
        ConfigVariableResolver fileResolver =
                ConfigVariableResolver.builder().provider("file", files).build();

        Map<String, Object> resolved = fileResolver.resolve(Map.of(
                "a", "${file:/etc/db.properties:user}",
                "b", "${file:/etc/db.properties:password}",
                "c", "${file:/etc/other.properties:user}"));

        assertThat(calls)
                .containsExactlyInAnyOrder("/etc/db.properties [password, user]", "/etc/other.properties [user]");
        assertThat(((ResolvedValue) resolved.get("b")).reveal()).isEqualTo("p-/etc/db.properties");
        assertThat(((ResolvedValue) resolved.get("c")).reveal()).isEqualTo("u-/etc/other.properties");
    }

    @Test
    void resolutionIsASinglePass() {
        ConfigProvider tricky = (path, keys) -> Map.of("outer", "${env:DB_PASSWORD}");
        ConfigVariableResolver twoProviders = ConfigVariableResolver.builder()
                .provider("env", new EnvConfigProvider(ENVIRONMENT))
                .provider("tricky", tricky)
                .build();

        Object resolved = twoProviders.resolve(Map.of("k", "${tricky:outer}")).get("k");

        assertThat(((ResolvedValue) resolved).reveal()).isEqualTo("${env:DB_PASSWORD}");
    }

    @Test
    void aFailingProviderIsReportedWithoutItsValues() {
        ConfigProvider broken = (path, keys) -> {
            throw new IllegalStateException("disk on fire");
        };
        ConfigVariableResolver failing =
                ConfigVariableResolver.builder().provider("file", broken).build();

        assertThatThrownBy(() -> failing.resolve(Map.of("k", "${file:/x:y}")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessage("config provider 'file' failed to resolve path '/x'")
                .hasRootCauseMessage("disk on fire");
    }

    @Test
    void aProviderReturningNullIsAnError() {
        ConfigVariableResolver nulls = ConfigVariableResolver.builder()
                .provider("file", (path, keys) -> null)
                .build();

        assertThatThrownBy(() -> nulls.resolve(Map.of("k", "${file:/x:y}")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessage("config provider 'file' returned no result for path '/x'");
    }

    @Test
    void envProviderRefusesAPath() {
        assertThatThrownBy(() -> resolver.resolve(Map.of("k", "${env:some/path:DB_HOST}")))
                .isInstanceOf(ConfigProviderException.class)
                .hasMessageContaining("takes no path");
    }

    @Test
    void envProviderReturnsOnlySetVariablesAndDoesNotListThem() {
        EnvConfigProvider env = new EnvConfigProvider(ENVIRONMENT);

        assertThat(env.resolve("", Set.of("DB_HOST", "MISSING"))).containsExactly(Map.entry("DB_HOST", "db.internal"));
        assertThat(env.toString()).isEqualTo("EnvConfigProvider[4 variables]").doesNotContain(SECRET);
        assertThat(new EnvConfigProvider().resolve("", Set.of("PATH")))
                .isEqualTo(System.getenv("PATH") == null ? Map.of() : Map.of("PATH", System.getenv("PATH")));
    }

    @Test
    void builderRejectsBadOrDuplicateNames() {
        ConfigVariableResolver.Builder builder =
                ConfigVariableResolver.builder().provider("env", new EnvConfigProvider(Map.of()));

        assertThatThrownBy(() -> builder.provider("env", new EnvConfigProvider(Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.provider("bad name", new EnvConfigProvider(Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.build().providerNames()).containsExactly("env");
        assertThat(builder.build()).hasToString("ConfigVariableResolver[env]");
    }

    @Test
    void resolvedMapKeepsIterationOrderAndIsImmutable() {
        Map<String, Object> originals = new java.util.LinkedHashMap<>();
        originals.put("z", "1");
        originals.put("a", "${env:DB_HOST}");
        originals.put("m", "2");

        Map<String, Object> resolved = resolver.resolve(originals);

        assertThat(resolved.keySet()).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> resolved.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void resolvedValueEqualityCoversBothForms() {
        assertThat(new ResolvedValue("${a:b}", "x"))
                .isEqualTo(new ResolvedValue("${a:b}", "x"))
                .hasSameHashCodeAs(new ResolvedValue("${a:b}", "x"))
                .isNotEqualTo(new ResolvedValue("${a:b}", "y"));
    }
}
