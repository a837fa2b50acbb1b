package io.kanal.runtime.worker;

import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.task.TransactionSettings;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which offsets store a source connector's tasks read first and commit to (KIP-618's connector-specific offsets
 * topics), decided as Apache Kafka Connect decides it:
 *
 * <ul>
 *   <li>exactly-once tasks: the connector's {@value TransactionSettings#OFFSETS_TOPIC}, or else a topic named like
 *       the worker's {@code offset.storage.topic}, on the cluster the task's producer writes to, so that the offsets
 *       join the records' transaction;
 *   <li>other tasks: the connector's {@value TransactionSettings#OFFSETS_TOPIC} on the producer's cluster when it is
 *       set, else the worker's offsets topic;
 *   <li>a worker that does not permit connector-specific topics (standalone mode, as in Connect) always uses its own
 *       store.
 * </ul>
 *
 * When the connector's topic turns out to be the worker's topic (same name, same bootstrap servers), the worker's
 * store alone is used. Otherwise the connector's topic is the <em>primary</em> store (read first, written first) and
 * the worker's store is the <em>secondary</em> one: read for partitions the primary lacks, and given a copy of what the
 * primary committed.
 *
 * <p>Immutable; any thread.
 *
 * @param connectorTopic the connector-specific primary topic and its cluster; empty for the worker's store alone
 */
record OffsetStoreLayout(Optional<ConnectorTopic> connectorTopic) {

    /**
     * A connector-specific offsets topic.
     *
     * @param topic the topic's name
     * @param bootstrapServers the cluster it is on: the task producer's {@code bootstrap.servers}
     */
    record ConnectorTopic(String topic, String bootstrapServers) {
        /**
         * Checks the components.
         *
         * @param topic the topic
         * @param bootstrapServers the cluster
         */
        ConnectorTopic {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        }
    }

    /** The worker's store alone. */
    static final OffsetStoreLayout WORKER_ONLY = new OffsetStoreLayout(Optional.empty());

    /**
     * Checks the component.
     *
     * @param connectorTopic the connector's topic
     */
    OffsetStoreLayout {
        Objects.requireNonNull(connectorTopic, "connectorTopic");
    }

    /**
     * Decides the layout.
     *
     * @param workerConfig the worker's config ({@code bootstrap.servers}, {@code offset.storage.topic})
     * @param connectorConfig the connector's config ({@value TransactionSettings#OFFSETS_TOPIC})
     * @param producerBootstrap the {@code bootstrap.servers} of the connector's task producers, overrides applied
     * @param exactlyOnce whether the worker's source tasks are transactional
     * @param connectorTopicsPermitted whether the worker permits connector-specific topics (distributed mode)
     * @return the layout
     */
    static OffsetStoreLayout of(
            Map<String, String> workerConfig,
            Map<String, String> connectorConfig,
            String producerBootstrap,
            boolean exactlyOnce,
            boolean connectorTopicsPermitted) {
        if (!connectorTopicsPermitted) {
            return WORKER_ONLY;
        }
        String workerTopic =
                workerConfig.getOrDefault(KafkaStoreSettings.OFFSET_TOPIC, "").trim();
        String own = connectorConfig
                .getOrDefault(TransactionSettings.OFFSETS_TOPIC, "")
                .trim();
        String topic;
        if (!own.isEmpty()) {
            topic = own;
        } else if (exactlyOnce && !workerTopic.isEmpty()) {
            topic = workerTopic;
        } else {
            return WORKER_ONLY;
        }
        String workerBootstrap = workerConfig.getOrDefault("bootstrap.servers", "localhost:9092");
        if (topic.equals(workerTopic)
                && WorkerResources.clusterKey(workerBootstrap).equals(WorkerResources.clusterKey(producerBootstrap))) {
            return WORKER_ONLY;
        }
        return new OffsetStoreLayout(Optional.of(new ConnectorTopic(topic, producerBootstrap)));
    }
}
