package io.kanal.runtime.worker;

import io.kanal.config.InvalidConfigValueException;
import io.kanal.runtime.store.kafka.KafkaStoreSettings;
import io.kanal.runtime.task.ExactlyOnceMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Exactly-once source support of a standalone worker ({@code exactly.once.source.support=enabled}), which Apache Kafka
 * Connect does not have: the source tasks run the distributed worker's transactional path, with their offsets in a
 * compacted Kafka topic instead of the offsets file, because a file cannot join a Kafka transaction.
 *
 * <ul>
 *   <li>{@value #WORKER_ID} is required: it stands where a cluster's {@code group.id} stands in Connect's transactional
 *       ids, {@code <kanal.worker.id>-<connector>-<task>}. It must stay the same across restarts, so that a restarted
 *       worker fences what its previous process left open, and a second process started with the same id fences the
 *       first. The default standalone id ({@code host:port} of the REST listener) is not stable enough for that.
 *   <li>{@code offset.storage.topic} defaults to {@value #DEFAULT_TOPIC_PREFIX}{@code <kanal.worker.id>}, so that two
 *       standalone workers on one cluster never read each other's offsets of same-named connectors. It is created
 *       like the distributed worker's ({@code offset.storage.partitions}, default 25; {@code
 *       offset.storage.replication.factor}, default 3; {@code cleanup.policy=compact}).
 * </ul>
 *
 * <p>Immutable; any thread.
 *
 * @param workerId the worker's {@value #WORKER_ID}
 * @param offsetTopic the offsets topic
 */
record StandaloneExactlyOnce(String workerId, String offsetTopic) {

    /** The standalone worker's id, Kanal only. */
    static final String WORKER_ID = "kanal.worker.id";

    /** The offsets topic's default name is this followed by the worker id. */
    static final String DEFAULT_TOPIC_PREFIX = "kanal-standalone-offsets-";

    /** Legal in a topic name (the default topic embeds the id), at most 200 characters. */
    private static final Pattern LEGAL_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    /**
     * Checks the components.
     *
     * @param workerId the worker id
     * @param offsetTopic the topic
     */
    StandaloneExactlyOnce {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(offsetTopic, "offsetTopic");
    }

    /**
     * The exactly-once settings of a standalone worker config.
     *
     * @param workerConfig the worker's config
     * @return the settings when {@code exactly.once.source.support=enabled}; empty otherwise
     * @throws InvalidConfigValueException when {@value #WORKER_ID} is missing or not a legal id, or the mode is invalid
     */
    static Optional<StandaloneExactlyOnce> from(Map<String, String> workerConfig) {
        if (ExactlyOnceMode.fromWorkerConfig(workerConfig) != ExactlyOnceMode.ENABLED) {
            return Optional.empty();
        }
        String id = workerConfig.getOrDefault(WORKER_ID, "").trim();
        if (id.isEmpty()) {
            throw new InvalidConfigValueException(
                    WORKER_ID,
                    "",
                    "a standalone worker with " + ExactlyOnceMode.KEY + "=enabled needs a stable id: its source"
                            + " tasks' transactional ids are <" + WORKER_ID + ">-<connector>-<task>");
        }
        if (!LEGAL_ID.matcher(id).matches()) {
            throw new InvalidConfigValueException(
                    WORKER_ID,
                    id,
                    "with " + ExactlyOnceMode.KEY + "=enabled the id may only contain ASCII letters, digits, '.',"
                            + " '_' and '-', at most 200 of them");
        }
        String topic =
                workerConfig.getOrDefault(KafkaStoreSettings.OFFSET_TOPIC, "").trim();
        return Optional.of(new StandaloneExactlyOnce(id, topic.isEmpty() ? DEFAULT_TOPIC_PREFIX + id : topic));
    }

    /**
     * The worker config the worker's parts read: {@code offset.storage.topic} set to the topic the task transactions
     * write their offsets to, and {@code group.id} to the worker id, because that is where the task factory takes the
     * transactional ids' prefix from. A standalone worker joins no group, so {@code group.id} means nothing else here.
     *
     * @param workerConfig the worker's config
     * @return the config with both keys set
     */
    Map<String, String> workerConfig(Map<String, String> workerConfig) {
        Map<String, String> config = new HashMap<>(workerConfig);
        config.put("group.id", workerId);
        config.put(KafkaStoreSettings.OFFSET_TOPIC, offsetTopic);
        return Map.copyOf(config);
    }

    /**
     * The offsets store's settings: the worker's cluster and security settings, the topic with its partitions and
     * replication factor, as a distributed worker reads them. The config and status topics are not used in standalone
     * mode; they get the offsets topic's name only because the settings have them.
     *
     * @param workerConfig the worker's config
     * @return the settings
     * @throws io.kanal.runtime.store.kafka.KafkaStoreConfigException when a partition count or replication factor is
     *     invalid
     */
    KafkaStoreSettings storeSettings(Map<String, String> workerConfig) {
        Map<String, String> config = new HashMap<>(workerConfig(workerConfig));
        config.put(KafkaStoreSettings.CONFIG_TOPIC, offsetTopic);
        config.put(KafkaStoreSettings.STATUS_TOPIC, offsetTopic);
        return KafkaStoreSettings.from(config);
    }

    /**
     * A task's transactional id, as the task factory builds it from {@link #workerConfig}.
     *
     * @param connector the connector
     * @param task the task number
     * @return {@code <worker id>-<connector>-<task>}
     */
    String transactionalId(String connector, int task) {
        return workerId + "-" + connector + "-" + task;
    }
}
