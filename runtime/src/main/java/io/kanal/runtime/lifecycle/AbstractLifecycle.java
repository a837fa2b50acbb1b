package io.kanal.runtime.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link Lifecycle}'s state machine: final {@link #start()} and {@link #stop()} run the
 * subclass's {@link #doStart()} and {@link #doStop()} hooks and move the state.
 *
 * <p>Threading: {@code start()} and {@code stop()} may be called from any thread; a private lock serialises them, so
 * a {@code stop()} issued while {@code doStart()} runs waits for it. The lock is reentrant: a hook that calls {@code
 * start()} or {@code stop()} on its own component sees {@code STARTING}/{@code STOPPING} and returns at once. {@link
 * #state()} is a volatile read and never waits. Hooks must therefore not block on other threads that might call
 * {@code start()}/{@code stop()} on this component. Plugin code is never run from a hook directly: it goes through
 * {@code io.kanal.runtime.invoke.PluginInvoker}.
 *
 * <p>Failure: a hook that throws leaves the component {@link State#FAILED} and the throwable reaches the caller
 * (checked ones wrapped in {@link LifecycleException}). {@code start()} does not call {@code doStop()} after a failed
 * {@code doStart()}: a hook that acquires several things releases them itself, or the owner calls {@code stop()},
 * which stops {@code FAILED} components too; {@code doStop()} must therefore tolerate a partial start.
 */
public abstract class AbstractLifecycle implements Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractLifecycle.class);

    private final Object lock = new Object();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.STOPPED;

    /** For subclasses. */
    protected AbstractLifecycle() {}

    /**
     * Starts what this component owns. Runs under the component's lock, on the thread that called {@link #start()}.
     *
     * @throws Exception when starting failed; the component becomes {@link State#FAILED}
     */
    protected abstract void doStart() throws Exception;

    /**
     * Stops what this component owns. Runs under the component's lock, on the thread that called {@link #stop()}.
     * Must tolerate a start that failed half-way.
     *
     * @throws Exception when stopping failed; the component becomes {@link State#FAILED}
     */
    protected abstract void doStop() throws Exception;

    @Override
    public final void start() {
        synchronized (lock) {
            if (state == State.STARTED || state == State.STARTING) {
                return;
            }
            if (state == State.STOPPING) {
                // Only reachable when doStop() calls start() on its own component.
                throw new IllegalStateException(this + " cannot start while it is stopping");
            }
            moveTo(State.STARTING, null);
            try {
                doStart();
            } catch (Throwable t) {
                moveTo(State.FAILED, t);
                throw propagate("start", t);
            }
            moveTo(State.STARTED, null);
        }
    }

    @Override
    public final void stop() {
        synchronized (lock) {
            if (state == State.STOPPED || state == State.STOPPING) {
                return;
            }
            if (state == State.STARTING) {
                // Only reachable when doStart() calls stop() on its own component: make the start fail.
                throw new IllegalStateException(this + " cannot stop while it is starting");
            }
            moveTo(State.STOPPING, null);
            try {
                doStop();
            } catch (Throwable t) {
                moveTo(State.FAILED, t);
                throw propagate("stop", t);
            }
            moveTo(State.STOPPED, null);
        }
    }

    @Override
    public final State state() {
        return state;
    }

    @Override
    public final void addListener(Listener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(listener);
    }

    @Override
    public final boolean removeListener(Listener listener) {
        return listeners.remove(listener);
    }

    /**
     * The component's name in logs and exceptions: its simple class name by default.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + state + "]";
    }

    private void moveTo(State next, Throwable cause) {
        state = next;
        for (Listener listener : listeners) {
            try {
                switch (next) {
                    case STARTING -> listener.starting(this);
                    case STARTED -> listener.started(this);
                    case STOPPING -> listener.stopping(this);
                    case STOPPED -> listener.stopped(this);
                    case FAILED -> listener.failed(this, cause);
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: lifecycle listener {} threw on {}", this, listener, next, e);
            }
        }
    }

    private RuntimeException propagate(String action, Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new LifecycleException(this + " failed to " + action + ": " + t, t);
    }
}
