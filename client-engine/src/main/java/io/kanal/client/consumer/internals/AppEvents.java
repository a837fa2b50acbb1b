package io.kanal.client.consumer.internals;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Work the background thread hands to the application thread: rebalance callbacks and commit callbacks (run inside
 * {@code poll()}), and errors (raised by the next consumer call that checks them). Thread-safe; posting wakes the
 * application thread if it is parked in {@code poll()}; an error also wakes one parked in {@code position()}.
 */
final class AppEvents {
    private final ConcurrentLinkedQueue<Runnable> callbacks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RuntimeException> errors = new ConcurrentLinkedQueue<>();
    private final FetchBuffer buffer;
    private final ChangeSignal changes;

    AppEvents(FetchBuffer buffer, ChangeSignal changes) {
        this.buffer = buffer;
        this.changes = changes;
    }

    /**
     * Queues work for the application thread.
     *
     * @param callback the work
     */
    public void post(Runnable callback) {
        callbacks.add(callback);
        buffer.signal();
    }

    /**
     * Queues an error for the application thread.
     *
     * @param error the error
     */
    public void raise(RuntimeException error) {
        errors.add(error);
        buffer.signal();
        changes.signal();
    }

    /** Runs queued callbacks in order, on the calling (application) thread. */
    void runCallbacks() {
        for (Runnable r; (r = callbacks.poll()) != null; ) {
            r.run();
        }
    }

    /** Throws the oldest queued error, if any. */
    void throwIfError() {
        RuntimeException e = errors.poll();
        if (e != null) {
            throw e;
        }
    }
}
