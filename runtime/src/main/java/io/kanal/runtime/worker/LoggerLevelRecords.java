package io.kanal.runtime.worker;

import io.kanal.runtime.store.ConfigStore;
import io.kanal.runtime.store.DelegatingConfigStore;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A config store whose cluster-wide logger levels (KIP-976 {@code logger-cluster-<namespace>} records) go to the
 * worker's logging instead of the herder, which has no use for them. The store tells only the records it reads after
 * its start, as Connect's {@code KafkaConfigBackingStore}: a worker that starts later keeps its own configured levels.
 *
 * <p><b>Threading.</b> Listener calls come from the store's reader thread; the level sink must be safe there. Every
 * other call is passed through unchanged.
 */
final class LoggerLevelRecords extends DelegatingConfigStore {

    private final BiConsumer<String, String> levels;

    LoggerLevelRecords(ConfigStore store, BiConsumer<String, String> levels) {
        super(store);
        this.levels = Objects.requireNonNull(levels, "levels");
    }

    @Override
    public void start(Listener listener) {
        store.start(new DelegatingListener(listener) {
            @Override
            public void loggerLevel(String namespace, String level) {
                levels.accept(namespace, level);
            }
        });
    }
}
