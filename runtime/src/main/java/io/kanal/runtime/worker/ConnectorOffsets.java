package io.kanal.runtime.worker;

import io.kanal.api.source.OffsetReader;
import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.task.SourceOffsetStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One source connector's view of the worker's {@link OffsetStore}: what its tasks write through their pipelines
 * ({@link SourceOffsetStore}) and read on start ({@link OffsetReader}, for {@code context.offsetReader()}).
 *
 * <p>Thread-safe as the store is. Writes run on the calling (task) thread: the store writes atomically and durably
 * before returning, so the returned future is already complete.
 */
public final class ConnectorOffsets implements SourceOffsetStore, OffsetReader {

    private final OffsetStore store;
    private final String connector;

    /**
     * Binds a connector to the store.
     *
     * @param store the worker's offset store
     * @param connector the connector's name
     */
    public ConnectorOffsets(OffsetStore store, String connector) {
        if (store == null || connector == null) {
            throw new IllegalArgumentException("store and connector are required");
        }
        this.store = store;
        this.connector = connector;
    }

    @Override
    public CompletableFuture<Void> write(Map<Map<String, ?>, Map<String, ?>> offsets) {
        return store.writeAsync(connector, offsets);
    }

    @Override
    public void readToEnd(java.time.Duration timeout) {
        store.readToEnd(timeout);
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return store.offset(connector, partition).orElse(null);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, T> partition : partitions) {
            store.offset(connector, partition).ifPresent(offset -> out.put(partition, offset));
        }
        return out;
    }
}
