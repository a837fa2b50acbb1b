package io.kanal.cli.perf;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a loop at or below a target rate, as {@code --throughput} asks: after each record it checks whether the loop
 * is ahead of schedule and, if so, parks until it is not. A negative target disables it. Single thread.
 */
final class Throttler {
    private final double perSecond;
    private final long startMs;

    Throttler(double perSecond, long startMs) {
        this.perSecond = perSecond;
        this.startMs = startMs;
    }

    /**
     * Waits while {@code sent} records are ahead of the target rate.
     *
     * @param sent records sent so far
     */
    void pace(long sent) {
        if (perSecond < 0) {
            return;
        }
        if (perSecond == 0) {
            LockSupport.parkNanos(Long.MAX_VALUE);
            return;
        }
        long dueMs = startMs + (long) (sent * 1000.0 / perSecond);
        long ahead = dueMs - System.currentTimeMillis();
        if (ahead > 0) {
            LockSupport.parkNanos(ahead * 1_000_000L);
        }
    }
}
