package io.kanal.runtime.worker;

import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.ConfigStore;
import io.kanal.runtime.store.kafka.ConfigRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A config store that also says when the group must rebalance: when a connector appears or disappears, or its number
 * of tasks changes, since those are the items the leader assigns. A change of a config alone needs no rebalance: the
 * owner restarts the instance with it.
 *
 * <p><b>Threading.</b> Listener calls come from the store's reader thread, one at a time; the task counts are owned by
 * it. Every other call is passed through unchanged.
 */
final class RejoinOnConfigChange implements ConfigStore {

    private final ConfigStore store;
    private final Runnable rebalance;
    private final Map<String, Integer> taskCounts = new HashMap<>();

    RejoinOnConfigChange(ConfigStore store, Runnable rebalance) {
        this.store = Objects.requireNonNull(store, "store");
        this.rebalance = Objects.requireNonNull(rebalance, "rebalance");
    }

    @Override
    public void start(Listener listener) {
        store.start(new Listener() {
            @Override
            public void connectorConfig(String name, Optional<Map<String, String>> config) {
                listener.connectorConfig(name, config);
                boolean changed =
                        config.isPresent() ? taskCounts.putIfAbsent(name, 0) == null : taskCounts.remove(name) != null;
                if (changed) {
                    rebalance.run();
                }
            }

            @Override
            public void taskConfigs(String name, List<Map<String, String>> configs) {
                listener.taskConfigs(name, configs);
                Integer before = taskCounts.get(name);
                if (before != null && before != configs.size()) {
                    taskCounts.put(name, configs.size());
                    rebalance.run();
                }
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
        });
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
}
