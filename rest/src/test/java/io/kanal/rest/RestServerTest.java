package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RestServerTest {

    @Test
    void parsesConnectListeners() {
        assertThat(RestServer.parseListeners("http://:8083")).containsExactly(URI.create("http://0.0.0.0:8083"));
        assertThat(RestServer.parseListeners("http://127.0.0.1:0, http://localhost:9000"))
                .containsExactly(URI.create("http://127.0.0.1:0"), URI.create("http://localhost:9000"));
    }

    @Test
    void refusesWhatItCannotServeNamingTheKey() {
        assertThatThrownBy(() -> RestServer.parseListeners("https://:8443"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
        assertThatThrownBy(() -> RestServer.parseListeners(" , "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }
}
