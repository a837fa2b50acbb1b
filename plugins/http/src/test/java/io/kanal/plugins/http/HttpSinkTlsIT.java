package io.kanal.plugins.http;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.kanal.plugins.http.WireMockSink.acceptedBodies;
import static io.kanal.plugins.http.WireMockSink.committable;
import static io.kanal.plugins.http.WireMockSink.config;
import static io.kanal.plugins.http.WireMockSink.context;
import static io.kanal.plugins.http.WireMockSink.json;
import static io.kanal.plugins.http.WireMockSink.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.kanal.api.errors.PluginException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS to a server with a self-signed certificate, trusted through a PKCS12 trust store made by keytool. */
@Timeout(60)
class HttpSinkTlsIT {

    private static final String STORE_PASSWORD = "changeit";
    private static final String TRUST_PASSWORD = "trustme";

    @TempDir
    static Path dir;

    private static WireMockServer server;
    private static Path trustStore;

    private HttpSinkTask task;

    @BeforeAll
    static void startServer() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.cer");
        trustStore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "server",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "server",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                TRUST_PASSWORD);
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .dynamicHttpsPort()
                .keystorePath(keyStore.toString())
                .keystoreType("PKCS12")
                .keystorePassword(STORE_PASSWORD)
                .keyManagerPassword(STORE_PASSWORD));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void stopTask() {
        if (task != null) {
            task.stop();
        }
        server.resetAll();
    }

    private static String httpsUrl() {
        return "https://localhost:" + server.httpsPort() + "/in";
    }

    @Test
    void aCustomTrustStoreTrustsTheSelfSignedServer() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        task = WireMockSink.start(context(
                config(
                        httpsUrl(),
                        Map.of(
                                "http.ssl.truststore.location",
                                trustStore.toString(),
                                "http.ssl.truststore.password",
                                TRUST_PASSWORD,
                                "http.ssl.truststore.type",
                                "PKCS12")),
                true));

        task.put(records(0, 2));
        task.flush(Map.of());

        assertThat(acceptedBodies(server)).containsExactly("[" + json(0) + "," + json(1) + "]");
        assertThat(committable(task)).isEqualTo(2);
    }

    @Test
    void withoutTheTrustStoreTheHandshakeFailsAndNothingIsCommitted() {
        server.stubFor(post(urlEqualTo("/in")).willReturn(ok()));
        task = WireMockSink.start(context(config(httpsUrl(), Map.of("max.retries", "0")), true));

        task.put(records(0, 1));

        assertThatThrownBy(() -> task.flush(Map.of()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("SSL");
        assertThat(acceptedBodies(server)).isEmpty();
    }

    @Test
    void aWrongTrustStorePasswordFailsStartWithoutShowingIt() {
        assertThatThrownBy(() -> WireMockSink.start(context(
                        config(
                                httpsUrl(),
                                Map.of(
                                        "http.ssl.truststore.location", trustStore.toString(),
                                        "http.ssl.truststore.password", "wrong-secret",
                                        "http.ssl.truststore.type", "PKCS12")),
                        true)))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("trust.p12")
                .hasMessageNotContaining("wrong-secret");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
