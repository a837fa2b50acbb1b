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
 * <p>A deleted connector's tasks stop after the delete has been answered, and may still record a topic on their way
 * out; {@link #forget} therefore ends every recorder made before it (an epoch per connector name), so a new connector
 * of the same name starts with no topics. A {@link #reset} keeps the recorders: the running tasks record again what
 * they use next, as in Connect.
 *
 * <p><b>Threading.</b> Thread-safe: task threads record, REST request threads read, reset and forget. Pipelines call
 * a recorder once per topic per batch; a topic already recorded costs two hash lookups and no allocation.
 */
public final class ActiveTopics {

    /** Connect's worker key that turns topic tracking on or off. */
    public static final String ENABLE = "topic.tracking.enable";
    /** Connect's worker key that allows resetting a connector's topics. */
    public static final String ALLOW_RESET = "topic.tracking.allow.reset";

    private final boolean enabled;
    private final boolean resetAllowed;
    private final Map<String, Set<String>> byConnector = new ConcurrentHashMap<>();
    /** Bumped by {@link #forget}: recorders of an earlier epoch record nothing. Changed under byConnector's key lock. */
    private final Map<String, Long> epochs = new ConcurrentHashMap<>();

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
     * Records that one of a connector's tasks used a topic, for the connector's current incarnation. Does nothing when
     * tracking is off.
     *
     * @param connector the connector's name
     * @param topic the topic written to or consumed from
     */
    public void record(String connector, String topic) {
        record(connector, topic, epochs.getOrDefault(connector, 0L));
    }

    private void record(String connector, String topic, long epoch) {
        if (!enabled || topic == null) {
            return;
        }
        Set<String> topics = byConnector.get(connector);
        if (topics != null && topics.contains(topic)) {
            return;
        }
        // compute() holds the key's lock, which forget() also takes: a recorder of a deleted connector cannot add a
        // topic between the epoch check and the add.
        byConnector.compute(connector, (name, known) -> {
            if (epochs.getOrDefault(name, 0L) != epoch) {
                return known;
            }
            Set<String> set = known != null ? known : ConcurrentHashMap.newKeySet();
            set.add(topic);
            return set;
        });
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
     * Forgets a connector's topics ({@code PUT .../topics/reset}); its running tasks record again what they use next.
     *
     * @param connector the connector's name
     */
    public void reset(String connector) {
        byConnector.remove(Objects.requireNonNull(connector, "connector"));
    }

    /**
     * Forgets a deleted connector: its topics, and every recorder made for it so far (its tasks may still be stopping).
     *
     * @param connector the connector's name
     */
    public void forget(String connector) {
        byConnector.compute(Objects.requireNonNull(connector, "connector"), (name, known) -> {
            epochs.merge(name, 1L, Long::sum);
            return null;
        });
    }

    /**
     * A recorder bound to one connector, for its tasks' pipelines.
     *
     * @param connector the connector's name
     * @return the recorder
     */
    public Recorder recorder(String connector) {
        Objects.requireNonNull(connector, "connector");
        long epoch = epochs.getOrDefault(connector, 0L);
        return topic -> record(connector, topic, epoch);
    }

    /** Records one connector's topics; thread-safe as the tracker is. */
    @FunctionalInterface
    public interface Recorder {
        /**
         * Records that the connector's task used a topic.
         *
         * @param topic the topic
         */
        void used(String topic);
    }
}
