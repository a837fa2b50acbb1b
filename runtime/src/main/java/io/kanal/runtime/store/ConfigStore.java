package io.kanal.runtime.store;

import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.kafka.ConfigRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connector configs, task configs and target states: a JSON file in standalone mode, Connect's config topic in
 * distributed mode. Every change is reported to the {@link Listener} as the store reads it back, which is how the
 * herder learns it (as {@code ConnectorConfigRead}, {@code TaskConfigsRead}, {@code TargetStateRead} events): the
 * herder never assumes a write it has not seen read.
 *
 * <p><b>Threading.</b> Implementations are thread-safe; writes are applied in the order they are called. The worker
 * calls them from its store thread, never from {@code kanal-herder}, because they block on I/O. A write method
 * returns once the change is durable, after it has reported the change to the listener, or throws {@link
 * StoreException} and changes nothing.
 */
public interface ConfigStore extends AutoCloseable {

    /** Receives the store's state as it is read: first the whole snapshot at start, then every change. */
    interface Listener {
        /**
         * A connector's config was read, or its deletion.
         *
         * @param name the connector's name
         * @param config its config; empty when deleted
         */
        void connectorConfig(String name, Optional<Map<String, String>> config);

        /**
         * A connector's task configs were read.
         *
         * @param name the connector's name
         * @param configs one config per task
         */
        void taskConfigs(String name, List<Map<String, String>> configs);

        /**
         * A connector's target state was read.
         *
         * @param name the connector's name
         * @param state the target state
         */
        void targetState(String name, TargetState state);

        /**
         * A restart was requested through the config topic (distributed mode; KIP-745). Only requests read after the
         * store started are told, as Connect does: older ones were handled by the leader of their time.
         *
         * @param connector the connector's name
         * @param onlyFailed whether only failed instances restart
         * @param includeTasks whether its tasks restart too
         */
        default void restartRequest(String connector, boolean onlyFailed, boolean includeTasks) {}

        /**
         * A new session key for internal REST requests was read (distributed mode; KIP-507). The key at start is in
         * the store's snapshot, not told.
         *
         * @param key the key; its {@code toString} hides the key bytes
         */
        default void sessionKey(ConfigRecord.SessionKey key) {}

        /**
         * A cluster-wide log level was read (distributed mode; KIP-976). Only levels read after the store started
         * are told, as Connect does.
         *
         * @param namespace the logger namespace
         * @param level the level's name
         */
        default void loggerLevel(String namespace, String level) {}
    }

    /**
     * An immutable copy of the store's state.
     *
     * @param configs connector configs by name
     * @param targetStates target states by connector name
     * @param taskConfigs task configs by connector name
     */
    record Snapshot(
            Map<String, Map<String, String>> configs,
            Map<String, TargetState> targetStates,
            Map<String, List<Map<String, String>>> taskConfigs) {
        /**
         * Copies the maps.
         *
         * @param configs connector configs
         * @param targetStates target states
         * @param taskConfigs task configs
         */
        public Snapshot {
            configs = Map.copyOf(configs);
            targetStates = Map.copyOf(targetStates);
            taskConfigs = Map.copyOf(taskConfigs);
        }
    }

    /**
     * Loads the stored state and reports it to the listener: for each connector its target state, then its config,
     * then its task configs.
     *
     * @param listener receives the state now and every change later
     * @throws StoreException when the state cannot be read
     */
    void start(Listener listener);

    /**
     * Stores a connector's config; for a new connector, its initial target state first.
     *
     * @param name the connector's name
     * @param config its config
     * @param initialState the target state of a new connector
     */
    void putConnectorConfig(String name, Map<String, String> config, Optional<TargetState> initialState);

    /**
     * Deletes a connector: its config, task configs and target state.
     *
     * @param name the connector's name
     */
    void removeConnector(String name);

    /**
     * Replaces a connector's task configs, atomically. Ignored for a connector that does not exist (a late write of a
     * deleted connector's instance).
     *
     * @param name the connector's name
     * @param configs one config per task
     */
    void putTaskConfigs(String name, List<Map<String, String>> configs);

    /**
     * Stores a connector's target state. Ignored for a connector that does not exist.
     *
     * @param name the connector's name
     * @param state the target state
     */
    void putTargetState(String name, TargetState state);

    /**
     * Stores a restart request for every worker to carry out (KIP-745's {@code restart-connector-<name>} record). Only
     * a cluster's config topic has them.
     *
     * @param connector the connector's name
     * @param onlyFailed restart only instances that failed
     * @param includeTasks restart the tasks too
     * @throws UnsupportedOperationException in a store without restart requests
     */
    default void putRestartRequest(String connector, boolean onlyFailed, boolean includeTasks) {
        throw new UnsupportedOperationException("restart requests are kept only in a cluster's config topic");
    }

    /**
     * The current state.
     *
     * @return an immutable copy
     */
    Snapshot snapshot();

    /** Releases the store's resources. */
    @Override
    void close();
}
