package io.kanal.runtime.worker;

import io.kanal.runtime.membership.group.ClusterConfigs;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.ConfigSnapshot;
import io.kanal.runtime.store.kafka.KafkaConfigStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config topic as the worker group sees it: the offset read so far and every connector with its committed task
 * count (zero while it has none, or while its task configs are inconsistent), which is what the leader assigns.
 *
 * <p><b>Threading.</b> Stateless; called on the group's callback thread. The store's snapshot is immutable.
 */
final class ConfigTopicView implements ClusterConfigs {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigTopicView.class);

    private final KafkaConfigStore store;

    ConfigTopicView(KafkaConfigStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Snapshot snapshot() {
        ConfigSnapshot configs = store.configSnapshot();
        Map<String, Integer> counts = new HashMap<>();
        for (String connector : configs.connectorConfigs().keySet()) {
            counts.put(connector, configs.tasks(connector).size());
        }
        return new Snapshot(configs.offset(), counts);
    }

    @Override
    public boolean catchUp(long offset, Duration timeout) {
        if (store.offset() >= offset) {
            return true;
        }
        try {
            store.readToEnd(timeout);
        } catch (StoreException e) {
            LOG.warn("Could not catch up on the config topic to offset {}", offset, e);
            return false;
        }
        return store.offset() >= offset;
    }
}
