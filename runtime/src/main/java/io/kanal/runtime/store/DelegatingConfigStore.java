package io.kanal.runtime.store;

import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.kafka.ConfigRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A config store that passes every call to another: the base of the decorators a distributed worker stacks on its
 * config topic (rebalance on change, cluster logger levels, task configs through the leader), each of which overrides
 * only what it adds. {@link DelegatingListener} does the same for the listener.
 *
 * <p><b>Threading.</b> As the store it wraps; the base holds nothing but it.
 */
public abstract class DelegatingConfigStore implements ConfigStore {

    /** The store calls are passed to. */
    protected final ConfigStore store;

    /**
     * Wraps a store.
     *
     * @param store the store calls are passed to
     */
    protected DelegatingConfigStore(ConfigStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void start(Listener listener) {
        store.start(listener);
    }

    @Override
    public void putConnectorConfig(String name, Map<String, String> config, Optional<TargetState> initialState) {
        store.putConnectorConfig(name, config, initialState);
    }

    @Override
    public void removeConnector(String name) {
        store.removeConnector(name);
    }

    @Override
    public void putTaskConfigs(String name, List<Map<String, String>> configs) {
        store.putTaskConfigs(name, configs);
    }

    @Override
    public void putTargetState(String name, TargetState state) {
        store.putTargetState(name, state);
    }

    @Override
    public void putRestartRequest(String connector, boolean onlyFailed, boolean includeTasks) {
        store.putRestartRequest(connector, onlyFailed, includeTasks);
    }

    @Override
    public Snapshot snapshot() {
        return store.snapshot();
    }

    @Override
    public void close() {
        store.close();
    }

    /**
     * A listener that passes every call to another; a decorator overrides what it watches.
     *
     * <p><b>Threading.</b> Called on the store's reader thread, as the listener it wraps.
     */
    public static class DelegatingListener implements Listener {

        private final Listener listener;

        /**
         * Wraps a listener.
         *
         * @param listener the listener calls are passed to
         */
        public DelegatingListener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        @Override
        public void connectorConfig(String name, Optional<Map<String, String>> config) {
            listener.connectorConfig(name, config);
        }

        @Override
        public void taskConfigs(String name, List<Map<String, String>> configs) {
            listener.taskConfigs(name, configs);
        }

        @Override
        public void targetState(String name, TargetState state) {
            listener.targetState(name, state);
        }

        @Override
        public void restartRequest(String connector, boolean onlyFailed, boolean includeTasks) {
            listener.restartRequest(connector, onlyFailed, includeTasks);
        }

        @Override
        public void sessionKey(ConfigRecord.SessionKey key) {
            listener.sessionKey(key);
        }

        @Override
        public void loggerLevel(String namespace, String level) {
            listener.loggerLevel(namespace, level);
        }
    }
}
