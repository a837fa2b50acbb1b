package io.kanal.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigException;
import io.kanal.config.InvalidConfigValueException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSinkConfigTest {

    private static HttpSinkConfig config(Map<String, String> extra) {
        Map<String, String> map = new HashMap<>(extra);
        map.putIfAbsent("http.url", "https://example.com/in");
        return HttpSinkConfig.from(HttpSinkConfig.SPEC.parse(map));
    }

    @Test
    void defaults() {
        HttpSinkConfig config = config(Map.of());
        assertThat(config.method()).isEqualTo("POST");
        assertThat(config.format()).isEqualTo(BatchFormat.JSON_ARRAY);
        assertThat(config.authorization()).isEmpty();
        assertThat(config.retry().maxRetries()).isEqualTo(10);
        assertThat(config.trustStore()).isEmpty();
    }

    @Test
    void headersWithTheDefaultAndACustomSeparator() {
        assertThat(config(Map.of("http.headers", "X-A: 1, X-B:two")).headers())
                .containsExactly(
                        new HttpSinkConfig.HttpHeader("X-A", "1"), new HttpSinkConfig.HttpHeader("X-B", "two"));
        assertThat(config(Map.of("http.headers", "X-List:a,b|X-C:c", "http.headers.separator", "|"))
                        .headers())
                .containsExactly(
                        new HttpSinkConfig.HttpHeader("X-List", "a,b"), new HttpSinkConfig.HttpHeader("X-C", "c"));
    }

    @Test
    void malformedHeadersAndAuthorizationHeadersAreRejectedWithoutShowingThem() {
        assertThatThrownBy(() -> config(Map.of("http.headers", "no-colon-secret")))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("http.headers")
                .hasMessageNotContaining("no-colon-secret");
        assertThatThrownBy(() -> config(Map.of("http.headers", "Authorization:Bearer abc")))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageNotContaining("abc");
    }

    @Test
    void urlSecretsAndHeaderValuesAreHiddenInToStringAndTheDisplayedUrl() {
        Map<String, String> map = new HashMap<>();
        map.put("http.url", "https://hook:s3cret@example.invalid:8443/services/T0/B1?token=abc123");
        map.put("http.headers", "X-Api-Key:k3y");
        HttpSinkConfig config = HttpSinkConfig.from(HttpSinkConfig.SPEC.parse(map));
        assertThat(config.displayUrl()).isEqualTo("https://example.invalid:8443/services/T0/B1?[hidden]");
        assertThat(config.toString())
                .contains("X-Api-Key")
                .doesNotContain("k3y")
                .doesNotContain("s3cret")
                .doesNotContain("abc123");
    }

    @Test
    void basicAndBearerAuthorizationAreHiddenInToString() {
        HttpSinkConfig basic = config(
                Map.of("http.auth.type", "basic", "http.auth.basic.username", "u", "http.auth.basic.password", "p4ss"));
        assertThat(basic.authorization().orElseThrow().reveal()).isEqualTo("Basic dTpwNHNz");
        assertThat(basic.toString()).doesNotContain("p4ss").doesNotContain("dTpwNHNz");
        HttpSinkConfig bearer = config(Map.of("http.auth.type", "BEARER", "http.auth.bearer.token", "t0ken"));
        assertThat(bearer.authorization().orElseThrow().reveal()).isEqualTo("Bearer t0ken");
        assertThat(bearer.toString()).doesNotContain("t0ken");
    }

    @Test
    void missingCredentialsNameTheKey() {
        assertThatThrownBy(() -> config(Map.of("http.auth.type", "basic", "http.auth.basic.username", "u")))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("http.auth.basic.password");
        assertThatThrownBy(() -> config(Map.of("http.auth.type", "bearer")))
                .isInstanceOf(InvalidConfigValueException.class)
                .hasMessageContaining("http.auth.bearer.token");
    }

    @Test
    void badValuesAreRejectedByTheSpec() {
        assertThatThrownBy(() -> config(Map.of("http.url", "ftp://example.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.url");
        assertThatThrownBy(() -> config(Map.of("http.method", "GET")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.method");
        assertThatThrownBy(() -> config(Map.of("batch.format", "xml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("batch.format");
    }
}
