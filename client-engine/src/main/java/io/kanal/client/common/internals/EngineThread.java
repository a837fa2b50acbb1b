package io.kanal.client.common.internals;

/**
 * A thread of the engine's own (an I/O loop, a loop-pool or callback-pool thread of the client resources). Code that
 * would otherwise wait for room or for an answer asks {@link #current()} first: a shared engine thread must never
 * block, because hundreds of clients depend on it.
 *
 * <p>Immutable apart from {@link Thread}'s own state.
 */
public final class EngineThread extends Thread {
    /**
     * Creates a daemon engine thread.
     *
     * @param task what it runs
     * @param name its name
     */
    public EngineThread(Runnable task, String name) {
        super(task, name);
        setDaemon(true);
    }

    /**
     * Whether the calling thread is an engine thread.
     *
     * @return true on an I/O, loop or callback thread of the engine
     */
    public static boolean current() {
        return Thread.currentThread() instanceof EngineThread;
    }
}
