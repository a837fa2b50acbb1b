package io.kanal.runtime.worker;

import io.kanal.runtime.task.TransactionSettings;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses an exactly-once source connector whose producer writes to another Kafka cluster than the worker's.
 *
 * <p>Why: an exactly-once task commits its offsets inside its producer's transaction, so they land on the producer's
 * cluster, in the worker's offsets topic (and the connector's {@value TransactionSettings#OFFSETS_TOPIC} when set).
 * The worker reads offsets from its own cluster only, and Kanal does not read a connector's own offsets topic yet
 * (Connect reads it as the primary store, KIP-618). With {@code producer.override.bootstrap.servers} pointing at
 * another cluster, the offsets would go to a same-named topic there and a restarted task would resume from stale
 * offsets: duplicates, the very thing exactly-once promises not to do. So the config is refused, in validation and at
 * task start, whether or not {@value TransactionSettings#OFFSETS_TOPIC} is set.
 *
 * <p>Pure and stateless; any thread.
 */
final class ExactlyOnceOffsetsCluster {

    /** The key the problem is reported under: the exactly-once group's first key, a framework key of sources. */
    static final String KEY = TransactionSettings.SUPPORT;

    private static final String BOOTSTRAP = "bootstrap.servers";

    private ExactlyOnceOffsetsCluster() {}

    /**
     * Checks a source connector's producer cluster against the worker's, for a worker whose source tasks are
     * transactional.
     *
     * @param workerConfig the worker's config
     * @param connectorConfig the connector's config
     * @return the problem, empty when the producer writes to the worker's cluster
     */
    static Optional<String> problem(Map<String, String> workerConfig, Map<String, String> connectorConfig) {
        // The same precedence as WorkerResources: worker bootstrap, worker producer.*, connector producer.override.*.
        String worker = workerConfig.getOrDefault(BOOTSTRAP, "localhost:9092");
        String producer = connectorConfig.getOrDefault(
                "producer.override." + BOOTSTRAP, workerConfig.getOrDefault("producer." + BOOTSTRAP, worker));
        if (WorkerResources.clusterKey(worker).equals(WorkerResources.clusterKey(producer))) {
            return Optional.empty();
        }
        return Optional.of("Exactly-once source support is enabled on this worker, but the connector's producer"
                + " writes to other bootstrap servers (" + producer + ") than the worker's (" + worker + "). A task"
                + " commits its offsets in its producer's transaction, on the producer's cluster, while the worker"
                + " reads offsets from its own cluster; Kanal does not read a connector-specific '"
                + TransactionSettings.OFFSETS_TOPIC + "' yet, so setting one does not help. Remove"
                + " 'producer.override." + BOOTSTRAP + "' (or make it name the worker's cluster), or run this"
                + " connector on a worker without exactly-once source support.");
    }
}
