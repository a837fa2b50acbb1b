package io.kanal.runtime.isolation;

/**
 * Sets the current thread's context class loader for the length of a try-with-resources block and puts the previous
 * one back on close, also when the block throws and also when plugin code changed the context loader meanwhile:
 *
 * <pre>{@code
 * try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
 *     connector.start(config);
 * }
 * }</pre>
 *
 * <p>javac's {@code -Xlint:try} warns that the resource is not referenced in the block; a method that swaps says
 * {@code @SuppressWarnings("try")}, since the swap is used for its effect on the thread alone.
 *
 * <p>Confined to the thread that created it: closing it on another thread throws {@link IllegalStateException}, since
 * the context loader is a per-thread setting and restoring it elsewhere would corrupt that other thread.
 */
public final class LoaderSwap implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    private LoaderSwap(Thread thread, ClassLoader previous) {
        this.thread = thread;
        this.previous = previous;
    }

    /**
     * Makes {@code loader} the current thread's context class loader.
     *
     * @param loader the loader to install; null is allowed and means the system default lookup
     * @return the swap to close to restore the previous loader
     */
    public static LoaderSwap to(ClassLoader loader) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        return new LoaderSwap(current, previous);
    }

    /**
     * @return the context loader that {@link #close()} restores
     */
    public ClassLoader previous() {
        return previous;
    }

    /** Restores the context loader that was current when this swap was made. Idempotent. */
    @Override
    public void close() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a LoaderSwap made on " + thread.getName() + " closed on "
                    + Thread.currentThread().getName());
        }
        thread.setContextClassLoader(previous);
    }
}
