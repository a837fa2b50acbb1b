package io.kanal.client.producer;

import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the memory of unsent records ({@code buffer.memory}) and recycles batch buffers of exactly
 * {@code batch.size} bytes, so that a steady producer allocates no batch memory at all. Larger buffers (a record
 * bigger than {@code batch.size}) are allocated and dropped, but still counted. {@link #allocate} blocks the sending
 * thread while memory is short: that is the producer's back-pressure.
 *
 * <p>Thread-safe: one lock guards the free list and the count; callers of {@link #allocate} wait on its condition.
 */
final class BufferPool {
    private final long totalMemory;
    private final int poolableSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition memoryFreed = lock.newCondition();
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private long unallocated;
    private int waiters;
    private boolean closed;

    BufferPool(long totalMemory, int poolableSize) {
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
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new KafkaException("The producer is closed");
                }
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
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException("Failed to allocate " + size + " bytes within max.block.ms (" + maxWaitMs
                            + " ms): buffer.memory (" + totalMemory + " bytes) is full of records not yet"
                            + " acknowledged; the broker may be slow or unreachable");
                }
                waiters++;
                try {
                    memoryFreed.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaException("Interrupted while waiting for producer buffer memory", e);
                } finally {
                    waiters--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a buffer taken with {@link #allocate}.
     *
     * @param buffer the buffer
     * @param size the size it was allocated with
     */
    void release(ByteBuffer buffer, int size) {
        lock.lock();
        try {
            if (size == poolableSize && buffer.capacity() == poolableSize) {
                buffer.clear();
                free.addLast(buffer);
            } else {
                unallocated += size;
            }
            if (waiters > 0) {
                memoryFreed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Memory not in use by any batch.
     *
     * @return bytes
     */
    long availableMemory() {
        lock.lock();
        try {
            return unallocated + (long) free.size() * poolableSize;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Threads waiting for memory.
     *
     * @return the count
     */
    int waiters() {
        lock.lock();
        try {
            return waiters;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes and fails every waiting thread. */
    void close() {
        lock.lock();
        try {
            closed = true;
            memoryFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
