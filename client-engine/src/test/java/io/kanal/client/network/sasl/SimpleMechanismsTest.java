package io.kanal.client.network.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.SaslAuthenticationException;
import io.kanal.client.security.OAuthBearerToken;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimpleMechanismsTest {

    @Test
    void plainSendsOneMessageAndAcceptsOnlyAnEmptyAnswer() {
        PlainMechanism plain = new PlainMechanism("u", "p");
        assertThat(plain.initialResponse()).isEqualTo("\0u\0p".getBytes(StandardCharsets.UTF_8));
        assertThat(plain.evaluateChallenge(new byte[0])).isNull();
        assertThat(plain.isComplete()).isTrue();
        PlainMechanism other = new PlainMechanism("u", "p");
        other.initialResponse();
        assertThatThrownBy(() -> other.evaluateChallenge(new byte[] {1}))
                .isInstanceOf(SaslAuthenticationException.class);
        assertThatThrownBy(() -> new PlainMechanism("u\0x", "p").initialResponse())
                .isInstanceOf(SaslAuthenticationException.class);
        assertThat(new PlainMechanism("u", "hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void oauthBearerAnswersAnErrorChallengeWithTheSeparatorThenFails() {
        OAuthBearerMechanism oauth =
                new OAuthBearerMechanism(() -> new OAuthBearerToken("tok", "svc", Long.MAX_VALUE), Map.of());
        oauth.initialResponse();
        assertThat(oauth.evaluateChallenge("{\"status\":\"invalid_token\"}".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(1);
        assertThat(oauth.serverError()).contains("invalid_token");
        assertThat(oauth.isComplete()).isFalse();
        assertThatThrownBy(() -> oauth.evaluateChallenge("again".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("invalid_token");
    }

    @Test
    void oauthBearerCompletesOnAnEmptyAnswerAndWrapsTokenSourceFailures() {
        OAuthBearerMechanism oauth =
                new OAuthBearerMechanism(() -> new OAuthBearerToken("tok", "svc", Long.MAX_VALUE), Map.of());
        oauth.initialResponse();
        assertThat(oauth.evaluateChallenge(new byte[0])).isNull();
        assertThat(oauth.isComplete()).isTrue();
        OAuthBearerMechanism broken = new OAuthBearerMechanism(
                () -> {
                    throw new IllegalStateException("idp down, secret=xyz");
                },
                Map.of());
        assertThatThrownBy(broken::initialResponse)
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("OAUTHBEARER")
                .hasMessageNotContaining("xyz")
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
