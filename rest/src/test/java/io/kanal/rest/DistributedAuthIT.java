package io.kanal.rest;

import static io.kanal.rest.RestCalls.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanal.rest.RestCalls.Reply;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two distributed workers with HTTP Basic on: a write sent to the follower is authenticated there and again on the
 * leader, which gets the client's {@code Authorization} header with the forwarded request; a read-only user is refused
 * on both; and the connector that runs on the follower gets its tasks, because the follower's internal task-config
 * request to the leader, which carries no user credentials, is authenticated by its KIP-507 signature instead (an
 * unsigned one from outside is still refused).
 */
@WithKafkaCluster
class DistributedAuthIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<DistributedRestWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(DistributedRestWorker::close);
    }

    private static String datagen(String topic) {
        return "{\"connector.class\":\"io.kanal.plugins.datagen.DatagenConnector\",\"topic\":\"" + topic
                + "\",\"tasks.max\":\"2\",\"schema\":\"string\",\"records.per.task\":\"0\",\"rate.per.task\":\"50\","
                + "\"topic.creation.default.replication.factor\":\"1\",\"topic.creation.default.partitions\":\"2\"}";
    }

    private static boolean running(RestCalls http, String connector) throws Exception {
        Reply status = http.send("GET", "/connectors/" + connector + "/status", null);
        if (status.status() != 200
                || !status.body().get("connector").get("state").asText().equals("RUNNING")) {
            return false;
        }
        int running = 0;
        for (JsonNode task : status.body().get("tasks")) {
            running += task.get("state").asText().equals("RUNNING") ? 1 : 0;
        }
        return running == 2;
    }

    @Test
    void forwardedAndInternalRequestsWorkWithBasicAuthentication(KafkaCluster cluster) throws Exception {
        Path users =
                Files.writeString(dir.resolve("users.properties"), "ops: 0ps-secret,admin\nviewer: v1ew,read-only\n");
        Map<String, String> config = DistributedRestWorker.config(
                cluster,
                "kanal-auth",
                Map.of(
                        "rest.extension.classes",
                        RestAuthSettings.CONNECT_BASIC_AUTH,
                        RestAuthSettings.USERS_FILE,
                        users.toString(),
                        RestAuthSettings.HEALTH_OPEN,
                        "true"));
        workers.add(DistributedRestWorker.start(config));
        workers.add(DistributedRestWorker.start(config));
        DistributedRestWorker.awaitStable(workers);
        DistributedRestWorker follower = workers.stream()
                .filter(w -> !w.worker().routing().isLeader())
                .findFirst()
                .orElseThrow();
        DistributedRestWorker leader = workers.stream()
                .filter(w -> w.worker().routing().isLeader())
                .findFirst()
                .orElseThrow();
        assertThat(follower.worker().routing().requestSigningRequired()).isTrue();

        RestCalls anonymous = follower.calls();
        RestCalls ops = follower.calls().as("ops", "0ps-secret");
        RestCalls viewer = follower.calls().as("viewer", "v1ew");
        String create = "{\"name\":\"%s\",\"config\":%s}";
        assertError(anonymous.send("POST", "/connectors", create.formatted("anon", datagen("auth-anon"))), 401);
        assertError(viewer.send("POST", "/connectors", create.formatted("viewer", datagen("auth-viewer"))), 403);
        // Two connectors on two workers: one runs on the follower, whose task configs go to the leader signed.
        for (String name : List.of("auth-a", "auth-b")) {
            Reply created = ops.send("POST", "/connectors", create.formatted(name, datagen(name)));
            assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
            assertThat(created.raw().body()).contains("\"name\":\"" + name + "\"");
        }
        await().atMost(WAIT).until(() -> running(ops, "auth-a") && running(ops, "auth-b"));
        assertThat(List.of("auth-a", "auth-b"))
                .anySatisfy(c ->
                        assertThat(follower.worker().routing().runsConnector(c)).isTrue());

        // A leader-only write through the follower with the client's credentials; the read-only user may read status.
        // 409 while the group still settles after the second connector: Connect's answer too, tried again.
        Reply restart = await().atMost(WAIT)
                .until(
                        () -> ops.send("POST", "/connectors/auth-a/restart?includeTasks=true", null),
                        r -> r.status() != 409);
        assertThat(restart.status()).as(restart.raw().body()).isBetween(200, 204);
        assertThat(viewer.send("GET", "/connectors/auth-a/status", null).status())
                .isEqualTo(200);
        assertError(viewer.send("GET", "/connectors/auth-a/config", null), 403);
        assertError(anonymous.send("GET", "/connectors", null), 401);

        // The exemption is the signature, not the path: an unsigned task-config request from outside is refused.
        Reply forged = leader.calls().send("POST", "/connectors/auth-a/tasks", "[{\"task.class\":\"x\"}]");
        assertThat(forged.status()).isIn(400, 403);
        Reply deleted = ops.send("DELETE", "/connectors/auth-b", null);
        assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(204);
    }
}
