package io.kanal.client.network.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.security.OAuthBearerToken;
import io.kanal.client.security.OAuthBearerTokenSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SaslSettingsTest {
    private static final String PLAIN_JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"hunter2\";";

    @Test
    void plainFromJaasOrFromTheSimpleKeys() {
        for (SaslSettings settings : new SaslSettings[] {
            SaslSettings.from("PLAIN", PLAIN_JAAS, null, null, null),
            SaslSettings.from("plain", null, "u", "hunter2", null)
        }) {
            assertThat(settings.mechanism()).isEqualTo("PLAIN");
            assertThat(settings.principal()).isEqualTo("u");
            SaslMechanism client = settings.clients().get();
            assertThat(new String(client.initialResponse(), StandardCharsets.UTF_8))
                    .isEqualTo("\0u\0hunter2");
            assertThat(settings.toString()).doesNotContain("hunter2");
        }
    }

    @Test
    void scramNamesItsHash() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";";
        assertThat(SaslSettings.from("SCRAM-SHA-512", jaas, null, null, null)
                        .clients()
                        .get()
                        .name())
                .isEqualTo("SCRAM-SHA-512");
        assertThat(SaslSettings.from("SCRAM-SHA-256", null, "u", "p", null)
                        .clients()
                        .get()
                        .name())
                .isEqualTo("SCRAM-SHA-256");
    }

    @Test
    void oauthBearerBuildsAnUnsecuredTokenFromTheJaasOptions() {
        SaslSettings settings = SaslSettings.from(
                "OAUTHBEARER",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                        + " unsecuredLoginStringClaim_sub=\"alice\" unsecuredLoginListClaim_scope=\",read,write\""
                        + " unsecuredLoginExtension_traceId=\"42\";",
                null,
                null,
                null);
        assertThat(settings.principal()).isEqualTo("alice");
        String message = new String(settings.clients().get().initialResponse(), StandardCharsets.UTF_8);
        assertThat(message).startsWith("n,,\u0001auth=Bearer ").endsWith("\u0001traceId=42\u0001\u0001");
        String token = message.substring("n,,\u0001auth=Bearer ".length(), message.indexOf('\u0001', 4));
        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(3);
        assertThat(parts[2]).isEmpty();
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"none\"}");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .contains("\"sub\":\"alice\"", "\"scope\":[\"read\",\"write\"]", "\"iat\":", "\"exp\":");
    }

    @Test
    void aTokenSourceWinsForOauthBearer() {
        OAuthBearerTokenSource source = () -> new OAuthBearerToken("opaque-token", "svc", Long.MAX_VALUE);
        SaslSettings settings = SaslSettings.from("OAUTHBEARER", null, null, null, source);
        assertThat(new String(settings.clients().get().initialResponse(), StandardCharsets.UTF_8))
                .isEqualTo("n,,\u0001auth=Bearer opaque-token\u0001\u0001");
        assertThat(new OAuthBearerToken("opaque-token", "svc", 1).toString()).doesNotContain("opaque-token");
    }

    @Test
    void refusesSettingsThatDoNotFitWithoutQuotingSecrets() {
        assertThatThrownBy(() -> SaslSettings.from("GSSAPI", null, "u", "hunter2", null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("GSSAPI");
        assertThatThrownBy(() -> SaslSettings.from("SCRAM-SHA-256", PLAIN_JAAS, null, null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("ScramLoginModule")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> SaslSettings.from("PLAIN", PLAIN_JAAS, "u", "hunter2", null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> SaslSettings.from("PLAIN", null, "u", null, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> SaslSettings.from("OAUTHBEARER", null, null, null, null))
                .isInstanceOf(InvalidConfigException.class);
    }
}
