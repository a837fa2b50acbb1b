package io.kanal.runtime.store;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Source connectors' offsets: keyed by connector name and source partition, as Connect's offsets are ({@code
 * ["<connector>",{partition}]} → {@code {offset}}). A file in standalone mode, Connect's offsets topic in distributed
 * mode.
 *
 * <p><b>Threading.</b> Implementations are thread-safe: tasks read, their offset flushes write.
 */
public interface OffsetStore extends AutoCloseable {

    /**
     * Loads the stored offsets.
     *
     * @throws StoreException when they cannot be read
     */
    void start();

    /**
     * One partition's offset.
     *
     * @param connector the connector's name
     * @param partition the source partition
     * @return its offset, when one is stored
     */
    Optional<Map<String, Object>> offset(String connector, Map<String, ?> partition);

    /**
     * Every offset of one connector.
     *
     * @param connector the connector's name
     * @return offsets by source partition
     */
    Map<Map<String, Object>, Map<String, Object>> offsets(String connector);

    /**
     * Stores offsets of one connector, atomically and durably before returning; a {@code null} offset removes the
     * partition's offset.
     *
     * @param connector the connector's name
     * @param offsets offsets by source partition
     * @throws StoreException when they cannot be persisted; the stored offsets are then unchanged
     */
    void write(String connector, Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets);

    /**
     * Removes every offset of one connector (KIP-875 reset).
     *
     * @param connector the connector's name
     */
    void reset(String connector);

    /**
     * Writes offsets without waiting for them to be durable, so that the caller can bound the wait itself (a source
     * task's flush waits {@code offset.flush.timeout.ms}). The store's own write, by default.
     *
     * @param connector the connector's name
     * @param offsets source partition → source offset
     * @return completes when the offsets are durable, exceptionally with a {@link StoreException}
     */
    default CompletableFuture<Void> writeAsync(
            String connector, Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
        try {
            write(connector, offsets);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Waits until this store holds every offset written before the call, by any worker. A store only this worker
     * writes (a file) is always up to date, which is this default.
     *
     * @param timeout the longest wait
     * @throws StoreException on timeout or when the offsets cannot be read
     */
    default void readToEnd(Duration timeout) {
        // Nothing to catch up on: every write went through this store.
    }

    /** Releases the store's resources. */
    @Override
    void close();
}
