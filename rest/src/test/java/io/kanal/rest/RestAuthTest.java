package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanal.runtime.api.ApiServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP Basic with roles from a users file: 401 and 403 in JSON, what read-only may read, the file's formats. */
class RestAuthTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASIC_AUTH = RestAuthSettings.CONNECT_BASIC_AUTH;

    @TempDir
    Path dir;

    private RestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private Path users() throws Exception {
        String hashed =
                RestUsers.hash("h4shed-pw".toCharArray(), "0123456789abcdef".getBytes(StandardCharsets.UTF_8), 1000);
        return Files.writeString(
                dir.resolve("users.properties"),
                String.join(
                        "\n",
                        "# Connect's PropertyFileLoginModule format, with Kanal's roles",
                        "ops: 0ps-secret,admin",
                        "viewer: v1ew-secret, read-only",
                        "legacy = legacy-pw,Administrator",
                        "hashed: " + hashed + ",admin",
                        "certonly: ,read-only",
                        ""));
    }

    private URI start(Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "http://127.0.0.1:0");
        config.put("rest.extension.classes", BASIC_AUTH);
        config.put(RestAuthSettings.USERS_FILE, users().toString());
        config.putAll(extra);
        server = new RestServer(config, ApiServices.of(StubWorker.silent(), Duration.ofMillis(200)));
        server.start();
        return server.uri();
    }

    private static HttpResponse<String> send(URI base, String method, String path, String user, String password)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error_code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    @Test
    void noOrWrongCredentialsAre401JsonWithABasicChallenge() throws Exception {
        URI base = start(Map.of());
        for (HttpResponse<String> refused : List.of(
                send(base, "GET", "/connectors", null, null),
                send(base, "GET", "/connectors", "ops", "wrong"),
                send(base, "GET", "/connectors", "nobody", "0ps-secret"),
                send(base, "GET", "/", "certonly", ""),
                send(base, "POST", "/connectors", null, null))) {
            assertError(refused, 401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue(RestAuthFilter.CHALLENGE);
            assertThat(refused.body()).doesNotContain("0ps-secret").doesNotContain("wrong");
        }
        HttpResponse<String> garbage = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/connectors"))
                        .header("Authorization", "Basic %%%not-base64")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(garbage, 401);
    }

    @Test
    void adminReachesEverythingAndAHashedPasswordWorks() throws Exception {
        URI base = start(Map.of());
        assertThat(send(base, "GET", "/connectors", "ops", "0ps-secret").statusCode())
                .isEqualTo(200);
        // Past authentication: the stub has no such connector.
        assertThat(send(base, "GET", "/connectors/c/config", "ops", "0ps-secret")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(base, "GET", "/connectors", "hashed", "h4shed-pw").statusCode())
                .isEqualTo(200);
        assertError(send(base, "GET", "/connectors", "hashed", "h4shed-pw!"), 401);
    }

    @Test
    void readOnlyReadsStatusButNoConfigAndWritesNothing() throws Exception {
        URI base = start(Map.of());
        // The stub has no plugin registry (500), but the request got past authentication.
        assertThat(send(base, "GET", "/connector-plugins", "viewer", "v1ew-secret")
                        .statusCode())
                .isNotIn(401, 403);
        for (String path : List.of("/", "/connectors", "/connectors?expand=status")) {
            assertThat(send(base, "GET", path, "viewer", "v1ew-secret").statusCode())
                    .as(path)
                    .isEqualTo(200);
        }
        // Allowed, then answered by the stub (unknown connector, no topic tracking), not refused by the filter.
        for (String path : List.of("/connectors/c/status", "/connectors/c/tasks/0/status", "/connectors/c/topics")) {
            assertThat(send(base, "GET", path, "viewer", "v1ew-secret").statusCode())
                    .as(path)
                    .isNotIn(401, 403)
                    .isGreaterThanOrEqualTo(404);
        }
        for (String path : List.of(
                "/connectors/c",
                "/connectors/c/config",
                "/connectors/c/tasks",
                "/connectors/c/offsets",
                "/connectors?expand=info",
                "/connectors?expand=status&expand=info",
                "/admin/loggers")) {
            HttpResponse<String> refused = send(base, "GET", path, "viewer", "v1ew-secret");
            assertError(refused, 403);
            assertThat(refused.body()).contains("viewer").doesNotContain("v1ew-secret");
        }
        assertError(send(base, "POST", "/connectors", "viewer", "v1ew-secret"), 403);
        assertError(send(base, "PUT", "/connectors/c/config", "viewer", "v1ew-secret"), 403);
        assertError(send(base, "PUT", "/connector-plugins/x/config/validate", "viewer", "v1ew-secret"), 403);
        assertError(send(base, "DELETE", "/connectors/c", "viewer", "v1ew-secret"), 403);
        assertError(send(base, "POST", "/connectors/c/restart", "viewer", "v1ew-secret"), 403);
    }

    @Test
    void aConnectUserWithoutKanalRoleIsAuthenticatedButForbidden() throws Exception {
        URI base = start(Map.of());
        assertError(send(base, "GET", "/", "legacy", "legacy-pw"), 403);
    }

    @Test
    void healthNeedsCredentialsUnlessOpened() throws Exception {
        URI closed = start(Map.of());
        assertError(send(closed, "GET", "/health", null, null), 401);
        assertThat(send(closed, "GET", "/health", "viewer", "v1ew-secret").statusCode())
                .isNotIn(401, 403);
        server.stop();
        URI open = start(Map.of(RestAuthSettings.HEALTH_OPEN, "true"));
        assertThat(send(open, "GET", "/health", null, null).statusCode()).isNotIn(401, 403);
        assertError(send(open, "GET", "/connectors", null, null), 401);
    }

    @Test
    void theUsersFileIsFoundThroughConnectsJaasFile() throws Exception {
        Path jaas = Files.writeString(
                dir.resolve("connect.jaas"),
                "KafkaServer { x required; };\nKafkaConnect {\n"
                        + "  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n"
                        + "  file=\"" + users() + "\";\n};\n");
        assertThat(RestAuthSettings.jaasUsersFile(jaas.toString())).hasValue(users());
        assertThat(RestAuthSettings.jaasUsersFile(null)).isEmpty();
    }

    @Test
    void incompleteSettingsAreRefusedAtStartNamingTheKey() throws Exception {
        Map<String, String> noFile = Map.of("listeners", "http://127.0.0.1:0", "rest.extension.classes", BASIC_AUTH);
        assertThatThrownBy(() -> new RestServer(noFile, ApiServices.of(StubWorker.silent())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RestAuthSettings.USERS_FILE);
        Map<String, String> fileOnly =
                Map.of("listeners", "http://127.0.0.1:0", RestAuthSettings.USERS_FILE, users().toString());
        assertThatThrownBy(() -> new RestServer(fileOnly, ApiServices.of(StubWorker.silent())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rest.extension.classes");
        Map<String, String> other = Map.of(
                "listeners", "http://127.0.0.1:0", "rest.extension.classes", BASIC_AUTH + ",com.example.RbacExtension");
        assertThatThrownBy(() -> new RestServer(other, ApiServices.of(StubWorker.silent())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.example.RbacExtension");
        Path jetty = Files.writeString(dir.resolve("jetty.properties"), "old: MD5:164c88b302622e17050af52c89945d44\n");
        assertThatThrownBy(() -> RestUsers.load(jetty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("old")
                .hasMessageNotContaining("164c88b3");
    }

    @Test
    void aUsersFileWithRequestedCertificatesButNoBasicIsRefusedAtStart() throws Exception {
        List<URI> https = List.of(URI.create("https://127.0.0.1:0"));
        Map<String, String> requested =
                Map.of("listeners.https.ssl.client.auth", "requested", RestAuthSettings.USERS_FILE, users().toString());
        // A client without a certificate would pass unauthenticated (as admin) while the file looks like protection.
        assertThatThrownBy(() -> RestAuthSettings.of(requested, https, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RestAuthSettings.USERS_FILE)
                .hasMessageContaining("ssl.client.auth=requested")
                .hasMessageContaining("rest.extension.classes");
        Map<String, String> requestedWithBasic = new HashMap<>(requested);
        requestedWithBasic.put("rest.extension.classes", BASIC_AUTH);
        assertThat(RestAuthSettings.of(requestedWithBasic, https, null).enforced())
                .isTrue();
        Map<String, String> required =
                Map.of("listeners.https.ssl.client.auth", "required", RestAuthSettings.USERS_FILE, users().toString());
        assertThat(RestAuthSettings.of(required, https, null).enforced()).isTrue();
        assertThat(RestAuthSettings.of(Map.of("listeners.https.ssl.client.auth", "requested"), https, null)
                        .enforced())
                .as("requested certificates without a users file: the truststore is the policy, as before")
                .isFalse();
    }

    @Test
    void withoutAuthenticationTheApiStaysOpen() throws Exception {
        server = new RestServer(Map.of("listeners", "http://127.0.0.1:0"), ApiServices.of(StubWorker.silent()));
        server.start();
        assertThat(send(server.uri(), "GET", "/connectors", null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void accessIsDecidedOnTheDecodedPathJerseyRoutesOnAndDotSegmentsAreRefused() throws Exception {
        assertThat(RestAccess.readOnly("GET", "/connectors/c/tasks/%2e%2e/status", null))
                .isFalse();
        assertThat(RestAccess.readOnly("GET", "/connectors/%2E/c/status", null)).isFalse();
        assertThat(RestAccess.routed("/connectors/%2e%2e/c")).isEmpty();
        assertThat(RestAccess.routed("/connectors/c;v=1/status;x")).hasValue(List.of("connectors", "c", "status"));
        assertThat(RestAccess.routed("/connectors/a%2Fb%3B/status")).hasValue(List.of("connectors", "a/b;", "status"));
        assertThat(RestAccess.readOnly("GET", "/connectors/c;x=1/config", null)).isFalse();
        URI base = start(Map.of());
        for (String path :
                List.of("/connectors/%2e%2e/status", "/connectors/c/tasks/%2E%2e/status", "/connectors/%2e")) {
            HttpResponse<String> response = send(base, "GET", path, "viewer", "v1ew-secret");
            assertThat(response.statusCode()).as(path).isEqualTo(400);
        }
    }

    @Test
    void accessRulesAreAnAllowList() {
        assertThat(RestAccess.readOnly("GET", "/connectors/a%2Fb/status", null)).isTrue();
        assertThat(RestAccess.readOnly("GET", "/connectors/status", null)).isFalse();
        assertThat(RestAccess.readOnly("GET", "/connectors", "expand=INFO")).isFalse();
        assertThat(RestAccess.readOnly("GET", "/connectors", "expand=whatever")).isFalse();
        assertThat(RestAccess.readOnly("GET", "/connectors/c/tasks/0/status/", null))
                .isTrue();
        assertThat(RestAccess.readOnly("HEAD", "/connectors/c/status", null)).isTrue();
        assertThat(RestAccess.readOnly("PUT", "/connectors/c/pause", null)).isFalse();
        assertThat(RestAccess.allows(RestRole.ADMIN, "DELETE", "/connectors/c", null))
                .isTrue();
    }
}
