package io.kanal.runtime.task;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where a source task's committed offsets go: the minimal view of the worker's offset store ({@code
 * io.kanal.runtime.store.OffsetStore}) that the source pipeline needs, scoped to one connector. An adapter binds it to
 * the file or Kafka store.
 *
 * <p>Threading: {@link #write} is called from the task thread; the future may complete on any thread.
 */
@FunctionalInterface
public interface SourceOffsetStore {
    /**
     * Writes offsets for this connector.
     *
     * @param offsets source partition to source offset (Connect's maps)
     * @return completes when the offsets are durable
     */
    CompletableFuture<Void> write(Map<Map<String, ?>, Map<String, ?>> offsets);
}
