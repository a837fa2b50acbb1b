package io.kanal.runtime.worker;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.task.TaskRunner;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One generation of one task as the worker tracks it: first being built on an operations thread, then running in its
 * {@link TaskRunner}. A stop that arrives while the task is being built cancels the plugin call the build is stuck
 * in, if any, and the build then does not start the task.
 *
 * <p><b>Threading.</b> Built and started on an operations thread, stopped on another; the fields are guarded by the
 * handle's lock and the runner's own stop blocks outside it.
 */
final class TaskHandle {

    private static final Logger LOG = LoggerFactory.getLogger(TaskHandle.class);

    private final ConnectorTaskId id;
    private final long generation;
    private final PluginInvoker invoker;
    private final Duration grace;
    private TaskRunner runner;
    private boolean stopRequested;
    private boolean paused;

    TaskHandle(ConnectorTaskId id, long generation, PluginInvoker invoker, Duration grace) {
        this.id = id;
        this.generation = generation;
        this.invoker = invoker;
        this.grace = grace;
    }

    long generation() {
        return generation;
    }

    /**
     * Starts the built runner unless a stop came first.
     *
     * @return whether it started; if not, the caller discards the runner
     */
    synchronized boolean startUnlessStopped(TaskRunner built, boolean startPaused) {
        if (stopRequested) {
            return false;
        }
        runner = built;
        built.pause(startPaused || paused);
        built.start();
        return true;
    }

    /** The runner, once built and started; {@code null} before. */
    synchronized TaskRunner runner() {
        return runner;
    }

    /** Pauses or resumes the task (before it is built too: the build starts it in the state last asked for). */
    synchronized void targetState(boolean pause) {
        paused = pause;
        if (runner != null) {
            runner.pause(pause);
        }
    }

    /** Stops the task, blocking up to the graceful timeout and then the cancellation grace. */
    void stop() {
        TaskRunner r;
        synchronized (this) {
            stopRequested = true;
            r = runner;
        }
        if (r != null) {
            r.stop();
            return;
        }
        // Still being built, perhaps stuck in a converter's configure: cancel it so that the build gives up.
        try {
            invoker.cancel(Owner.task(id.connector(), id.task()), grace)
                    .get(grace.toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("[{}] cancelling the task's start did not finish", id, e);
        }
    }
}
