package io.kanal.runtime.lifecycle;

/**
 * A component that is started and stopped: the worker, the herder, the REST server, a connector, a task.
 *
 * <p>States move {@code STOPPED → STARTING → STARTED → STOPPING → STOPPED}; a {@code doStart} or {@code doStop}
 * that throws leaves the component {@link State#FAILED}. {@link #start()} and {@link #stop()} are safe to call
 * from any thread; implementations serialise them (see {@link AbstractLifecycle}).
 */
public interface Lifecycle {

    /** Where a component is in its life. */
    enum State {
        /** Not running: new, or stopped. {@link #start()} may be called. */
        STOPPED,
        /** {@link #start()} is running. */
        STARTING,
        /** Running. */
        STARTED,
        /** {@link #stop()} is running. */
        STOPPING,
        /** A start or stop threw; {@link #stop()} releases what is left, {@link #start()} tries again. */
        FAILED
    }

    /**
     * Starts the component. Does nothing when it is already {@link State#STARTED} or {@link State#STARTING}.
     *
     * @throws LifecycleException when starting failed with a checked exception; unchecked exceptions and errors are
     *     rethrown as they are. Either way the component is then {@link State#FAILED}.
     */
    void start();

    /**
     * Stops the component. Idempotent: does nothing when it is {@link State#STOPPED} or already {@link
     * State#STOPPING}. A {@link State#FAILED} component is stopped too, so that what a half-done start acquired is
     * released.
     *
     * @throws LifecycleException when stopping failed with a checked exception; unchecked exceptions and errors are
     *     rethrown as they are. Either way the component is then {@link State#FAILED}.
     */
    void stop();

    /**
     * The current state: a volatile read, never blocks.
     *
     * @return the state
     */
    State state();

    /**
     * Whether the component is {@link State#STARTED}.
     *
     * @return {@code true} when started
     */
    default boolean isStarted() {
        return state() == State.STARTED;
    }

    /**
     * Whether the component is {@link State#STOPPED}.
     *
     * @return {@code true} when stopped
     */
    default boolean isStopped() {
        return state() == State.STOPPED;
    }

    /**
     * Whether the last start or stop failed.
     *
     * @return {@code true} when {@link State#FAILED}
     */
    default boolean isFailed() {
        return state() == State.FAILED;
    }

    /**
     * Adds a listener told of every state change from now on.
     *
     * @param listener the listener
     */
    void addListener(Listener listener);

    /**
     * Removes a listener.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    boolean removeListener(Listener listener);

    /**
     * Told of a component's state changes, on the thread that calls {@code start()} or {@code stop()}, right after the
     * state changed. Listeners must be quick; an exception from one is logged and does not stop the others or the
     * change. Every method does nothing by default.
     */
    interface Listener {

        /**
         * The component is starting.
         *
         * @param component the component
         */
        default void starting(Lifecycle component) {}

        /**
         * The component started.
         *
         * @param component the component
         */
        default void started(Lifecycle component) {}

        /**
         * The component is stopping.
         *
         * @param component the component
         */
        default void stopping(Lifecycle component) {}

        /**
         * The component stopped.
         *
         * @param component the component
         */
        default void stopped(Lifecycle component) {}

        /**
         * A start or stop of the component threw.
         *
         * @param component the component
         * @param cause what was thrown
         */
        default void failed(Lifecycle component, Throwable cause) {}
    }
}
