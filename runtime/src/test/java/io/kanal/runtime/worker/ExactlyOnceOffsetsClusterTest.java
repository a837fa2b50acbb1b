package io.kanal.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.config.ConfigValidationException;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactlyOnceOffsetsClusterTest {

    private static final Map<String, String> WORKER = Map.of(
            "bootstrap.servers", "a:9092,b:9092",
            "exactly.once.source.support", "enabled",
            "offset.storage.topic", "connect-offsets");

    @Test
    void aProducerOnTheWorkersClusterIsAccepted() {
        assertThat(ExactlyOnceOffsetsCluster.problem(WORKER, Map.of())).isEmpty();
        // The same servers in another order and with spaces are the same cluster.
        assertThat(ExactlyOnceOffsetsCluster.problem(
                        WORKER, Map.of("producer.override.bootstrap.servers", " b:9092, a:9092")))
                .isEmpty();
    }

    @Test
    void aProducerOnAnotherClusterIsRefusedEvenWithItsOwnOffsetsTopic() {
        assertThat(ExactlyOnceOffsetsCluster.problem(WORKER, Map.of("producer.override.bootstrap.servers", "c:9092")))
                .hasValueSatisfying(p -> assertThat(p).contains("c:9092", "a:9092,b:9092"));
        assertThat(ExactlyOnceOffsetsCluster.problem(
                        WORKER,
                        Map.of("producer.override.bootstrap.servers", "c:9092", "offsets.storage.topic", "own")))
                .hasValueSatisfying(p -> assertThat(p).contains("offsets.storage.topic"));
        // The worker's own producer.* settings move every task's producer too.
        Map<String, String> worker = new java.util.HashMap<>(WORKER);
        worker.put("producer.bootstrap.servers", "c:9092");
        assertThat(ExactlyOnceOffsetsCluster.problem(worker, Map.of())).isPresent();
    }

    @Test
    void anExactlyOnceTaskWhoseProducerIsOnAnotherClusterFailsBeforeItsProducerIsCreated() {
        Map<String, String> worker = new java.util.HashMap<>(WORKER);
        worker.put("connector.client.config.override.policy", "All");
        try (WorkerResources resources = new WorkerResources("w", worker)) {
            TaskFactory factory = new TaskFactory(PluginInvoker.builder().build(), resources, worker);
            Map<String, String> connector = Map.of("producer.override.bootstrap.servers", "c:9092");
            assertThatThrownBy(() -> factory.source(
                            Owner.task("c1", 0),
                            null,
                            connector,
                            Map.of(),
                            null,
                            List.of(),
                            offsets -> null,
                            null,
                            Redactor.NONE,
                            null))
                    .isInstanceOf(ConfigValidationException.class)
                    .hasMessageContaining("exactly.once.support")
                    .hasMessageContaining("c:9092");
            assertThat(resources.clusters()).isZero();
        }
    }
}
