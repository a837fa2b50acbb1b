package io.kanal.runtime.task;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A task's stop request, which every wait of the task thread (retry back-off, {@code put} back-off, producer buffer
 * full) also waits on, so that a stopping task wakes at once instead of finishing a back-off.
 *
 * <p>Thread-safe: {@link #stop()} from any thread (the worker's stop path), waits on the task thread.
 * Not final so that tests can record back-off waits instead of waiting.
 */
public class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Creates a signal that is not stopped. */
    public StopSignal() {}

    /** Requests the stop and wakes every waiter. Idempotent. */
    public void stop() {
        stopped.countDown();
    }

    /**
     * Whether {@link #stop()} was called.
     *
     * @return the flag
     */
    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /**
     * Waits for {@code ms} unless stopped first.
     *
     * @param ms how long, 0 or less for no wait
     * @return {@code true} when the wait ran out, {@code false} when stopped or interrupted (the flag is kept)
     */
    public boolean pause(long ms) {
        if (ms <= 0) {
            return !isStopped();
        }
        try {
            return !stopped.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
