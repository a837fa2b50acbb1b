package io.kanal.client.consumer.internals;

import io.kanal.client.common.Time;

/**
 * Tells a waiting application thread that something it may be waiting for changed: a position was resolved, an
 * error was raised for it, or {@code wakeup()} was called. A version number, so that a change between the waiter's
 * check and its wait is not missed.
 *
 * <p>Thread-safe: signalled by the background loop and by any thread calling {@code wakeup()}; waited on by the
 * application thread.
 */
final class ChangeSignal {
    private final Time time;
    private long version;

    ChangeSignal(Time time) {
        this.time = time;
    }

    /** Records a change and wakes the waiters. */
    synchronized void signal() {
        version++;
        notifyAll();
    }

    /**
     * The current version: read it before checking the state, then wait for a change from it.
     *
     * @return the version
     */
    synchronized long version() {
        return version;
    }

    /**
     * Waits until a change after {@code seen}, or the monotonic deadline.
     *
     * @param seen the version read before the caller checked its state
     * @param deadlineMs the monotonic deadline
     * @throws InterruptedException if interrupted while waiting
     */
    synchronized void awaitChange(long seen, long deadlineMs) throws InterruptedException {
        time.waitUntil(this, () -> version != seen, deadlineMs);
    }
}
