package io.kanal.client.resource.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.config.ClientConfigs;
import io.kanal.client.config.CommonClientConfigs;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.network.SecurityProtocol;
import io.kanal.client.network.sasl.SaslMechanism;
import io.kanal.client.network.sasl.SaslSettings;
import io.kanal.client.security.CountingTokenSource;
import io.kanal.client.security.OAuthBearerTokenSource;
import io.kanal.client.security.ThrowingTokenSource;
import io.kanal.config.ParsedConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecuritySettingsTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\" password=\"hunter2\";";

    private static ParsedConfig parse(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", "localhost:9092"));
        settings.putAll(extra);
        return ClientConfigs.parse(CommonClientConfigs.SPEC, settings, "producer");
    }

    private static SaslSettings sasl(ParsedConfig config) {
        return SecuritySettings.sasl(config, SecurityProtocol.of(config));
    }

    @Test
    void plaintextHasNoSasl() {
        assertThat(sasl(parse(Map.of()))).isNull();
        assertThat(sasl(parse(Map.of("security.protocol", "plaintext")))).isNull();
        assertThat(SecurityProtocol.of(parse(Map.of("security.protocol", " sasl_ssl "))))
                .isEqualTo(SecurityProtocol.SASL_SSL);
    }

    @Test
    void saslPlaintextReadsKafkasKeysAndNeverShowsThePassword() {
        ParsedConfig config = parse(Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS));
        SaslSettings sasl = sasl(config);
        assertThat(sasl.mechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(sasl.principal()).isEqualTo("svc");
        assertThat(sasl.toString()).doesNotContain("hunter2");
        assertThat(config.toString()).doesNotContain("hunter2");
        assertThat(config.shownValue("sasl.jaas.config")).get().asString().doesNotContain("hunter2");
    }

    @Test
    void theSimpleKeysWorkAndKafkasDefaultMechanismIsRefusedClearly() {
        SaslSettings sasl = sasl(parse(Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.username", "svc",
                "sasl.password", "hunter2")));
        assertThat(sasl.principal()).isEqualTo("svc");
        assertThatThrownBy(() -> sasl(parse(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.jaas.config", JAAS))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("GSSAPI")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse(Map.of("security.protocol", "SASL_TLS")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("security.protocol");
    }

    private static Map<String, String> oauth(String tokenSourceClass) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "OAUTHBEARER",
                "sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
                "client.id", "security-settings-test",
                "kanal.sasl.oauthbearer.token.source.class", tokenSourceClass);
    }

    @Test
    void aConfiguredTokenSourceReplacesTheUnsecuredJaasToken() {
        Map<String, String> settings = new HashMap<>(oauth(CountingTokenSource.class.getName()));
        settings.put("client.id", "security-settings-replaces");
        settings.put("test.oauth.subject", "alice");
        // Even with unsecuredLogin options present, the configured source wins.
        settings.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                        + " unsecuredLoginStringClaim_sub=\"bob\";");
        SaslSettings sasl = sasl(parse(settings));
        assertThat(sasl.mechanism()).isEqualTo("OAUTHBEARER");
        assertThat(sasl.principal()).isNotEqualTo("bob");
        SaslMechanism mechanism = sasl.clients().get();
        byte[] first = mechanism.initialResponse();
        assertThat(CountingTokenSource.calls("security-settings-replaces")).isEqualTo(1);
        String payload = new String(first, StandardCharsets.UTF_8);
        String jws = payload.substring(
                payload.indexOf("Bearer ") + 7, payload.indexOf('\u0001', payload.indexOf("Bearer ")));
        String claims = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).as("configure(Map) saw the client's settings").contains("\"sub\":\"alice\"");
    }

    @Test
    void theJaasLineMayBeAbsentWithATokenSource() {
        Map<String, String> settings = new HashMap<>(oauth(CountingTokenSource.class.getName()));
        settings.remove("sasl.jaas.config");
        assertThat(sasl(parse(settings)).mechanism()).isEqualTo("OAUTHBEARER");
    }

    @Test
    void aTokenSourceIsRefusedWithAnotherMechanism() {
        Map<String, String> settings = new HashMap<>(oauth(CountingTokenSource.class.getName()));
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put("sasl.jaas.config", JAAS);
        assertThatThrownBy(() -> sasl(parse(settings)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("kanal.sasl.oauthbearer.token.source.class")
                .hasMessageContaining("OAUTHBEARER only")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aTokenSourceThatCannotBeMadeFailsNamingTheKeyAndClassOnly() {
        String key = "kanal.sasl.oauthbearer.token.source.class";
        assertThatThrownBy(() -> sasl(parse(oauth("com.example.Missing"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("com.example.Missing")
                .hasMessageContaining("cannot be loaded");
        assertThatThrownBy(() -> sasl(parse(oauth(String.class.getName()))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("java.lang.String does not implement " + OAuthBearerTokenSource.class.getName());
        assertThatThrownBy(() -> sasl(parse(oauth(OAuthBearerTokenSource.class.getName()))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("public no-arg constructor");
        assertThatThrownBy(() -> sasl(parse(oauth(ThrowingTokenSource.class.getName()))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(ThrowingTokenSource.class.getName())
                .hasMessageContaining("constructor threw java.lang.IllegalStateException")
                .hasMessageNotContaining("secret-in-message");
    }

    @Test
    void aTokenSourceIsIgnoredWithoutSasl() {
        Map<String, String> settings = new HashMap<>(oauth(CountingTokenSource.class.getName()));
        settings.put("security.protocol", "PLAINTEXT");
        assertThat(sasl(parse(settings))).isNull();
    }
}
