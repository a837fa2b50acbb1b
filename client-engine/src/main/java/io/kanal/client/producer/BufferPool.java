package io.kanal.client.producer;

import io.kanal.client.common.Time;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Bounds the memory of unsent records ({@code buffer.memory}) and recycles batch buffers of exactly
 * {@code batch.size} bytes, so that a steady producer allocates no batch memory at all. Larger buffers (a record
 * bigger than {@code batch.size}) are allocated and dropped, but still counted. {@link #allocate} blocks the sending
 * thread while memory is short: that is the producer's back-pressure.
 *
 * <p>Thread-safe: this object's monitor guards the free list and the count; callers of {@link #allocate} wait on it
 * through the injected {@link Time}, so that tests of back-pressure need no real clock.
 */
final class BufferPool {
    private final long totalMemory;
    private final int poolableSize;
    private final Time time;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private long unallocated;
    private int waiters;
    private boolean closed;

    BufferPool(long totalMemory, int poolableSize, Time time) {
        this.time = time;
        this.totalMemory = totalMemory;
        this.poolableSize = poolableSize;
        this.unallocated = totalMemory;
    }

    /**
     * Takes a buffer of at least {@code size} bytes (exactly {@code batch.size} ones come from the free list), waiting
     * up to {@code maxWaitMs} for memory.
     *
     * @param size bytes needed
     * @param maxWaitMs how long to wait
     * @return a cleared heap buffer
     * @throws TimeoutException when the memory did not free up in time
     */
    ByteBuffer allocate(int size, long maxWaitMs) {
        if (size > totalMemory) {
            throw new IllegalArgumentException("cannot allocate " + size + " bytes from a pool of " + totalMemory);
        }
        long deadlineMs = time.monotonicMs() + maxWaitMs;
        synchronized (this) {
            ByteBuffer[] taken = new ByteBuffer[1];
            waiters++;
            try {
                if (time.waitUntil(this, () -> closed || (taken[0] = take(size)) != null, deadlineMs)) {
                    if (taken[0] == null) {
                        throw new KafkaException("The producer is closed");
                    }
                    return taken[0];
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while waiting for producer buffer memory", e);
            } finally {
                waiters--;
            }
            throw new TimeoutException("Failed to allocate " + size + " bytes within max.block.ms (" + maxWaitMs
                    + " ms): buffer.memory (" + totalMemory + " bytes) is full of records not yet acknowledged;"
                    + " the broker may be slow or unreachable");
        }
    }

    /** A buffer if there is memory for it now, else null. Caller holds the monitor. */
    private ByteBuffer take(int size) {
        if (size == poolableSize && !free.isEmpty()) {
            return free.pollFirst();
        }
        // Free pooled buffers count as memory that can be reclaimed for a differently sized request.
        while (unallocated < size && !free.isEmpty()) {
            free.pollLast();
            unallocated += poolableSize;
        }
        if (unallocated >= size) {
            unallocated -= size;
            return ByteBuffer.allocate(size);
        }
        return null;
    }

    /**
     * Returns a buffer taken with {@link #allocate}.
     *
     * @param buffer the buffer
     * @param size the size it was allocated with
     */
    synchronized void release(ByteBuffer buffer, int size) {
        if (size == poolableSize && buffer.capacity() == poolableSize) {
            buffer.clear();
            free.addLast(buffer);
        } else {
            unallocated += size;
        }
        if (waiters > 0) {
            notifyAll();
        }
    }

    /**
     * Memory not in use by any batch.
     *
     * @return bytes
     */
    synchronized long availableMemory() {
        return unallocated + (long) free.size() * poolableSize;
    }

    /**
     * Threads waiting for memory.
     *
     * @return the count
     */
    synchronized int waiters() {
        return waiters;
    }

    /** Wakes and fails every waiting thread. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
