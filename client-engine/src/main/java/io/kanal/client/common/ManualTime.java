package io.kanal.client.common;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A clock that moves only when told to, for tests: {@link #advance} moves it and wakes every thread waiting in
 * {@link #waitUntil} or {@link #sleep}, which then see whether their deadline passed. No test that uses it needs a
 * real pause.
 *
 * <p>Thread-safe.
 */
public final class ManualTime implements Time {
    private final AtomicLong nanos = new AtomicLong();
    private final long wallOffsetMs;
    /** One entry per waiting call (two threads may wait on one monitor), holding the monitor to notify. */
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();

    private final Object sleepMonitor = new Object();

    /** A clock at monotonic time 0 and wall time 2026-01-01T00:00:00Z. */
    public ManualTime() {
        this(1_767_225_600_000L);
    }

    /**
     * A clock at monotonic time 0 and the given wall time.
     *
     * @param wallClockMs the wall-clock time at the start, in ms since the epoch
     */
    public ManualTime(long wallClockMs) {
        this.wallOffsetMs = wallClockMs;
    }

    @Override
    public long milliseconds() {
        return wallOffsetMs + monotonicMs();
    }

    @Override
    public long nanoseconds() {
        return nanos.get();
    }

    /**
     * Moves the clock forward and wakes every waiter.
     *
     * @param ms how far, not negative
     */
    public void advance(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("time does not go back: " + ms);
        }
        nanos.addAndGet(ms * 1_000_000L);
        for (Waiter w : waiting) {
            synchronized (w.monitor) {
                w.monitor.notifyAll();
            }
        }
    }

    /**
     * How many threads wait on this clock right now, so that a test can advance it once its subject is waiting.
     *
     * @return the number of waiting calls
     */
    public int waiters() {
        return waiting.size();
    }

    @Override
    public boolean waitUntil(Object monitor, BooleanSupplier done, long deadlineMs) throws InterruptedException {
        Waiter me = new Waiter(monitor);
        waiting.add(me);
        try {
            while (!done.getAsBoolean()) {
                if (monotonicMs() >= deadlineMs) {
                    return false;
                }
                monitor.wait();
            }
            return true;
        } finally {
            waiting.remove(me);
        }
    }

    @Override
    public void sleep(long ms) throws InterruptedException {
        long deadline = monotonicMs() + ms;
        synchronized (sleepMonitor) {
            waitUntil(sleepMonitor, () -> false, deadline);
        }
    }

    /** A waiting call; identity equality, so that two waits on one monitor are two entries. */
    private static final class Waiter {
        final Object monitor;

        Waiter(Object monitor) {
            this.monitor = monitor;
        }
    }
}
