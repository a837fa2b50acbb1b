package io.kanal.runtime.task;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics each connector's tasks have used since the connector was created or its topics were last reset
 * (Connect's active topics, KIP-558): the topics a source task's records were written to and the topics a sink task
 * consumed records from. Owned by the worker, one per worker; kept in memory, as a standalone worker keeps its
 * statuses.
 *
 * <p>Connect's worker keys: {@code topic.tracking.enable} (default true) turns the tracking and {@code GET
 * /connectors/{c}/topics} off; {@code topic.tracking.allow.reset} (default true) allows {@code PUT .../topics/reset}.
 *
 * <p><b>Threading.</b> Thread-safe: task threads and producer I/O threads record, REST request threads read and reset.
 * {@link #record} is on the data path, so a topic already recorded costs two hash lookups and no allocation.
 */
public final class ActiveTopics {

    /** Connect's worker key that turns topic tracking on or off. */
    public static final String ENABLE = "topic.tracking.enable";
    /** Connect's worker key that allows resetting a connector's topics. */
    public static final String ALLOW_RESET = "topic.tracking.allow.reset";

    private final boolean enabled;
    private final boolean resetAllowed;
    private final Map<String, Set<String>> byConnector = new ConcurrentHashMap<>();

    /**
     * Creates the tracker.
     *
     * @param enabled whether topics are tracked at all
     * @param resetAllowed whether a connector's topics may be reset
     */
    public ActiveTopics(boolean enabled, boolean resetAllowed) {
        this.enabled = enabled;
        this.resetAllowed = resetAllowed;
    }

    /**
     * The tracker a worker config asks for.
     *
     * @param workerConfig the worker's config
     * @return the tracker
     */
    public static ActiveTopics from(Map<String, String> workerConfig) {
        return new ActiveTopics(flag(workerConfig, ENABLE), flag(workerConfig, ALLOW_RESET));
    }

    private static boolean flag(Map<String, String> config, String key) {
        String value = config.getOrDefault(key, "true").trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key
                    + ": Expected value to be either true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * Whether topics are tracked ({@code topic.tracking.enable}).
     *
     * @return true when they are
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Whether a connector's topics may be reset ({@code topic.tracking.allow.reset}).
     *
     * @return true when they may
     */
    public boolean resetAllowed() {
        return resetAllowed;
    }

    /**
     * Records that one of a connector's tasks used a topic. Does nothing when tracking is off.
     *
     * @param connector the connector's name
     * @param topic the topic written to or consumed from
     */
    public void record(String connector, String topic) {
        if (!enabled || topic == null) {
            return;
        }
        Set<String> topics = byConnector.get(connector);
        if (topics != null && topics.contains(topic)) {
            return;
        }
        byConnector
                .computeIfAbsent(connector, c -> ConcurrentHashMap.newKeySet())
                .add(topic);
    }

    /**
     * The topics a connector's tasks used since it was created or last reset.
     *
     * @param connector the connector's name
     * @return the topics, sorted; empty for a connector that used none or does not exist
     */
    public SortedSet<String> topics(String connector) {
        Set<String> topics = byConnector.get(Objects.requireNonNull(connector, "connector"));
        return topics == null ? new TreeSet<>() : new TreeSet<>(topics);
    }

    /**
     * Forgets a connector's topics (its reset, or its deletion); its tasks record again what they use next.
     *
     * @param connector the connector's name
     */
    public void reset(String connector) {
        byConnector.remove(Objects.requireNonNull(connector, "connector"));
    }

    /**
     * A recorder bound to one connector, for its tasks' pipelines.
     *
     * @param connector the connector's name
     * @return the recorder
     */
    public Recorder recorder(String connector) {
        Objects.requireNonNull(connector, "connector");
        return topic -> record(connector, topic);
    }

    /** Records one connector's topics; thread-safe as the tracker is. */
    @FunctionalInterface
    public interface Recorder {
        /** Records nothing: for pipelines built without a tracker. */
        Recorder NONE = topic -> {};

        /**
         * Records that the connector's task used a topic.
         *
         * @param topic the topic
         */
        void used(String topic);
    }
}
