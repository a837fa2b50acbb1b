package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.admin.BatchResult;
import io.kanal.client.admin.FencedProducer;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.KafkaException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneFencingTest {

    @TempDir
    Path dir;

    /** The cluster seam: every fencing call, and an error to answer for some ids. */
    private static final class Cluster implements StandaloneFencing.Admin {
        final List<List<String>> calls = new ArrayList<>();
        final Map<String, KafkaException> failing = new HashMap<>();

        @Override
        public BatchResult<String, FencedProducer> fenceProducers(String connector, List<String> ids) {
            calls.add(List.copyOf(ids));
            Map<String, FencedProducer> fenced = new HashMap<>();
            Map<String, KafkaException> errors = new HashMap<>();
            for (String id : ids) {
                if (failing.containsKey(id)) {
                    errors.put(id, failing.get(id));
                } else {
                    fenced.put(id, new FencedProducer(7, (short) 1));
                }
            }
            return new BatchResult<>(fenced, errors);
        }
    }

    private final Cluster cluster = new Cluster();
    private final Map<String, Integer> taskCounts = new HashMap<>();
    private final AtomicLong clock = new AtomicLong();

    /** The state as a (re)started worker reads it: a new object on the same file. */
    private StandaloneEosState state() {
        StandaloneEosState state = new StandaloneEosState(StandaloneEosState.next(dir.resolve("offsets")));
        state.load();
        return state;
    }

    private StandaloneFencing fencing(String workerId) {
        return new StandaloneFencing(
                state(),
                workerId,
                c -> taskCounts.getOrDefault(c, 0),
                cluster,
                new FencingRetry(Duration.ZERO, Duration.ZERO, Duration.ZERO),
                clock::get);
    }

    @Test
    void aTaskRecordsItsConnectorsTaskCountBeforeItTakesItsIdWithoutFencingAnything() {
        taskCounts.put("orders", 2);

        fencing("w1").accept("orders");

        assertThat(cluster.calls).isEmpty();
        assertThat(state().taskCounts()).isEqualTo(Map.of("orders", 2));
        assertThat(state().workerId()).isEqualTo("w1");
    }

    @Test
    void aRestartFencesEveryIdTheKilledProcessMayHaveLeftOpenBeforeTheOffsetsAreRead() {
        taskCounts.put("orders", 2);
        fencing("w1").accept("orders"); // the process that is then SIGKILLed mid-transaction
        taskCounts.put("orders", 1); // restarted with tasks.max=1

        StandaloneFencing restarted = fencing("w1");
        restarted.fenceLeftovers();

        assertThat(cluster.calls).containsExactly(List.of("w1-orders-0", "w1-orders-1"));
        assertThat(state().taskCounts()).isEqualTo(Map.of("orders", 0));

        restarted.accept("orders");
        assertThat(cluster.calls).hasSize(1);
        assertThat(state().taskCounts()).isEqualTo(Map.of("orders", 1));
    }

    @Test
    void aLowerTaskCountWhileRunningFencesTheDroppedIdsBeforeTheNewGenerationStarts() {
        StandaloneFencing fencing = fencing("w1");
        taskCounts.put("orders", 3);
        fencing.accept("orders");
        fencing.accept("orders"); // the generation's other tasks: nothing to do
        assertThat(cluster.calls).isEmpty();

        taskCounts.put("orders", 1);
        fencing.accept("orders");

        assertThat(cluster.calls).containsExactly(List.of("w1-orders-0", "w1-orders-1", "w1-orders-2"));
        assertThat(state().taskCounts()).isEqualTo(Map.of("orders", 1));
    }

    @Test
    void anUnauthorizedFencingFailsTheTaskAndKeepsTheCount() {
        taskCounts.put("orders", 2);
        fencing("w1").accept("orders");
        cluster.failing.put("w1-orders-1", new AuthorizationException("Transactional Id authorization failed."));
        taskCounts.put("orders", 1);

        StandaloneFencing restarted = fencing("w1");
        restarted.fenceLeftovers(); // logged; the task's own round tries again
        assertThat(state().taskCounts()).isEqualTo(Map.of("orders", 2));

        assertThatThrownBy(() -> restarted.accept("orders"))
                .isInstanceOf(ZombieFencingException.class)
                .hasMessageContaining("w1-orders-1")
                .hasMessageContaining("WRITE");
        assertThat(state().taskCounts()).isEqualTo(Map.of("orders", 2));
    }

    @Test
    void leftoversOfAnotherWorkerIdAreFencedUnderThatId() {
        taskCounts.put("orders", 2);
        fencing("old-id").accept("orders");

        fencing("new-id").fenceLeftovers();

        assertThat(cluster.calls).containsExactly(List.of("old-id-orders-0", "old-id-orders-1"));
        assertThat(state().workerId()).isEqualTo("new-id");
    }

    @Test
    void aTaskOfAConnectorWithoutTaskConfigsDoesNotStart() {
        assertThatThrownBy(() -> fencing("w1").accept("ghost"))
                .isInstanceOf(ZombieFencingException.class)
                .hasMessageContaining("ghost");
        assertThat(state().taskCounts()).isEmpty();
    }
}
