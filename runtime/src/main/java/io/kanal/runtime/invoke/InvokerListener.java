package io.kanal.runtime.invoke;

import java.time.Duration;

/**
 * Told what the invoker notices, for status reporting, metrics and logs. Every method does nothing by default.
 *
 * <p>Threading: methods run on the watchdog thread ({@link #stuck}, {@link #abandoned}) or on the owner's thread
 * ({@link #unstuck}, {@link #contextLoaderLeaked}, {@link #pluginThreadStarted}, {@link #fatalError}), or on the
 * thread that calls {@link PluginInvoker#retire} ({@link #threadLeaked}). {@code stuck}, {@code abandoned} and
 * {@code unstuck} run while the invoker holds the call's lock, so that they arrive in order: they must be quick,
 * must not block and must not call {@link PluginInvoker#cancel}. An exception from a listener is logged and
 * ignored.
 */
public interface InvokerListener {

    /** A listener that ignores everything. */
    InvokerListener NONE = new InvokerListener() {};

    /**
     * A call ran past its budget (told once per call; {@link PluginInvoker#stuckCalls()} has the latest view).
     *
     * @param call the stuck call
     */
    default void stuck(StuckCall call) {}

    /**
     * A stuck call returned.
     *
     * @param lastSeen the watchdog's last view of it
     * @param total how long it took in all
     */
    default void unstuck(StuckCall lastSeen, Duration total) {}

    /**
     * A cancelled call ignored its interrupt past the grace period and was abandoned.
     *
     * @param call the abandoned call
     */
    default void abandoned(StuckCall call) {}

    /**
     * A call left its thread with another context loader; the invoker restored the caller's.
     *
     * @param leak what was left
     */
    default void contextLoaderLeaked(ContextLoaderLeak leak) {}

    /**
     * A plugin started a thread during a call.
     *
     * @param thread the thread
     */
    default void pluginThreadStarted(PluginThread thread) {}

    /**
     * A thread a plugin started was still alive when its owner was retired.
     *
     * @param thread the leaked thread, with its stack
     */
    default void threadLeaked(PluginThread thread) {}

    /**
     * A call threw a fatal {@link VirtualMachineError} (not a {@link StackOverflowError}), which the invoker is about
     * to rethrow on the owner's thread.
     *
     * @param call the call
     * @param error the error
     */
    default void fatalError(CallInfo call, VirtualMachineError error) {}
}
