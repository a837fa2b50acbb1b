package io.kanal.client.consumer.internals;

import io.kanal.client.TopicPartition;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Prefetched data between the background thread (which adds decoded partition data as fetch responses arrive) and
 * the application thread (which drains it in {@code poll()}). The bytes held are counted per partition and in total,
 * decoded, so the fetcher can stop fetching when the prefetch budget is used up; the memory a lagging consumer holds
 * is bounded by that budget plus one response per broker in flight.
 *
 * <p>Thread-safe; the lock is a leaf (no other lock is taken while holding it). The application thread also parks
 * here while it waits for records, and anything that needs its attention (rebalance callbacks, errors,
 * {@code wakeup()}) calls {@link #signal()}.
 */
final class FetchBuffer {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<CompletedFetch> queue = new ArrayDeque<>();
    private final Map<TopicPartition, Integer> bytesByPartition = new HashMap<>();
    private final Runnable onSpaceFreed;
    private long bytes;
    private boolean signalled;

    /**
     * Creates the buffer.
     *
     * @param onSpaceFreed called (on the draining thread, quickly) when data leaves the buffer
     */
    FetchBuffer(Runnable onSpaceFreed) {
        this.onSpaceFreed = onSpaceFreed;
    }

    void add(CompletedFetch fetch) {
        lock.lock();
        try {
            queue.addLast(fetch);
            bytes += fetch.bytes;
            bytesByPartition.merge(fetch.partition, fetch.bytes, Integer::sum);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest data, left in place. */
    CompletedFetch peek() {
        lock.lock();
        try {
            return queue.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Removes data that was drained or dropped, releasing its bytes. */
    void remove(CompletedFetch fetch) {
        lock.lock();
        try {
            if (queue.remove(fetch)) {
                release(fetch);
            }
        } finally {
            lock.unlock();
        }
        onSpaceFreed.run();
    }

    private void release(CompletedFetch fetch) {
        bytes -= fetch.bytes;
        bytesByPartition.computeIfPresent(fetch.partition, (k, v) -> v - fetch.bytes <= 0 ? null : v - fetch.bytes);
    }

    /**
     * Drops data whose partition moved since it was fetched.
     *
     * @param generations the current generation per fetchable partition; absent partitions are dropped entirely
     */
    void purge(Map<TopicPartition, Integer> generations) {
        boolean removed = false;
        lock.lock();
        try {
            for (Iterator<CompletedFetch> it = queue.iterator(); it.hasNext(); ) {
                CompletedFetch f = it.next();
                Integer g = generations.get(f.partition);
                if (g == null || g != f.generation) {
                    it.remove();
                    release(f);
                    removed = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (removed) {
            onSpaceFreed.run();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    Map<TopicPartition, Integer> bytesByPartition() {
        lock.lock();
        try {
            return new HashMap<>(bytesByPartition);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Parks the application thread until data arrives, {@link #signal()} is called, or the deadline passes.
     *
     * @param deadlineNanos the deadline in {@link System#nanoTime()} terms
     */
    void await(long deadlineNanos) {
        lock.lock();
        try {
            while (queue.isEmpty() && !signalled) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the application thread if it is parked in {@link #await}, or makes its next await return at once. */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
