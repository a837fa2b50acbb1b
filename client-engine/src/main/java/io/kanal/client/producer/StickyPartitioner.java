package io.kanal.client.producer;

import io.kanal.client.cluster.PartitionInfo;
import io.kanal.client.cluster.TopicMetadata;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Chooses partitions for keyless records of one topic: every such record goes to the same partition until
 * {@code batch.size} bytes went there (KIP-480, KIP-794), then another is picked. With adaptive partitioning the pick
 * is weighted towards partitions with fewer queued batches, so a slow broker gets less; partitions without a leader,
 * or whose broker has not taken a batch within {@code partitioner.availability.timeout.ms}, are avoided.
 *
 * <p>Thread-safe and lock-free: the current choice is swapped with compare-and-set, so two threads switching at once
 * agree on one partition.
 */
final class StickyPartitioner {
    private record Sticky(int partition, AtomicInteger bytes) {}

    /** What the partitioner needs to know about a partition's load. */
    interface Load {
        /**
         * Batches queued for a partition.
         *
         * @param partition the partition
         * @return the count
         */
        int queued(int partition);

        /**
         * Whether a partition's leader accepts batches in time.
         *
         * @param info the partition
         * @return false to avoid it
         */
        boolean available(PartitionInfo info);
    }

    private final int batchSize;
    private final boolean adaptive;
    private final AtomicReference<Sticky> current = new AtomicReference<>();

    StickyPartitioner(int batchSize, boolean adaptive) {
        this.batchSize = batchSize;
        this.adaptive = adaptive;
    }

    /**
     * The partition for a keyless record of {@code size} bytes, counted towards the switch.
     *
     * @param size the record's serialized size
     * @param topic the topic's metadata
     * @param load the partitions' load
     * @return the partition
     */
    int partition(int size, TopicMetadata topic, Load load) {
        int count = topic.partitions().size();
        Sticky s = current.get();
        while (s == null || s.partition >= count || s.bytes.get() >= batchSize) {
            Sticky next = new Sticky(choose(topic, load, s == null ? -1 : s.partition), new AtomicInteger());
            if (current.compareAndSet(s, next)) {
                s = next;
                break;
            }
            s = current.get();
        }
        s.bytes.addAndGet(size);
        return s.partition;
    }

    private int choose(TopicMetadata topic, Load load, int previous) {
        List<PartitionInfo> partitions = topic.partitions();
        int n = partitions.size();
        int[] candidates = new int[n];
        int[] weights = new int[n];
        int found = 0;
        int maxQueued = 0;
        for (PartitionInfo p : partitions) {
            if (p.leader() >= 0 && load.available(p)) {
                int index = p.partition().partition();
                candidates[found] = index;
                weights[found] = load.queued(index);
                maxQueued = Math.max(maxQueued, weights[found]);
                found++;
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (found == 0) {
            // No partition is known to be available: spread over all, the sender waits for leaders.
            return random.nextInt(n);
        }
        if (found > 1 && previous >= 0) {
            // Leave the previous partition out so that a switch really moves on.
            for (int i = 0; i < found; i++) {
                if (candidates[i] == previous) {
                    candidates[i] = candidates[found - 1];
                    weights[i] = weights[found - 1];
                    found--;
                    break;
                }
            }
        }
        if (!adaptive) {
            return candidates[random.nextInt(found)];
        }
        // A partition with q batches queued gets weight (max + 1 - q): the emptiest queues are likeliest.
        long total = 0;
        for (int i = 0; i < found; i++) {
            weights[i] = maxQueued + 1 - weights[i];
            total += weights[i];
        }
        long pick = random.nextLong(total);
        for (int i = 0; i < found; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return candidates[i];
            }
        }
        return candidates[found - 1];
    }
}
