package io.kanal.runtime.task;

import io.kanal.api.sink.SinkRecord;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sink batch whose {@code put} threw {@code RetriableException}, held with its offsets until its retry is due (the
 * task's {@code context.timeout(ms)} later). While one is held its {@link SinkPipeline} keeps every assigned partition
 * paused; records of partitions a rebalance takes away leave the batch, for their new owner reads them again.
 *
 * <p>Threading: owned by the task thread, as its pipeline.
 */
final class PutRetry {
    private List<SinkRecord> batch;
    private Map<TopicPartition, OffsetAndMetadata> offsets;
    private long atMs;

    /**
     * Whether a batch is held.
     *
     * @return whether a batch is held for a retry
     */
    boolean held() {
        return batch != null;
    }

    /**
     * Whether the retry is due.
     *
     * @param nowMs the monotonic clock's time
     * @return whether the held batch's retry is due
     */
    boolean due(long nowMs) {
        return nowMs >= atMs;
    }

    /**
     * The time left until the retry.
     *
     * @param nowMs the monotonic clock's time
     * @return how long until the retry is due, in ms (negative once due)
     */
    long untilDueMs(long nowMs) {
        return atMs - nowMs;
    }

    /**
     * The held batch.
     *
     * @return the records
     */
    List<SinkRecord> batch() {
        return batch;
    }

    /**
     * The held batch's offsets.
     *
     * @return the offsets the held batch commits once delivered
     */
    Map<TopicPartition, OffsetAndMetadata> offsets() {
        return offsets;
    }

    /**
     * Holds a batch (again) for a retry at the given time.
     *
     * @param records the batch
     * @param recordOffsets its offsets
     * @param retryAtMs when to retry, on the monotonic clock
     */
    void hold(List<SinkRecord> records, Map<TopicPartition, OffsetAndMetadata> recordOffsets, long retryAtMs) {
        batch = records;
        offsets = recordOffsets;
        atMs = retryAtMs;
    }

    /** Forgets the batch: it was delivered. */
    void clear() {
        batch = null;
        offsets = null;
    }

    /**
     * Drops the records and offsets of partitions that move away.
     *
     * @param partitions the partitions revoked or lost
     */
    void drop(Collection<TopicPartition> partitions) {
        if (batch == null) {
            return;
        }
        Set<TopicPartition> gone = new HashSet<>(partitions);
        batch = new ArrayList<>(batch);
        batch.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.kafkaPartition())));
        offsets = new LinkedHashMap<>(offsets);
        offsets.keySet().removeAll(gone);
    }
}
