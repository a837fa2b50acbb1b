package io.kanal.client.common;

/**
 * A clock, injected so that protocol logic can be tested with a controlled time. Implementations are thread-safe.
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
}
