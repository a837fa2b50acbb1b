package io.kanal.client.common;

import java.util.function.BooleanSupplier;

/**
 * A clock that can also wait, injected so that protocol logic and blocking calls can be tested with a controlled time
 * ({@link ManualTime}) instead of the real one. Implementations are thread-safe.
 */
public interface Time {
    /** The system clock. */
    Time SYSTEM = new Time() {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }
    };

    /**
     * Wall-clock time.
     *
     * @return milliseconds since the epoch
     */
    long milliseconds();

    /**
     * A monotonic time for measuring intervals.
     *
     * @return nanoseconds from an arbitrary origin
     */
    long nanoseconds();

    /**
     * A monotonic time in milliseconds, for deadlines.
     *
     * @return milliseconds from an arbitrary origin
     */
    default long monotonicMs() {
        return nanoseconds() / 1_000_000L;
    }

    /**
     * Waits on {@code monitor}, which the caller holds, until {@code done} is true or the monotonic deadline passes.
     * Whoever makes {@code done} true must notify the monitor. With the system clock this is {@link Object#wait} in a
     * loop; a manual clock also wakes the waiter when it is advanced.
     *
     * @param monitor the object whose monitor the caller holds
     * @param done the condition waited for, evaluated with the monitor held
     * @param deadlineMs the monotonic deadline ({@link #monotonicMs()})
     * @return whether {@code done} became true
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    default boolean waitUntil(Object monitor, BooleanSupplier done, long deadlineMs) throws InterruptedException {
        while (!done.getAsBoolean()) {
            long left = deadlineMs - monotonicMs();
            if (left <= 0) {
                return false;
            }
            monitor.wait(left);
        }
        return true;
    }

    /**
     * Pauses the calling thread; a manual clock returns once it has been advanced past the pause.
     *
     * @param ms how long
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    default void sleep(long ms) throws InterruptedException {
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
