package io.kanal.client.producer;

import io.kanal.client.cluster.PartitionInfo;
import io.kanal.client.common.Time;
import io.kanal.client.record.BatchOptions;
import io.kanal.client.record.Header;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where records wait for the sender: the topics' partition buffers, the memory pool behind them, and the set of
 * batches not yet completed (for {@code flush}). Caller threads append; the sender thread drains. Thread-safe.
 */
final class Accumulator {
    private final ProducerSettings settings;
    private final BufferPool pool;
    private final Time time;
    private final Runnable wakeSender;
    private final BatchOptions batchOptions;
    private final ConcurrentHashMap<String, TopicState> topics = new ConcurrentHashMap<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Integer, Long> lastDrainMs = new ConcurrentHashMap<>();
    private final AtomicInteger flushes = new AtomicInteger();

    Accumulator(ProducerSettings settings, Time time, Runnable wakeSender) {
        this.settings = settings;
        this.time = time;
        this.wakeSender = wakeSender;
        this.pool = new BufferPool(settings.bufferMemory(), settings.batchSize(), time);
        this.batchOptions = BatchOptions.builder()
                .compression(settings.compression())
                .batchSizeLimit(settings.batchSize())
                .transactional(settings.transactional())
                .build();
    }

    BufferPool pool() {
        return pool;
    }

    /** How batches are built: codec, level and {@code batch.size}. */
    BatchOptions batchOptions() {
        return batchOptions;
    }

    /**
     * The state of a topic, created on first use.
     *
     * @param topic the topic
     * @return the state
     */
    TopicState topic(String topic) {
        TopicState t = topics.get(topic);
        if (t == null) {
            t = topics.computeIfAbsent(
                    topic,
                    name -> new TopicState(
                            name,
                            new StickyPartitioner(settings.batchSize(), settings.adaptivePartitioning()),
                            this::load));
        }
        return t;
    }

    /** The partition load the sticky partitioner of a topic weighs; made once per topic. */
    private StickyPartitioner.Load load(TopicState topic) {
        return new StickyPartitioner.Load() {
            @Override
            public int queued(int partition) {
                return topic.queued(partition);
            }

            @Override
            public boolean available(PartitionInfo info) {
                long timeout = settings.availabilityTimeoutMs();
                if (timeout <= 0 || topic.queued(info.partition().partition()) == 0) {
                    return true;
                }
                Long last = lastDrainMs.get(info.leader());
                return last == null || time.monotonicMs() - last < timeout;
            }
        };
    }

    /**
     * Appends a record, starting a batch (and waiting for memory, up to the deadline) when the last one is full.
     *
     * @param buffer the partition
     * @param timestamp the record timestamp
     * @param key the key, or null
     * @param value the value, or null
     * @param headers the headers
     * @param completion the record's future or callback
     * @param recordSize an upper bound of the record's encoded size
     * @param blockDeadlineMs when waiting for memory must stop, in monotonic ms, or -1 for {@code max.block.ms} from
     *     when the wait begins
     * @return the batch this record started, or null if it went into an existing one
     */
    ProducerBatch append(
            PartitionBuffer buffer,
            long timestamp,
            ByteBuffer key,
            ByteBuffer value,
            List<Header> headers,
            Object completion,
            int recordSize,
            long blockDeadlineMs) {
        if (buffer.tryAppend(timestamp, key, value, headers, completion)) {
            return null;
        }
        int size = Math.max(settings.batchSize(), recordSize + PartitionBuffer.BATCH_HEADER_SIZE);
        long maxWaitMs =
                blockDeadlineMs < 0 ? settings.maxBlockMs() : Math.max(0, blockDeadlineMs - time.monotonicMs());
        ByteBuffer memory = pool.allocate(size, maxWaitMs);
        ProducerBatch created;
        try {
            created = buffer.appendNew(
                    memory,
                    size,
                    batchOptions,
                    time.monotonicMs(),
                    settings.deliveryTimeoutMs(),
                    timestamp,
                    key,
                    value,
                    headers,
                    completion);
        } catch (RuntimeException e) {
            pool.release(memory, size);
            throw e;
        }
        if (created == null) {
            pool.release(memory, size);
            return null;
        }
        incomplete.add(created);
        // Once per batch: the previous batch is now full, and the new one needs its linger timer.
        wakeSender.run();
        return created;
    }

    /**
     * Every partition buffer.
     *
     * @return a snapshot list
     */
    List<PartitionBuffer> partitions() {
        List<PartitionBuffer> all = new ArrayList<>();
        for (TopicState t : topics.values()) {
            for (PartitionBuffer b : t.buffers()) {
                if (b != null) {
                    all.add(b);
                }
            }
        }
        return all;
    }

    /** Notes that a batch went to a broker, for the partitioner's availability check. */
    void drainedTo(int nodeId, long nowMs) {
        if (settings.availabilityTimeoutMs() > 0) {
            lastDrainMs.put(nodeId, nowMs);
        }
    }

    /**
     * Frees a completed batch's memory. Sender thread.
     *
     * @param batch the batch
     */
    void deallocate(ProducerBatch batch) {
        if (incomplete.remove(batch)) {
            release(batch);
        }
    }

    /**
     * Tracks a batch split from a refused one until it completes (for {@code flush}). Sender thread.
     *
     * @param batch the split batch
     */
    void track(ProducerBatch batch) {
        incomplete.add(batch);
    }

    // A split batch's bytes live on the heap, but the memory stays counted against buffer.memory through the pooled
    // buffer of the batch it came from, which goes back to the pool only when the last of its splits completes.
    private void release(ProducerBatch batch) {
        if (batch.liveSplits > 0) {
            return;
        }
        ProducerBatch parent = batch.splitFrom;
        if (parent == null) {
            batch.release();
            pool.release(batch.pooled, batch.reservedBytes);
        } else if (--parent.liveSplits == 0) {
            release(parent);
        }
    }

    /**
     * Whether any batch is queued or in flight.
     *
     * @return true if something is not completed
     */
    boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    /**
     * The batches not completed yet.
     *
     * @return a copy
     */
    List<ProducerBatch> incomplete() {
        return new ArrayList<>(incomplete);
    }

    /** Makes every batch ready regardless of linger until {@link #endFlush}. */
    void beginFlush() {
        flushes.incrementAndGet();
        wakeSender.run();
    }

    void endFlush() {
        flushes.decrementAndGet();
    }

    boolean flushing() {
        return flushes.get() > 0;
    }
}
