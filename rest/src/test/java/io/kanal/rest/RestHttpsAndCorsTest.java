package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.api.ApiServices;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https listeners with a keystore made here (one-way TLS and client authentication), and CORS preflights. */
class RestHttpsAndCorsTest {

    private static final String PASSWORD = "changeit-test";

    @TempDir
    static Path dir;

    private static Path keystore;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = dir.resolve("rest.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "rest",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static KeyStore load() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** A client that trusts the test certificate, and presents it too when {@code withCertificate}. */
    private static HttpClient client(boolean withCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load());
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(withCertificate ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RestServer start(Map<String, String> config) {
        RestServer server = new RestServer(config, ApiServices.of(StubWorker.silent()));
        server.start();
        return server;
    }

    @Test
    void httpsListenerServesTheApiWithTheListenerPrefixedKeystore() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "https://127.0.0.1:0,http://127.0.0.1:0");
        config.put("listeners.https.ssl.keystore.location", keystore.toString());
        config.put("listeners.https.ssl.keystore.password", PASSWORD);
        config.put("listeners.https.ssl.key.password", PASSWORD);
        config.put("listeners.https.ssl.keystore.type", "PKCS12");
        // Hidden by the prefixed keys, as in Connect: a wrong plain value must not matter.
        config.put("ssl.keystore.location", dir.resolve("missing.p12").toString());
        config.put("rest.advertised.listener", "https");
        config.put("rest.advertised.host.name", "connect.example");
        RestServer server = start(config);
        try {
            URI https = server.uris().get(0);
            assertThat(https.getScheme()).isEqualTo("https");
            HttpResponse<String> root = get(client(false), https);
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.body()).contains("\"version\"");
            assertThat(server.advertisedUri())
                    .isEqualTo(URI.create("https://connect.example:" + https.getPort() + "/"));
            assertThat(get(HttpClient.newHttpClient(), server.uris().get(1)).statusCode())
                    .isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void requiredClientAuthRefusesAClientWithoutCertificateAndServesOneWithIt() throws Exception {
        RestServer server = start(Map.of(
                "listeners",
                "https://127.0.0.1:0",
                "ssl.keystore.location",
                keystore.toString(),
                "ssl.keystore.password",
                PASSWORD,
                "ssl.keystore.type",
                "PKCS12",
                "ssl.truststore.location",
                keystore.toString(),
                "ssl.truststore.password",
                PASSWORD,
                "ssl.truststore.type",
                "PKCS12",
                "ssl.client.auth",
                "required"));
        try {
            assertThatThrownBy(() -> get(client(false), server.uri())).isInstanceOf(IOException.class);
            assertThat(get(client(true), server.uri()).statusCode()).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void corsPreflightAllowsTheConfiguredOriginAndMethodsOnly() throws Exception {
        RestServer server = start(Map.of(
                "listeners", "http://127.0.0.1:0",
                "access.control.allow.origin", "http://ui.example",
                "access.control.allow.methods", "GET,POST,PUT,DELETE"));
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<String> preflight = http.send(
                    HttpRequest.newBuilder(server.uri().resolve("/connectors"))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Origin", "http://ui.example")
                            .header("Access-Control-Request-Method", "PUT")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isLessThan(300);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("http://ui.example");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                    .hasValueSatisfying(m -> assertThat(m).contains("PUT"));

            HttpResponse<String> simple = http.send(
                    HttpRequest.newBuilder(server.uri().resolve("/connectors"))
                            .header("Origin", "http://ui.example")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(simple.statusCode()).isEqualTo(200);
            assertThat(simple.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("http://ui.example");

            HttpResponse<String> stranger = http.send(
                    HttpRequest.newBuilder(server.uri().resolve("/connectors"))
                            .header("Origin", "http://evil.example")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
        } finally {
            server.stop();
        }
    }

    @Test
    void withoutAllowOriginNoCorsHeadersAreSent() throws Exception {
        RestServer server = start(Map.of("listeners", "http://127.0.0.1:0"));
        try {
            HttpResponse<String> reply = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.uri().resolve("/connectors"))
                                    .header("Origin", "http://ui.example")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.headers().firstValue("Access-Control-Allow-Origin"))
                    .isEmpty();
        } finally {
            server.stop();
        }
    }
}
