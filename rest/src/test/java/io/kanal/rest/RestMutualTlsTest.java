package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ApiServices;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client certificates as REST credentials: the subject's CN is the user, its role comes from the users file. */
class RestMutualTlsTest {

    private static final String PASSWORD = "changeit-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private RestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** A PKCS12 keystore with one self-signed key pair for {@code dname}; its certificate joins the truststore. */
    private static Path keyPair(String name, String dname) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        Path cert = dir.resolve(name + ".crt");
        keytool(
                "-exportcert",
                "-alias",
                name,
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                name,
                "-file",
                cert.toString(),
                "-keystore",
                dir.resolve("trust.p12").toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        return store;
    }

    @BeforeAll
    static void makeStores() throws Exception {
        keyPair("server", "CN=localhost");
        keyPair("ops", "CN=ops,OU=platform,O=example");
        keyPair("viewer", "CN=viewer,O=example");
        keyPair("stranger", "CN=stranger,O=example");
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static HttpClient client(String certificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(dir.resolve("trust.p12")));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(dir.resolve(certificate + ".p12")), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private URI start(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "https://127.0.0.1:0");
        config.put(
                "listeners.https.ssl.keystore.location",
                dir.resolve("server.p12").toString());
        config.put("listeners.https.ssl.keystore.password", PASSWORD);
        config.put("listeners.https.ssl.keystore.type", "PKCS12");
        config.put(
                "listeners.https.ssl.truststore.location",
                dir.resolve("trust.p12").toString());
        config.put("listeners.https.ssl.truststore.password", PASSWORD);
        config.put("listeners.https.ssl.truststore.type", "PKCS12");
        config.put("listeners.https.ssl.client.auth", "required");
        config.putAll(extra);
        server = new RestServer(config, ApiServices.of(StubWorker.silent()));
        server.start();
        return server.uri();
    }

    private static HttpResponse<String> get(String certificate, URI base, String path) throws Exception {
        return client(certificate)
                .send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCertificatesCnMapsToAUserOfTheFileAndItsRole() throws Exception {
        Path users = Files.writeString(dir.resolve("tls-users.properties"), "ops: ,admin\nviewer: ,read-only\n");
        URI base = start(Map.of(RestAuthSettings.USERS_FILE, users.toString()));
        assertThat(get("ops", base, "/connectors/c/config").statusCode()).isEqualTo(404);
        assertThat(get("viewer", base, "/connectors").statusCode()).isEqualTo(200);
        HttpResponse<String> config = get("viewer", base, "/connectors/c/config");
        assertThat(config.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(config.body()).get("error_code").asInt()).isEqualTo(403);
        HttpResponse<String> stranger = get("stranger", base, "/connectors");
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.body()).contains("stranger");
    }

    @Test
    void withoutAUsersFileEveryTrustedCertificateIsAnAdmin() throws Exception {
        URI base = start(Map.of());
        assertThat(get("stranger", base, "/connectors/c/config").statusCode()).isEqualTo(404);
        assertThat(get("viewer", base, "/connectors").statusCode()).isEqualTo(200);
    }

    @Test
    void theCommonNameIsTheMostSpecificCn() {
        assertThat(RestAuthFilter.commonName("CN=ops,OU=platform,CN=example")).hasValue("ops");
        assertThat(RestAuthFilter.commonName("O=example")).isEmpty();
        assertThat(RestAuthFilter.commonName("not a name")).isEmpty();
    }
}
