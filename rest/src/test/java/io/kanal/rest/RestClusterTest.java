package io.kanal.rest;

import static io.kanal.rest.RestCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.api.ApiServices;
import io.kanal.runtime.api.InternalRequestSigning;
import io.kanal.runtime.api.SessionKey;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.isolation.PluginRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * REST in a cluster, with two or three in-process REST servers over fake workers: writes reserved for the leader go
 * there and come back as the leader answered, reads stay where they arrive, the hop limit and a missing or dead leader
 * are Connect's answers, and internal requests are checked for their KIP-507 signature on every worker they pass.
 */
class RestClusterTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String TASK_CONFIGS = "[{\"task.class\":\"T\",\"topic\":\"a\"},{\"task.class\":\"T\"}]";

    private final List<RestServer> servers = new ArrayList<>();
    private PluginRegistry registry;
    private ClusterWorker leaderWorker;
    private ClusterWorker followerWorker;
    private URI leader;
    private URI follower;

    @BeforeEach
    void startCluster() {
        registry = ClusterWorker.emptyRegistry();
        leaderWorker = ClusterWorker.withConnectors(registry, "on-leader");
        followerWorker = ClusterWorker.withConnectors(registry, "on-follower");
        leader = start(leaderWorker, Duration.ofSeconds(30));
        follower = start(followerWorker, Duration.ofSeconds(30));
        followerWorker.routing.leader = false;
        followerWorker.routing.leaderUrl = leader.toString();
    }

    @AfterEach
    void stopCluster() throws Exception {
        servers.forEach(RestServer::stop);
        registry.close();
    }

    @Test
    void aCreateOnAFollowerIsCarriedOutByTheLeaderAndAnsweredAsTheLeaderAnswered() throws Exception {
        RestCalls.Reply reply = new RestCalls(follower)
                .send("POST", "/connectors", "{\"name\":\"c\",\"config\":{\"connector.class\":\"X\",\"k\":\"v\"}}");

        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
        assertThat(reply.body().get("name").asText()).isEqualTo("c");
        assertThat(reply.body().get("config").get("k").asText()).isEqualTo("v");
        assertThat(reply.raw().headers().firstValue("Location")).hasValueSatisfying(l -> {
            assertThat(follower.resolve(l).getPath()).isEqualTo("/connectors/c");
            assertThat(l).as("named relative to the worker the client asked").doesNotContain(":" + leader.getPort());
        });
        assertThat(leaderWorker.requests)
                .singleElement()
                .isInstanceOfSatisfying(HerderEvent.PutConnectorConfig.class, put -> {
                    assertThat(put.name()).isEqualTo("c");
                    assertThat(put.allowReplace()).isFalse();
                });
        assertThat(followerWorker.requests).isEmpty();
    }

    @Test
    void theLeadersRefusalReachesTheClientVerbatim() throws Exception {
        RestCalls.Reply reply = new RestCalls(follower).send("PUT", "/connectors/c/config", "{\"name\":\"other\"}");

        assertError(reply, 400);
        assertThat(reply.body().get("message").asText())
                .isEqualTo("Connector name configuration (other) doesn't match connector name in the URL (c)");
    }

    @Test
    void readsAndAnyWorkerWritesAreServedWhereTheyArrive() throws Exception {
        RestCalls calls = new RestCalls(follower);

        assertThat(RestCalls.strings(calls.send("GET", "/connectors", null).body()))
                .containsExactly("on-follower");
        assertThat(calls.send("PUT", "/connectors/on-follower/pause", null).status())
                .isEqualTo(202);

        assertThat(followerWorker.requests).singleElement().isInstanceOf(HerderEvent.ChangeTargetState.class);
        assertThat(leaderWorker.requests).isEmpty();
    }

    @Test
    void aRequestStillNotAtTheLeaderAfterTwoHopsIsAConflict() throws Exception {
        // Two followers that each take the other for the leader: the request goes A -> B (forward=true) -> A
        // (forward=false), which refuses it; the refusal travels back to the client.
        ClusterWorker otherWorker = ClusterWorker.withConnectors(registry);
        URI other = start(otherWorker, Duration.ofSeconds(30));
        otherWorker.routing.leader = false;
        otherWorker.routing.leaderUrl = follower.toString();
        followerWorker.routing.leaderUrl = other.toString();

        RestCalls.Reply reply = new RestCalls(follower).send("DELETE", "/connectors/c", null);

        assertError(reply, 409);
        assertThat(reply.body().get("message").asText()).isEqualTo(ForwardingRules.HOP_LIMIT);
        assertThat(leaderWorker.requests).isEmpty();
        assertThat(followerWorker.requests).isEmpty();
        assertThat(otherWorker.requests).isEmpty();

        RestCalls.Reply direct = new RestCalls(follower).send("DELETE", "/connectors/c?forward=false", null);
        assertError(direct, 409);
        assertThat(direct.body().get("message").asText())
                .isEqualTo("Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
    }

    @Test
    void withoutAKnownLeaderAWriteIsAConflict() throws Exception {
        followerWorker.routing.leaderUrl = null;
        RestCalls.Reply reply = new RestCalls(follower).send("PUT", "/connectors/c/stop", null);
        assertError(reply, 409);
        assertThat(reply.body().get("message").asText())
                .isEqualTo("Cannot complete request momentarily due to no known leader URL, likely because a"
                        + " rebalance was underway.");

        assertThat(leaderWorker.requests).isEmpty();
        // During a rebalance a write still goes to the last assignment's leader.
        followerWorker.routing.leaderUrl = leader.toString();
        followerWorker.routing.rebalancing = true;
        new RestCalls(follower).send("PUT", "/connectors/c/stop", null);
        assertThat(leaderWorker.requests).isNotEmpty();
    }

    @Test
    void aLeaderThatCannotBeReachedIsA500() throws Exception {
        try (ServerSocket closed = new ServerSocket(0)) {
            followerWorker.routing.leaderUrl = "http://127.0.0.1:" + closed.getLocalPort() + "/";
        }

        RestCalls.Reply reply = new RestCalls(follower).send("DELETE", "/connectors/c", null);

        assertError(reply, 500);
        assertThat(reply.body().get("message").asText()).startsWith("IO Error trying to forward REST request: ");
    }

    @Test
    void aForwardedRequestWaitsNoLongerThanTheRequestTimeout() throws Exception {
        ClusterWorker stuckLeader = ClusterWorker.stuck(registry);
        URI stuck = start(stuckLeader, Duration.ofSeconds(2));
        ClusterWorker impatient = ClusterWorker.withConnectors(registry);
        URI impatientUri = start(impatient, Duration.ofMillis(500));
        impatient.routing.leader = false;
        impatient.routing.leaderUrl = stuck.toString();

        RestCalls.Reply reply = new RestCalls(impatientUri).send("DELETE", "/connectors/c", null);

        assertError(reply, 500);
        assertThat(reply.body().get("message").asText())
                .startsWith("IO Error trying to forward REST request: ")
                .containsIgnoringCase("timed out");
        assertThat(stuckLeader.requests).singleElement().isInstanceOf(HerderEvent.DeleteConnector.class);
    }

    @Test
    void aSignedInternalRequestIsAcceptedOnTheLeaderDirectlyAndThroughAFollower() throws Exception {
        SessionKey key = sign(leaderWorker, followerWorker);
        byte[] body = TASK_CONFIGS.getBytes(StandardCharsets.UTF_8);
        Map<String, String> signature = InternalRequestSigning.sign(key, "HmacSHA256", body);

        assertThat(post(leader, "/connectors/c/tasks", body, signature).statusCode())
                .isEqualTo(204);
        assertThat(post(follower, "/connectors/c/tasks", body, signature).statusCode())
                .isEqualTo(204);

        assertThat(leaderWorker.requests).hasSize(2).allSatisfy(r -> assertThat(r)
                .isInstanceOfSatisfying(HerderEvent.PutTaskConfigs.class, put -> {
                    assertThat(put.name()).isEqualTo("c");
                    assertThat(put.configs())
                            .containsExactly(Map.of("task.class", "T", "topic", "a"), Map.of("task.class", "T"));
                }));
        assertThat(followerWorker.requests).isEmpty();
    }

    @Test
    void unsignedOrBadlySignedInternalRequestsAreRefusedWithConnectsCodes() throws Exception {
        SessionKey key = sign(leaderWorker, followerWorker);
        byte[] body = TASK_CONFIGS.getBytes(StandardCharsets.UTF_8);
        byte[] other = "[]".getBytes(StandardCharsets.UTF_8);
        Map<String, String> signatureOfOther = InternalRequestSigning.sign(key, "HmacSHA256", other);

        for (URI worker : List.of(leader, follower)) {
            HttpResponse<String> unsigned = post(worker, "/connectors/c/tasks", body, Map.of());
            assertThat(unsigned.statusCode()).isEqualTo(400);
            assertThat(unsigned.body()).contains("Internal request missing required signature");

            HttpResponse<String> badlySigned = post(worker, "/connectors/c/tasks", body, signatureOfOther);
            assertThat(badlySigned.statusCode()).isEqualTo(403);
            assertThat(badlySigned.body()).contains("Internal request contained invalid signature.");

            HttpResponse<String> fence = put(worker, "/connectors/c/fence", Map.of());
            assertThat(fence.statusCode()).isEqualTo(400);
        }
        leaderWorker.routing.key = null;
        HttpResponse<String> noKey =
                post(leader, "/connectors/c/tasks", body, InternalRequestSigning.sign(key, "HmacSHA256", body));
        assertThat(noKey.statusCode()).isEqualTo(503);

        assertThat(leaderWorker.requests).isEmpty();
    }

    @Test
    void fencingAnUnknownConnectorIsNotFoundOnTheLeader() throws Exception {
        SessionKey key = sign(leaderWorker, followerWorker);
        HttpResponse<String> reply =
                put(follower, "/connectors/nope/fence", InternalRequestSigning.sign(key, "HmacSHA256", new byte[0]));

        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(reply.body()).contains("Connector nope not found");
    }

    @Test
    void aStandaloneWorkerRefusesTheInternalEndpointsAsConnectsStandaloneHerder() throws Exception {
        RestServer standalone =
                new RestServer(Map.of("listeners", "http://127.0.0.1:0"), ApiServices.of(StubWorker.silent()));
        servers.add(standalone);
        standalone.start();
        RestCalls calls = new RestCalls(standalone.uri());

        RestCalls.Reply tasks = calls.send("POST", "/connectors/c/tasks", TASK_CONFIGS);
        assertError(tasks, 500);
        assertThat(tasks.body().get("message").asText())
                .isEqualTo("Kafka Connect in standalone mode does not support externally setting task configurations.");
        RestCalls.Reply fence = calls.send("PUT", "/connectors/c/fence", null);
        assertError(fence, 500);
        assertThat(fence.body().get("message").asText())
                .isEqualTo("Kafka Connect in standalone mode does not support exactly-once source connectors.");
    }

    private URI start(ClusterWorker worker, Duration timeout) {
        RestServer server = new RestServer(Map.of("listeners", "http://127.0.0.1:0"), ApiServices.of(worker, timeout));
        servers.add(server);
        server.start();
        return server.uri();
    }

    /** Both workers in the sessioned protocol with one fresh key. */
    private static SessionKey sign(ClusterWorker... workers) {
        SessionKey key = new SessionKey(
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), "HmacSHA256", Instant.now());
        for (ClusterWorker w : workers) {
            w.routing.signing = true;
            w.routing.key = key;
        }
        return key;
    }

    private static HttpResponse<String> post(URI base, String path, byte[] body, Map<String, String> headers)
            throws Exception {
        return send(base, "POST", path, body, headers);
    }

    private static HttpResponse<String> put(URI base, String path, Map<String, String> headers) throws Exception {
        return send(base, "PUT", path, new byte[0], headers);
    }

    private static HttpResponse<String> send(
            URI base, String method, String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
