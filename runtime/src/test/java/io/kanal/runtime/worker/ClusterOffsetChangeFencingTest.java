package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which task producers a change of a connector's offsets fences, and how failures are retried or reported. */
class ClusterOffsetChangeFencingTest {

    /** A config topic with the given counts, and scripted fencing answers. Test thread only. */
    private static final class ScriptedCluster implements ZombieFencing.Cluster {
        final ConfigSnapshot snapshot;
        final Deque<KafkaException> failures = new ArrayDeque<>();
        final List<List<String>> fenceCalls = new ArrayList<>();

        ScriptedCluster(Map<String, Integer> taskCounts, Map<String, Integer> taskCountRecords) {
            this.snapshot = new ConfigSnapshot(
                    10,
                    Optional.empty(),
                    Map.of(),
                    Map.of(),
                    taskCounts,
                    Map.of(),
                    taskCountRecords,
                    Map.of(),
                    Map.of(),
                    Set.of(),
                    Set.of());
        }

        @Override
        public ConfigSnapshot readToEnd() {
            return snapshot;
        }

        @Override
        public BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> ids) {
            fenceCalls.add(ids);
            KafkaException failure = failures.poll();
            Map<String, FencedProducer> values = new LinkedHashMap<>();
            Map<String, KafkaException> errors = new LinkedHashMap<>();
            for (String id : ids) {
                if (failure != null) {
                    errors.put(id, failure);
                } else {
                    values.put(id, new FencedProducer(1000L, (short) 1));
                }
            }
            return new BatchResult<>(values, errors);
        }

        @Override
        public void putTaskCountRecord(String connector, int taskCount) {
            throw new AssertionError("a change of offsets writes no task-count record");
        }
    }

    private final AtomicLong clock = new AtomicLong(1_000);

    private ClusterOffsetChangeFencing fencing(ScriptedCluster cluster) {
        FencingRetry retry = new FencingRetry(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(60));
        return new ClusterOffsetChangeFencing(cluster, () -> "g", retry, () -> clock.addAndGet(10));
    }

    @Test
    void aStoppedConnectorsTasksOfItsLastFencedGenerationAreFenced() {
        // stopped: no task configs now, but its last generation ran 3 tasks
        ScriptedCluster cluster = new ScriptedCluster(Map.of("c", 0), Map.of("c", 3));

        fencing(cluster).fence("c");

        assertThat(cluster.fenceCalls).containsExactly(List.of("g-c-0", "g-c-1", "g-c-2"));
    }

    @Test
    void theLargerOfTheTaskCountAndItsRecordIsFenced() {
        ScriptedCluster cluster = new ScriptedCluster(Map.of("c", 2), Map.of("c", 1));

        fencing(cluster).fence("c");

        assertThat(cluster.fenceCalls).containsExactly(List.of("g-c-0", "g-c-1"));
    }

    @Test
    void aConnectorWhoseTasksNeverRanHasNothingToFence() {
        ScriptedCluster cluster = new ScriptedCluster(Map.of("other", 4), Map.of("other", 4));

        fencing(cluster).fence("c");

        assertThat(cluster.fenceCalls).isEmpty();
    }

    @Test
    void aTransientFailureIsRetriedAndAnAuthorizationFailureIsReported() {
        ScriptedCluster retried = new ScriptedCluster(Map.of(), Map.of("c", 1));
        retried.failures.add(new TimeoutException("coordinator slow"));

        fencing(retried).fence("c");

        assertThat(retried.fenceCalls).hasSize(2);

        ScriptedCluster refused = new ScriptedCluster(Map.of(), Map.of("c", 1));
        refused.failures.add(new AuthorizationException("Transactional Id authorization failed."));

        assertThatThrownBy(() -> fencing(refused).fence("c"))
                .isInstanceOf(ZombieFencingException.class)
                .hasMessageContaining("g-c-0")
                .hasMessageContaining("before changing its offsets")
                .hasMessageContaining("WRITE");
        assertThat(refused.fenceCalls).hasSize(1);
    }
}
