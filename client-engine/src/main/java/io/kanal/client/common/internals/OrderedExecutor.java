package io.kanal.client.common.internals;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one client's user callbacks in submission order, one at a time, on a shared executor: a producer's records of
 * one partition complete in order however many threads the shared callback pool has, and one client's slow callback
 * delays only that client's later callbacks.
 *
 * <p>If the shared executor refuses work (it is shutting down), the callbacks run on the submitting thread instead:
 * a completion is never dropped.
 *
 * <p>Thread-safe.
 */
public final class OrderedExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(OrderedExecutor.class);

    private final String name;
    private final Executor delegate;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private volatile Thread runner;

    /**
     * Creates the executor.
     *
     * @param name for logs
     * @param delegate the shared executor the callbacks run on
     */
    public OrderedExecutor(String name, Executor delegate) {
        this.name = name;
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        schedule();
    }

    private void schedule() {
        while (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                delegate.execute(drain);
                return;
            } catch (RejectedExecutionException e) {
                // The shared executor is gone (resources closing): run here, so that no completion is lost.
                runTasks();
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        try {
            runTasks();
        } finally {
            scheduled.set(false);
            // A task added after the last poll and before the flag was cleared would otherwise wait for the next one.
            schedule();
        }
    }

    private void runTasks() {
        Thread previous = runner;
        runner = Thread.currentThread();
        try {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    // User code: one callback that throws, even an AssertionError, must not stop those after it.
                    LOG.error("[{}] a callback threw; the ones after it still run", name, e);
                }
            }
        } finally {
            runner = previous;
        }
    }

    /**
     * Whether the calling thread is running one of these callbacks, where waiting for a later one would deadlock.
     *
     * @return true inside a callback
     */
    public boolean inCallback() {
        return runner == Thread.currentThread();
    }

    /**
     * Whether callbacks are queued or running.
     *
     * @return true if not idle
     */
    public boolean busy() {
        return scheduled.get() || !tasks.isEmpty();
    }
}
