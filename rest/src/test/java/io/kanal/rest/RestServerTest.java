package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestServerTest {

    @Test
    void parsesConnectListeners() {
        assertThat(RestListeners.parse("http://:8083")).containsExactly(URI.create("http://0.0.0.0:8083"));
        assertThat(RestListeners.parse("http://127.0.0.1:0, https://localhost:9000"))
                .containsExactly(URI.create("http://127.0.0.1:0"), URI.create("https://localhost:9000"));
    }

    @Test
    void refusesWhatItCannotServeNamingTheKey() {
        assertThatThrownBy(() -> RestListeners.parse("ftp://:8443"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
        assertThatThrownBy(() -> RestListeners.parse(" , "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    @Test
    void httpsSettingsAreAllPrefixedOrAllPlainAsInConnect() {
        Map<String, String> plainOnly = Map.of("ssl.keystore.location", "/a", "ssl.keystore.password", "p");
        assertThat(RestListeners.sslSettings(plainOnly)).isEqualTo(plainOnly);
        Map<String, String> both = Map.of(
                "ssl.keystore.location", "/a",
                "ssl.truststore.location", "/t",
                "listeners.https.ssl.keystore.location", "/b");
        assertThat(RestListeners.sslSettings(both)).isEqualTo(Map.of("ssl.keystore.location", "/b"));
    }

    @Test
    void unknownClientAuthIsRefusedWithoutShowingSecrets() {
        assertThatThrownBy(() -> RestListeners.sslContextFactory(
                        Map.of("ssl.client.auth", "sometimes", "ssl.keystore.password", "hunter2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ssl.client.auth")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void advertisesTheChosenListenerWithTheConfiguredHostAndPort() {
        List<URI> bound = List.of(URI.create("http://127.0.0.1:1000/"), URI.create("https://127.0.0.1:2000/"));
        assertThat(RestListeners.advertised(Map.of(), bound)).isEqualTo(URI.create("http://127.0.0.1:1000/"));
        assertThat(RestListeners.advertised(Map.of("rest.advertised.listener", "https"), bound))
                .isEqualTo(URI.create("https://127.0.0.1:2000/"));
        assertThat(RestListeners.advertised(
                        Map.of(
                                "rest.advertised.listener", "HTTPS",
                                "rest.advertised.host.name", "connect-1.example",
                                "rest.advertised.port", "443"),
                        bound))
                .isEqualTo(URI.create("https://connect-1.example:443/"));
        assertThat(RestListeners.advertised(Map.of(), List.of(URI.create("https://h:3/"))))
                .isEqualTo(URI.create("https://h:3/"));
    }
}
