package io.kanal.runtime.worker;

import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.ConfigStore;
import io.kanal.runtime.store.kafka.ConfigRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A config store whose cluster-wide logger levels (KIP-976 {@code logger-cluster-<namespace>} records) go to the
 * worker's logging instead of the herder, which has no use for them. The store tells only the records it reads after
 * its start, as Connect's {@code KafkaConfigBackingStore}: a worker that starts later keeps its own configured levels.
 *
 * <p><b>Threading.</b> Listener calls come from the store's reader thread; the level sink must be safe there. Every
 * other call is passed through unchanged.
 */
final class LoggerLevelRecords implements ConfigStore {

    private final ConfigStore store;
    private final BiConsumer<String, String> levels;

    LoggerLevelRecords(ConfigStore store, BiConsumer<String, String> levels) {
        this.store = Objects.requireNonNull(store, "store");
        this.levels = Objects.requireNonNull(levels, "levels");
    }

    @Override
    public void start(Listener listener) {
        store.start(new Listener() {
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
                levels.accept(namespace, level);
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
