package io.kanal.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.errors.AuthenticationException;
import io.kanal.client.errors.SaslAuthenticationException;
import io.kanal.client.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

class AuthenticationRefusalsTest {
    private static final AuthenticationException TLS = new SslAuthenticationException(
            "TLS handshake failed", SslAuthenticationException.Reason.HANDSHAKE_FAILURE, null);
    private static final AuthenticationException SASL = new SaslAuthenticationException("PLAIN", "refused");

    @Test
    void theWaitDoublesFromFiveSecondsToAMinuteForTlsAndSaslFailuresAlike() {
        AuthenticationRefusals refusals = new AuthenticationRefusals();
        assertThat(refusals.failed(TLS, 1_000, 1_000)).isEqualTo(1_000 + 5_000);
        assertThat(refusals.failed(SASL, 1_000, 1_000)).isEqualTo(1_000 + 10_000);
        assertThat(refusals.failed(TLS, 1_000, 1_000)).isEqualTo(1_000 + 20_000);
        assertThat(refusals.failed(TLS, 1_000, 1_000)).isEqualTo(1_000 + 40_000);
        assertThat(refusals.failed(TLS, 1_000, 1_000)).isEqualTo(1_000 + 60_000);
        assertThat(refusals.failed(TLS, 1_000, 1_000)).isEqualTo(1_000 + 60_000);
        assertThat(refusals.last()).isSameAs(TLS);
    }

    @Test
    void aLongerReconnectBackoffMaxIsTheFloorAndTheCeiling() {
        AuthenticationRefusals refusals = new AuthenticationRefusals();
        assertThat(refusals.failed(SASL, 0, 90_000)).isEqualTo(90_000);
        assertThat(refusals.failed(SASL, 0, 90_000)).isEqualTo(90_000);
    }

    @Test
    void readinessStartsOverAndAnotherFailureStopsTheFailFastButKeepsTheCount() {
        AuthenticationRefusals refusals = new AuthenticationRefusals();
        refusals.failed(SASL, 0, 1_000);
        refusals.otherFailure();
        assertThat(refusals.last()).isNull();
        assertThat(refusals.failed(SASL, 0, 1_000)).isEqualTo(10_000);
        refusals.succeeded();
        assertThat(refusals.last()).isNull();
        assertThat(refusals.failed(TLS, 0, 1_000)).isEqualTo(5_000);
    }
}
