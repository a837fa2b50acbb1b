package io.kanal.runtime.invoke;

/**
 * How a plugin call ended. The invoker never throws what a plugin throws (but see {@link PluginInvoker} on fatal
 * errors); the caller decides with a pattern match:
 *
 * <pre>{@code
 * CallOutcome<List<SourceRecord>> outcome = invoker.call(owner, loader, Stage.POLL, budget, task::poll);
 * if (outcome instanceof CallOutcome.Completed<List<SourceRecord>> done) { ... done.value() ... }
 * else if (outcome instanceof CallOutcome.Failed<?> failed) { fail the task with failed.error() }
 * else { the task is being stopped: Interrupted, Cancelled or Abandoned }
 * }</pre>
 *
 * <p>There is no "timed out" outcome: a call runs on its owner's thread, so it ends only when the plugin returns.
 * While it runs past its budget it is visible as a {@link StuckCall}; when it ends, {@link CallInfo#overBudget()}
 * says it was late.
 *
 * @param <T> what the plugin method returns
 */
public sealed interface CallOutcome<T> {

    /**
     * The call these facts are about.
     *
     * @return the call
     */
    CallInfo call();

    /**
     * The plugin method called.
     *
     * @return the stage
     */
    default Stage stage() {
        return call().stage();
    }

    /**
     * Whether the plugin returned normally and nobody cancelled the call.
     *
     * @return {@code true} for {@link Completed}
     */
    default boolean isCompleted() {
        return this instanceof Completed<T>;
    }

    /**
     * The value of a {@link Completed} call.
     *
     * @return the value
     * @throws PluginCallException for any other outcome, with the plugin's throwable (if any) as cause
     */
    default T valueOrThrow() {
        if (this instanceof Completed<T> completed) {
            return completed.value();
        }
        throw new PluginCallException(this);
    }

    /**
     * The plugin returned normally.
     *
     * @param call the call
     * @param value what it returned
     * @param <T> its type
     */
    record Completed<T>(CallInfo call, T value) implements CallOutcome<T> {}

    /**
     * The plugin threw: an exception, an {@link Error} such as {@link StackOverflowError} or {@link
     * NoClassDefFoundError}, anything but a fatal {@link VirtualMachineError}.
     *
     * @param call the call
     * @param error what it threw
     * @param <T> the type the call would have returned
     */
    record Failed<T>(CallInfo call, Throwable error) implements CallOutcome<T> {}

    /**
     * The owner's thread was interrupted by someone other than {@link PluginInvoker#cancel}, and the plugin threw
     * {@link InterruptedException} (or threw anything while the interrupt flag was set). The flag is set again when
     * this is returned, so the owner's loop sees it.
     *
     * @param call the call
     * @param cause what the plugin threw
     * @param <T> the type the call would have returned
     */
    record Interrupted<T>(CallInfo call, Throwable cause) implements CallOutcome<T> {}

    /**
     * The call was cancelled with {@link PluginInvoker#cancel} and ended within the grace period. What it returned
     * is discarded; the invoker cleared the interrupt it delivered.
     *
     * @param call the call
     * @param cause what the plugin threw, or {@code null} when it returned normally
     * @param <T> the type the call would have returned
     */
    record Cancelled<T>(CallInfo call, Throwable cause) implements CallOutcome<T> {}

    /**
     * The call was cancelled, ignored the interrupt past the grace period and was abandoned; it has now returned,
     * too late. What it returned is discarded: the owner was written off and its resources closed.
     *
     * @param call the call
     * @param cause what the plugin threw, or {@code null} when it returned normally
     * @param <T> the type the call would have returned
     */
    record Abandoned<T>(CallInfo call, Throwable cause) implements CallOutcome<T> {}
}
