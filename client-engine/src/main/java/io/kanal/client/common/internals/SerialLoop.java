package io.kanal.client.common.internals;

import io.kanal.client.common.Time;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's background loop, run on a shared pool instead of a thread of its own: a producer's sender, a
 * consumer's fetch and membership driver, an admin client's retries. At most one pool thread runs a loop at a time,
 * so the state the loop owns needs no locks, exactly as if it had a dedicated thread; between runs the loop holds no
 * thread at all, which is what lets hundreds of clients share a handful of threads.
 *
 * <p>A run executes the queued tasks, then the step function {@code step(nowMs) -> nextWakeupMs}. The loop runs
 * again when a task is queued, when {@link #wakeup()} is called, or when the step's next wakeup time comes. A step
 * that asks to run again at once ({@code next <= now}) is re-run, but after {@value #MAX_RUNS_IN_A_ROW} runs in a row
 * the loop goes to the back of the pool's queue, so that one busy client cannot starve the others.
 *
 * <p>Thread-safe: {@link #execute}, {@link #wakeup} and {@link #close} may be called from any thread. The step and
 * the tasks run one at a time, each run seeing everything the previous ones wrote. They must not block: a blocked run
 * holds a shared pool thread. Once closed, {@link #execute} refuses new tasks with a
 * {@link RejectedExecutionException} (so that a continuation handed to a closed loop fails instead of vanishing), a
 * run in progress finishes its tasks, and tasks not yet picked up are never run.
 */
public final class SerialLoop implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialLoop.class);
    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    private static final int RUNNING = 2;
    /** Running, and woken meanwhile: run once more before going idle. */
    private static final int RUNNING_AGAIN = 3;

    static final int MAX_RUNS_IN_A_ROW = 16;

    private final String name;
    private final ScheduledExecutorService pool;
    private final Time time;
    private final LongUnaryOperator step;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final Runnable run = this::run;
    private final Runnable timerFired = this::wakeup;
    private volatile Thread runner;
    private volatile boolean closed;
    // Written only inside run(), which the state machine serializes; volatile for close().
    private volatile ScheduledFuture<?> timer;
    private long timerDueMs = Long.MAX_VALUE;

    /**
     * Creates a loop; it first runs when woken.
     *
     * @param name for logs
     * @param pool the shared pool that runs loops and their timers
     * @param time the clock
     * @param step called after the queued tasks with the current monotonic time; returns when to run again at the
     *     latest ({@link Long#MAX_VALUE} for "only when woken")
     */
    public SerialLoop(String name, ScheduledExecutorService pool, Time time, LongUnaryOperator step) {
        this.name = Objects.requireNonNull(name, "name");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.time = Objects.requireNonNull(time, "time");
        this.step = Objects.requireNonNull(step, "step");
    }

    /**
     * Queues a task to run on the loop, before its next step.
     *
     * @param task the task; must not block
     * @throws RejectedExecutionException if the loop is closed
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            throw new RejectedExecutionException("the client loop " + name + " is closed");
        }
        tasks.add(task);
        wakeup();
    }

    /** Makes the loop run soon. Cheap: wakeups before the loop looks are coalesced into one run. */
    public void wakeup() {
        while (true) {
            int s = state.get();
            if (s == IDLE) {
                if (state.compareAndSet(IDLE, SCHEDULED)) {
                    submit();
                    return;
                }
            } else if (s == RUNNING) {
                if (state.compareAndSet(RUNNING, RUNNING_AGAIN)) {
                    return;
                }
            } else {
                return;
            }
        }
    }

    private void submit() {
        if (closed) {
            state.set(IDLE);
            return;
        }
        try {
            pool.execute(run);
        } catch (RejectedExecutionException e) {
            // The pool is shutting down: the resources were closed under us, so this loop ends.
            state.set(IDLE);
            closed = true;
            LOG.debug("[{}] pool rejected the loop: {}", name, e.toString());
        }
    }

    /**
     * Whether the calling thread is running this loop now, where blocking on the loop's own work would deadlock.
     *
     * @return true if called from inside a task or the step
     */
    public boolean inLoop() {
        return runner == Thread.currentThread();
    }

    /**
     * Stops the loop: no step runs after the one in progress, if any, and tasks not yet picked up are never run; wait
     * for any last work (a task completing a future) before closing. Idempotent.
     */
    public void close() {
        closed = true;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    private void run() {
        runner = Thread.currentThread();
        state.set(RUNNING);
        for (int runs = 1; ; runs++) {
            long next = runOnce();
            if (closed) {
                release(IDLE);
                return;
            }
            long now = time.monotonicMs();
            if (next > now) {
                arm(next, now);
                runner = null;
                if (state.compareAndSet(RUNNING, IDLE)) {
                    return;
                }
                runner = Thread.currentThread();
            }
            // Woken meanwhile, or the step asked to run again at once.
            if (runs >= MAX_RUNS_IN_A_ROW) {
                // Yield the pool thread to other loops; run again after them.
                release(SCHEDULED);
                submit();
                return;
            }
            state.set(RUNNING);
        }
    }

    /** Leaves the loop: {@link #inLoop()} turns false before another thread can pick the loop up. */
    private void release(int newState) {
        runner = null;
        state.set(newState);
    }

    private long runOnce() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // Tasks are the engine's own continuations, which complete their futures themselves: one that throws
                // is a bug, reported here because nobody else can see it, and the loop serves its other tasks.
                LOG.error("[{}] a task failed on the client loop", name, e);
            }
        }
        if (closed) {
            return Long.MAX_VALUE;
        }
        try {
            return step.applyAsLong(time.monotonicMs());
        } catch (RuntimeException | Error e) {
            LOG.error("[{}] the client loop's step failed; running it again in 100 ms", name, e);
            return time.monotonicMs() + 100;
        }
    }

    /** Makes sure a timer fires by {@code next}; a timer due earlier is kept, since a spurious run is harmless. */
    private void arm(long next, long now) {
        if (next == Long.MAX_VALUE) {
            return;
        }
        // A timer whose time has come may be the one that started this very run: its future is not done until the
        // wakeup it runs returns, so only a timer still due in the future counts as armed.
        boolean armed = timer != null && timerDueMs > now && !timer.isDone();
        if (armed && timerDueMs <= next) {
            return;
        }
        if (armed) {
            timer.cancel(false);
        }
        try {
            timer = pool.schedule(timerFired, next - now, TimeUnit.MILLISECONDS);
            timerDueMs = next;
        } catch (RejectedExecutionException e) {
            closed = true;
        }
    }

    @Override
    public String toString() {
        return "SerialLoop[" + name + "]";
    }
}
