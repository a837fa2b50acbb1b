package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.api.InternalRequestSigning;
import io.kanal.runtime.api.SessionKey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FencingThroughLeaderTest {

    private static final SessionKey KEY = new SessionKey(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256", Instant.EPOCH);

    @Test
    void putsToTheLeadersFenceEndpointWithTheConnectorPathEncoded() {
        HttpRequest request = FencingThroughLeader.request(
                "http://leader:8083/", "my source/1", Optional.empty(), "HmacSHA256", Duration.ofSeconds(5));

        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.uri()).isEqualTo(URI.create("http://leader:8083/connectors/my%20source%2F1/fence"));
        assertThat(FencingThroughLeader.uri("http://leader:8083", "c"))
                .isEqualTo(URI.create("http://leader:8083/connectors/c/fence"));
    }

    @Test
    void isSignedOverTheEmptyBodyAsConnectSignsIt() throws Exception {
        HttpRequest request = FencingThroughLeader.request(
                "http://leader:8083/", "c", Optional.of(KEY), "HmacSHA256", Duration.ofSeconds(5));

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.key(), KEY.algorithm()));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        assertThat(request.headers().firstValue(InternalRequestSigning.SIGNATURE_HEADER))
                .hasValue(expected);
        assertThat(request.headers().firstValue(InternalRequestSigning.SIGNATURE_ALGORITHM_HEADER))
                .hasValue("HmacSHA256");
    }

    @Test
    void isUnsignedWithoutASessionKey() {
        HttpRequest request = FencingThroughLeader.request(
                "http://leader:8083/", "c", Optional.empty(), "HmacSHA256", Duration.ofSeconds(5));

        assertThat(request.headers().firstValue(InternalRequestSigning.SIGNATURE_HEADER))
                .isEmpty();
    }
}
