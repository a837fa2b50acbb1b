package io.kanal.runtime.worker;

import io.kanal.client.errors.KafkaException;
import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaConfigStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Whether a distributed worker is healthy ({@code GET /health}): not once its group membership failed for good (the
 * worker then runs nothing: the herder gets an empty assignment), nor while the config topic cannot be read to its end
 * in time (the Kafka cluster is unreachable, no connector can be created or changed, and the group cannot rebalance).
 *
 * <p><b>Threading.</b> The failure is noted on the thread that completes the membership's failure, and read from REST
 * threads; it is volatile.
 */
final class WorkerHealth {

    private final KafkaConfigStore configStore;
    private volatile KafkaException groupFailure;

    /**
     * Watches the membership's failure from now on.
     *
     * @param configStore the config topic
     * @param fatalError completed with the membership's failure for good, if it fails
     * @param stopped whether the worker is stopping (a failure then is the stop's, not news)
     * @param intake told an empty assignment when the membership fails
     */
    WorkerHealth(
            KafkaConfigStore configStore,
            CompletableFuture<KafkaException> fatalError,
            BooleanSupplier stopped,
            Consumer<HerderEvent> intake) {
        this.configStore = Objects.requireNonNull(configStore, "configStore");
        Objects.requireNonNull(stopped, "stopped");
        Objects.requireNonNull(intake, "intake");
        fatalError.thenAccept(error -> {
            if (error != null && !stopped.getAsBoolean()) {
                groupFailure = error;
                intake.accept(new HerderEvent.AssignmentChanged(Assignment.none()));
            }
        });
    }

    /**
     * Why the worker is unhealthy, if it is.
     *
     * @param timeout how long reading the config topic to its end may take
     * @return the reason, or empty when healthy
     */
    Optional<String> unhealthyBecause(Duration timeout) {
        KafkaException failure = groupFailure;
        if (failure != null) {
            return Optional.of("The worker's group membership failed for good: " + failure.getMessage());
        }
        try {
            configStore.readToEnd(timeout);
            return Optional.empty();
        } catch (StoreException e) {
            return Optional.of("The config topic could not be read to its end: " + e.getMessage());
        }
    }
}
