package io.kanal.runtime.task;

/**
 * The data path of one task, driven by its {@link TaskRunner}: {@link #runOnce()} in a loop until the task is
 * stopped, then {@link #stopping()} (final flush and commit), then {@link #close()}.
 *
 * <p>Threading: every method is called on the task thread.
 */
public interface TaskPipeline extends AutoCloseable {

    /**
     * Initialises and starts the task through the invoker ({@code initialize(context)}, {@code start(config)}).
     *
     * @throws TaskFailedException when either call fails
     * @throws java.util.concurrent.CancellationException when the task is stopped meanwhile
     */
    void startTask();

    /**
     * Whether {@link #startTask()} got as far as calling the task's {@code initialize} (whatever that call did). A
     * task that never saw {@code initialize} (a failed fencing or offset catch-up before it) must not be stopped.
     *
     * @return whether {@code initialize} was called
     */
    boolean initializeCalled();

    /** Calls the task's {@code stop()} through the invoker; a failure is logged, never thrown. */
    void stopTask();

    /**
     * One iteration: poll or fetch, process, hand on, commit when due. Returns promptly when there is nothing to do.
     *
     * @throws TaskFailedException when a failure is not tolerated
     * @throws java.util.concurrent.CancellationException when a plugin call was cancelled because the task is stopping
     */
    void runOnce();

    /**
     * One iteration while the worker has the task paused (its connector's target state is {@code PAUSED}): no poll
     * and no put, but commits stay on time and a sink keeps its group membership. Waits briefly when there is nothing
     * to do, returning at once when the task is stopped.
     *
     * @throws TaskFailedException when a failure that happened meanwhile is not tolerated
     */
    void runPaused();

    /**
     * The task is stopping cleanly: flush what was handed on and commit its offsets.
     *
     * @throws TaskFailedException when a failure that happened meanwhile is not tolerated
     */
    void stopping();

    /**
     * The task's counters, for the worker's metrics. The same instance on every call, for the pipeline's life: the
     * worker registers the task's clients on it after building the pipeline, and the runner reports it. (No default:
     * a fresh instance per call silently dropped those registrations.)
     *
     * @return the counters
     */
    TaskMetrics metrics();

    /**
     * The error policy's counters, for the worker's metrics. Any thread.
     *
     * @return the counters; zero for pipelines without an error policy
     */
    default ErrorPolicy.Stats errorStats() {
        return new ErrorPolicy.Stats(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Releases the pipeline's plugins (converters, transforms); the task itself is stopped by the runner. */
    @Override
    void close();
}
