package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.rest.RestCalls.Reply;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Cluster-wide parts of the API on an in-process cluster of {@link DistributedRestWorker}s: cluster-scope loggers
 * (KIP-976), task configs of a connector on a follower written through the leader (KIP-507), and the offsets API
 * (KIP-875) from any worker.
 */
@WithKafkaCluster
class DistributedClusterApiIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NAMESPACE = "org.example.connector";

    private final List<DistributedRestWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(DistributedRestWorker::close);
    }

    private static Map<String, String> config(KafkaCluster cluster, TestInfo test) {
        return DistributedRestWorker.config(
                cluster, "kanal-" + test.getTestMethod().orElseThrow().getName(), Map.of());
    }

    private DistributedRestWorker startWorker(Map<String, String> config) {
        DistributedRestWorker w =
                DistributedRestWorker.start(config, new MemoryLoggerLevels(NAMESPACE, NAMESPACE + ".Task"));
        workers.add(w);
        return w;
    }

    private static String level(RestCalls http, String logger) throws Exception {
        Reply reply = http.send("GET", "/admin/loggers/" + logger, null);
        return reply.status() == 200 ? reply.body().get("level").asText() : "status " + reply.status();
    }

    @Test
    void aClusterScopeLevelSetOnOneWorkerAppliesOnEveryWorkerButNotOnOnesStartedLater(
            KafkaCluster cluster, TestInfo test) throws Exception {
        Map<String, String> config = config(cluster, test);
        DistributedRestWorker first = startWorker(config);
        DistributedRestWorker second = startWorker(config);
        DistributedRestWorker.awaitStable(workers);

        // worker scope stays on the worker that was asked
        Reply local = second.calls().send("PUT", "/admin/loggers/" + NAMESPACE, "{\"level\":\"WARN\"}");
        assertThat(local.status()).isEqualTo(200);
        assertThat(level(second.calls(), NAMESPACE)).isEqualTo("WARN");
        assertThat(level(first.calls(), NAMESPACE)).isEqualTo("INFO");

        long before = System.currentTimeMillis();
        Reply set =
                second.calls().send("PUT", "/admin/loggers/" + NAMESPACE + "?scope=cluster", "{\"level\":\"debug\"}");
        assertThat(set.status()).isEqualTo(204);
        assertThat(set.raw().body()).isEmpty();
        // the worker that wrote it has read it back before answering
        assertThat(level(second.calls(), NAMESPACE)).isEqualTo("DEBUG");
        await().atMost(WAIT).until(() -> level(first.calls(), NAMESPACE).equals("DEBUG"));
        Reply seen = first.calls().send("GET", "/admin/loggers/" + NAMESPACE, null);
        assertThat(seen.body().get("last_modified").asLong()).isBetween(before, System.currentTimeMillis());
        // the namespace's descendants follow, as with the worker scope
        assertThat(level(first.calls(), NAMESPACE + ".Task")).isEqualTo("DEBUG");

        // As Connect's KafkaConfigBackingStore: records written before a worker started are not applied by it.
        DistributedRestWorker late = startWorker(config);
        DistributedRestWorker.awaitStable(workers);
        assertThat(level(late.calls(), NAMESPACE)).isEqualTo("INFO");
        assertThat(late.calls()
                        .send("PUT", "/admin/loggers/root?scope=cluster", "{\"level\":\"ERROR\"}")
                        .status())
                .isEqualTo(204);
        for (DistributedRestWorker w : workers) {
            await().atMost(WAIT).until(() -> level(w.calls(), "root").equals("ERROR"));
        }
        // an unknown level is refused before anything is written
        Reply bad = first.calls().send("PUT", "/admin/loggers/" + NAMESPACE + "?scope=cluster", "{\"level\":\"LOUD\"}");
        RestCalls.assertError(bad, 404);
    }
}
