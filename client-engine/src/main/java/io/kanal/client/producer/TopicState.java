package io.kanal.client.producer;

import io.kanal.client.TopicPartition;
import java.util.function.Function;

/**
 * The producer's per-topic state: the partition buffers, indexed by partition so that the send path finds one
 * without building a {@link TopicPartition} key, and the sticky partitioner of keyless records. Thread-safe: the
 * array is replaced (copy on write) under this object's monitor when a partition is first used.
 */
final class TopicState {
    final String topic;
    final StickyPartitioner sticky;
    /** What the sticky partitioner weighs: this topic's queues and its leaders' availability. */
    final StickyPartitioner.Load load;

    private volatile PartitionBuffer[] partitions = new PartitionBuffer[0];
    /**
     * Whether the producer's metadata view asks for this topic; set once by a sending thread (a race only repeats an
     * idempotent registration).
     */
    volatile boolean inMetadataView;

    TopicState(String topic, StickyPartitioner sticky, Function<TopicState, StickyPartitioner.Load> load) {
        this.topic = topic;
        this.sticky = sticky;
        this.load = load.apply(this);
    }

    /**
     * The buffer of a partition, created on first use.
     *
     * @param partition the partition
     * @return the buffer
     */
    PartitionBuffer partition(int partition) {
        PartitionBuffer[] current = partitions;
        if (partition < current.length) {
            PartitionBuffer b = current[partition];
            if (b != null) {
                return b;
            }
        }
        return create(partition);
    }

    private synchronized PartitionBuffer create(int partition) {
        PartitionBuffer[] current = partitions;
        if (partition < current.length && current[partition] != null) {
            return current[partition];
        }
        PartitionBuffer[] grown = java.util.Arrays.copyOf(current, Math.max(current.length, partition + 1));
        PartitionBuffer created = new PartitionBuffer(new TopicPartition(topic, partition));
        grown[partition] = created;
        partitions = grown;
        return created;
    }

    /**
     * Batches queued for a partition, 0 if it has no buffer yet.
     *
     * @param partition the partition
     * @return the count
     */
    int queued(int partition) {
        PartitionBuffer[] current = partitions;
        return partition < current.length && current[partition] != null ? current[partition].queued() : 0;
    }

    /**
     * The buffers created so far; entries may be null.
     *
     * @return the array, not to be modified
     */
    PartitionBuffer[] buffers() {
        return partitions;
    }
}
