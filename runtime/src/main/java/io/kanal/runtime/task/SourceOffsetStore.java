package io.kanal.runtime.task;

import java.util.Map;
import java.util.Optional;
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

    /**
     * Waits until this store holds every offset committed before the call, by any writer (a Kafka store reads its
     * topic to the end). An exactly-once task calls it after fencing its previous generation and before the task reads
     * its offsets, so that it resumes after the last transaction that generation committed.
     *
     * <p>The default throws: a store that cannot catch up must not let an exactly-once task resume silently from
     * offsets older than its predecessor's last commit (duplicates). An at-least-once task never calls it.
     *
     * @param timeout the longest wait
     * @throws RuntimeException when the store cannot catch up in time
     * @throws UnsupportedOperationException from the default: this store cannot read to the end
     */
    default void readToEnd(java.time.Duration timeout) {
        throw new UnsupportedOperationException(
                "this source offset store (" + getClass().getName()
                        + ") cannot read its offsets to the end, which an exactly-once source task needs at start");
    }

    /**
     * The topic an exactly-once task's transaction writes this store's offsets to: the primary offsets topic on the
     * producer's cluster (KIP-618). Empty, by default, for the worker's {@code offset.storage.topic}.
     *
     * @return the topic, when it is not the worker's
     */
    default Optional<String> transactionTopic() {
        return Optional.empty();
    }

    /**
     * Told, on the task thread, of offsets a transaction has just committed to {@link #transactionTopic()}. A store
     * with a secondary copy (the worker's global offsets topic) writes them there, outside the transaction and
     * best-effort: a failed copy is logged, never fatal, as in Connect. Nothing by default.
     *
     * @param offsets the committed offsets
     */
    default void committed(Map<Map<String, ?>, Map<String, ?>> offsets) {}

    /**
     * Called, on the task thread, before a transaction commits these offsets to {@link #transactionTopic()}: a store
     * with a secondary copy (the worker's global offsets topic) writes their removals (null offsets) there first, so
     * that a removed offset cannot come back from the secondary. The transaction fails (and is aborted) when the
     * returned future fails. Nothing by default.
     *
     * @param offsets the offsets about to be committed
     * @return completes when the secondary holds the removals
     */
    default CompletableFuture<Void> beforeCommit(Map<Map<String, ?>, Map<String, ?>> offsets) {
        return CompletableFuture.completedFuture(null);
    }
}
