package io.kanal.runtime.task;

import io.kanal.runtime.invoke.CancelResult;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import io.kanal.runtime.lifecycle.AbstractLifecycle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on its own thread, {@code kanal-task-<connector>-<id>}: starts the task, drives its {@link
 * TaskPipeline} until stopped or failed, then flushes, stops the task, closes the pipeline's plugins and the task's
 * clients. As in Connect, a task whose {@code initialize} or {@code start} failed is stopped too, so that it releases
 * what it opened before failing. Its status says RUNNING, FAILED (with the {@link StageError}) or stopped.
 *
 * <p>Stopping ({@link #stop()}) sets the task's {@link StopSignal} and waits up to {@code
 * task.shutdown.graceful.timeout.ms} for the thread to finish. A task still inside plugin code then has its calls
 * cancelled through the invoker (interrupt); one that ignores the interrupt is abandoned: its clients are closed from
 * the stopping thread, so that a zombie cannot write, and the runner reports it as abandoned. The thread is written
 * off.
 *
 * <p>Threading: the task thread owns the pipeline and the task; {@link #start()}, {@link #stop()} and the status
 * accessors may be called from any thread (the lifecycle serialises start and stop).
 */
public final class TaskRunner extends AbstractLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /** What the runner tells the worker (and through it the herder); called on the task or stopping thread. */
    public interface Listener {
        /** A listener that ignores everything. */
        Listener NONE = new Listener() {};

        /**
         * The task started and runs.
         *
         * @param owner the task
         */
        default void running(Owner owner) {}

        /**
         * The task failed.
         *
         * @param owner the task
         * @param error the structured error
         */
        default void failed(Owner owner, StageError error) {}

        /**
         * The task stopped (cleanly, or abandoned when it did not stop in time).
         *
         * @param owner the task
         * @param abandoned whether it was abandoned
         */
        default void stopped(Owner owner, boolean abandoned) {}
    }

    /** The runner's view of the task. */
    public enum State {
        /** Created, thread not started. */
        NEW,
        /** Starting the task. */
        STARTING,
        /** The pipeline runs. */
        RUNNING,
        /** Failed; {@link #failure()} says why. */
        FAILED,
        /** Stopped cleanly. */
        STOPPED,
        /** Did not stop in time: cancelled and written off, clients closed. */
        ABANDONED
    }

    private final Owner owner;
    private final PluginInvoker invoker;
    private final TaskPipeline pipeline;
    private final List<AutoCloseable> clients;
    private final StopSignal stop;
    private final Duration gracefulTimeout;
    private final Redactor redactor;
    private final Listener listener;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final TaskMetrics metrics;

    private volatile State state = State.NEW;
    private volatile boolean paused;
    private volatile StageError failure;
    private Thread thread;

    /**
     * Creates a runner.
     *
     * @param owner the task
     * @param invoker runs plugin code; cancels it on a slow stop
     * @param pipeline the task's pipeline
     * @param clients the task's clients (producer, consumer, admin), closed when the task ends, in order
     * @param stop the task's stop signal, shared with its pipeline and error policy
     * @param gracefulTimeout {@code task.shutdown.graceful.timeout.ms}
     * @param redactor masks secrets in the failure
     * @param listener told of state changes
     */
    public TaskRunner(
            Owner owner,
            PluginInvoker invoker,
            TaskPipeline pipeline,
            List<AutoCloseable> clients,
            StopSignal stop,
            Duration gracefulTimeout,
            Redactor redactor,
            Listener listener) {
        this.owner = owner;
        this.invoker = invoker;
        this.pipeline = pipeline;
        this.metrics = pipeline.metrics();
        this.clients = List.copyOf(clients);
        this.stop = stop;
        this.gracefulTimeout = gracefulTimeout;
        this.redactor = redactor;
        this.listener = listener == null ? Listener.NONE : listener;
    }

    /**
     * The task thread's name, as RUNTIME.md §2 fixes it.
     *
     * @param owner the task
     * @return {@code kanal-task-<connector>-<id>}
     */
    public static String threadName(Owner owner) {
        return "kanal-task-" + owner.connector() + "-" + owner.task();
    }

    @Override
    protected void doStart() {
        state = State.STARTING;
        thread = new Thread(this::run, threadName(owner));
        thread.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        stop.stop();
        if (thread == null || finished.await(gracefulTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        LOG.warn("[{}] did not stop within {} ms: cancelling its plugin calls", owner, gracefulTimeout.toMillis());
        CancelResult result;
        try {
            result = invoker.cancel(owner, gracefulTimeout)
                    .get(gracefulTimeout.toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            result = CancelResult.ABANDONED;
        }
        if (result != CancelResult.ABANDONED && finished.await(gracefulTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        // Written off: close the clients under it so that it cannot write any more. Where its thread is stuck goes to
        // the log: in plugin code (the cancel abandoned a call) or in the runtime's own (no plugin call was running).
        state = State.ABANDONED;
        LOG.error(
                "[{}] abandoned: its thread did not end after its plugin calls were cancelled ({}); closing its"
                        + " clients; the thread is at:{}",
                owner,
                result,
                whereStuck(thread));
        closeClients();
        listener.stopped(owner, true);
    }

    /** The top of a stuck thread's stack, one frame per line (frames name code, never config values). */
    private static String whereStuck(Thread stuck) {
        StringBuilder at = new StringBuilder();
        StackTraceElement[] frames = stuck.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 25); i++) {
            at.append(System.lineSeparator()).append("\tat ").append(frames[i]);
        }
        return at.toString();
    }

    private void run() {
        boolean started = false;
        try {
            pipeline.startTask();
            started = true;
            state = State.RUNNING;
            listener.running(owner);
            while (!stop.isStopped()) {
                metrics.refreshPlugin(); // plugin code, so on this thread; at most every few seconds
                if (paused) {
                    pipeline.runPaused();
                } else {
                    pipeline.runOnce();
                }
            }
            pipeline.stopping();
        } catch (TaskFailedException e) {
            fail(e.error(), e);
            if (started) {
                commitWhatWasDone();
            }
        } catch (CancellationException e) {
            LOG.debug("[{}] stopped while in plugin code: {}", owner, e.getMessage());
        } catch (RuntimeException | Error e) {
            // A bug of ours or a client failure that no stage classified: still a structured failure.
            Stage stage = !started
                    ? Stage.START
                    : pipeline instanceof SinkPipeline ? Stage.KAFKA_CONSUME : Stage.KAFKA_PRODUCE;
            fail(StageError.of(stage, e, redactor), e);
            if (e instanceof VirtualMachineError vme) {
                throw vme;
            }
        } finally {
            // Also after a failed or cancelled initialize/start, as Connect's worker does: the task was asked to start,
            // and its stop() must release what start() opened before failing. Not when starting failed before the
            // task's initialize (fencing, offset catch-up): stop() on a task never initialised breaks plugins.
            if (state != State.ABANDONED && pipeline.initializeCalled()) {
                pipeline.stopTask();
            }
            pipeline.close();
            if (state != State.ABANDONED) {
                closeClients();
            }
            invoker.retire(owner);
            if (state != State.FAILED && state != State.ABANDONED) {
                state = State.STOPPED;
                listener.stopped(owner, false);
            }
            // Told only now, after the task was stopped and its clients closed: a restart must not overlap it.
            if (state == State.FAILED) {
                listener.failed(owner, failure);
            }
            finished.countDown();
        }
    }

    /**
     * After a failure, commit the offsets of what was already written (as Connect does): they only cover records
     * that reached their destination or were settled, so this is safe and saves duplicates after a restart.
     */
    private void commitWhatWasDone() {
        try {
            pipeline.stopping();
        } catch (RuntimeException e) {
            LOG.debug("[{}] committing after the failure failed too: {}", owner, e.toString());
        }
    }

    private void fail(StageError error, Throwable cause) {
        failure = error;
        state = State.FAILED;
        // The plugin's throwable may carry a secret: the log gets its redacted trace, never the throwable itself.
        LOG.error("[{}] task failed: {}\n{}", owner, error.summary(), cause == null ? "" : redactor.stackTrace(cause));
    }

    private void closeClients() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("[{}] closing a client failed", owner, e);
            }
        }
    }

    /**
     * Releases a runner that is never to be started (it was stopped while being built): closes its pipeline's
     * plugins and its clients and retires its owner's invoker records. Call it instead of {@link #start()}.
     */
    public void discard() {
        try {
            pipeline.close();
        } finally {
            closeClients();
            invoker.retire(owner);
        }
    }

    /**
     * Pauses or resumes the task: while paused the pipeline neither polls nor puts, but commits and keeps its group
     * membership. Safe from any thread; takes effect at the next iteration.
     *
     * @param pause whether to pause
     */
    public void pause(boolean pause) {
        paused = pause;
        metrics.paused(pause);
    }

    /**
     * The task's counters. Any thread.
     *
     * @return the counters its pipeline keeps
     */
    public TaskMetrics metrics() {
        return metrics;
    }

    /**
     * Whether the task is a sink task.
     *
     * @return {@code true} for a sink, {@code false} for a source
     */
    public boolean sink() {
        return pipeline instanceof SinkPipeline;
    }

    /**
     * The task's error-handling counters. Any thread.
     *
     * @return the counters
     */
    public ErrorPolicy.Stats errorStats() {
        return pipeline.errorStats();
    }

    /**
     * Whether the task is paused.
     *
     * @return whether {@link #pause(boolean)} last paused it
     */
    public boolean paused() {
        return paused;
    }

    /**
     * Waits for the task thread to end (after a failure or a stop).
     *
     * @param timeout the longest wait
     * @return whether it ended
     * @throws InterruptedException when interrupted
     */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The task's state.
     *
     * @return the state
     */
    public State taskState() {
        return state;
    }

    /**
     * Why the task failed.
     *
     * @return the error, or {@code null}
     */
    public StageError failure() {
        return failure;
    }

    /**
     * The task.
     *
     * @return its owner id
     */
    public Owner owner() {
        return owner;
    }
}
