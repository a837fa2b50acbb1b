package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A parsed configuration keeps what the user supplied, for keys a spec cannot declare one by one. */
class OriginalsTest {
    private static final ConfigKey<String> URL =
            ConfigKey.builder("connection.url", ConfigType.STRING).required().build();
    private static final ConfigKey<Password> SECRET = ConfigKey.builder("connection.password", ConfigType.PASSWORD)
            .defaultValue(new Password(""))
            .build();
    private static final ConfigSpec SPEC =
            ConfigSpec.builder().define(URL).define(SECRET).build();

    @Test
    void originalsHoldEverySuppliedKeyAsTextInOrderWithSecretsRevealed() {
        Map<String, Object> supplied = new LinkedHashMap<>();
        supplied.put("connection.url", "jdbc:postgresql://db/app");
        supplied.put("connection.password", "s3cret");
        supplied.put("connection.ssl.mode", "require");
        supplied.put("batch.size", 500);
        supplied.put("ignored", null);
        supplied.put("token", new ResolvedValue("${env:TOKEN}", "abc"));

        ParsedConfig config = SPEC.parse(supplied);

        assertThat(config.originals())
                .containsExactly(
                        Map.entry("connection.url", "jdbc:postgresql://db/app"),
                        Map.entry("connection.password", "s3cret"),
                        Map.entry("connection.ssl.mode", "require"),
                        Map.entry("batch.size", "500"),
                        Map.entry("token", "abc"));
        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("abc");
    }

    @Test
    void aPrefixSelectsAFamilyOfKeysWithOrWithoutThePrefix() {
        ParsedConfig config = SPEC.parse(
                Map.of("connection.url", "jdbc:x", "connection.ssl.mode", "require", "connectionless", "no"));

        assertThat(config.originalsWithPrefix("connection.", true))
                .containsOnly(Map.entry("url", "jdbc:x"), Map.entry("ssl.mode", "require"));
        assertThat(config.originalsWithPrefix("connection.", false))
                .containsOnlyKeys("connection.url", "connection.ssl.mode");
    }
}
