package io.kanal.runtime.worker;

import io.kanal.runtime.store.ConfigStore;
import io.kanal.runtime.store.DelegatingConfigStore;
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
final class RejoinOnConfigChange extends DelegatingConfigStore {

    private final Runnable rebalance;
    private final Map<String, Integer> taskCounts = new HashMap<>();

    RejoinOnConfigChange(ConfigStore store, Runnable rebalance) {
        super(store);
        this.rebalance = Objects.requireNonNull(rebalance, "rebalance");
    }

    @Override
    public void start(Listener listener) {
        store.start(new DelegatingListener(listener) {
            @Override
            public void connectorConfig(String name, Optional<Map<String, String>> config) {
                super.connectorConfig(name, config);
                boolean changed =
                        config.isPresent() ? taskCounts.putIfAbsent(name, 0) == null : taskCounts.remove(name) != null;
                if (changed) {
                    rebalance.run();
                }
            }

            @Override
            public void taskConfigs(String name, List<Map<String, String>> configs) {
                super.taskConfigs(name, configs);
                Integer before = taskCounts.get(name);
                if (before != null && before != configs.size()) {
                    taskCounts.put(name, configs.size());
                    rebalance.run();
                }
            }
        });
    }
}
