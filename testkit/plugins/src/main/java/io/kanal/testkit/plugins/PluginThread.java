package io.kanal.testkit.plugins;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The thread a connector or task runs on in a conformance test, as {@code kanal-task-<name>-<id>} does in the
 * runtime: every call into the plugin runs here, one at a time, and waits at most a bound, so that a plugin that
 * hangs fails its test (with the stuck thread's stack) instead of hanging the build.
 *
 * <p>The thread is started when this object is created, so that a snapshot of live threads taken afterwards already
 * contains it (see {@link ThreadLeaks}).
 *
 * <p>Threading: {@link #call}, {@link #start} and {@link #close} are for the test's thread; the plugin code runs on
 * this object's own thread.
 */
public final class PluginThread implements AutoCloseable {

    private final String name;
    private final ThreadPoolExecutor executor;
    private volatile Thread thread;

    /**
     * Starts the thread.
     *
     * @param name the thread's name
     */
    public PluginThread(String name) {
        this.name = name;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true); // a plugin stuck past its test's failure must not keep the JVM alive
            thread = t;
            return t;
        });
        executor.prestartAllCoreThreads();
    }

    /**
     * The thread plugin code runs on.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    /**
     * Runs a call into the plugin and waits for it.
     *
     * @param what the call, for the failure message, for example {@code poll()}
     * @param bound how long the call may take
     * @param body the call
     * @param <T> its result type
     * @return its result
     * @throws AssertionError when the call does not return within the bound, or throws
     */
    public <T> T call(String what, Duration bound, Callable<T> body) {
        return await(what, bound, start(body));
    }

    /**
     * Runs a call that returns nothing and waits for it.
     *
     * @param what the call, for the failure message
     * @param bound how long the call may take
     * @param body the call
     * @throws AssertionError when the call does not return within the bound, or throws
     */
    public void run(String what, Duration bound, ThrowingRunnable body) {
        call(what, bound, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Starts a call and returns once it runs on the plugin thread (not when it ends).
     *
     * @param body the call
     * @param <T> its result type
     * @return the call's future
     */
    public <T> Future<T> start(Callable<T> body) {
        CountDownLatch running = new CountDownLatch(1);
        Future<T> future = executor.submit(() -> {
            // A test may have interrupted an earlier call: each call starts as the runtime's would, uninterrupted.
            Thread.interrupted();
            running.countDown();
            return body.call();
        });
        try {
            if (!running.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the plugin thread " + name + " is still busy with an earlier call");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting a call", e);
        }
        return future;
    }

    /**
     * Waits for a started call.
     *
     * @param what the call, for the failure message
     * @param bound how long to wait
     * @param future the call's future
     * @param <T> its result type
     * @return its result
     * @throws AssertionError when the call does not end within the bound, or throws
     */
    public <T> T await(String what, Duration bound, Future<T> future) {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    what + " did not return within " + bound + "; the plugin thread is at:\n" + stack(thread));
        } catch (ExecutionException e) {
            throw new AssertionError(what + " threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Interrupts the plugin thread, as the runtime does to a task that does not stop within its graceful timeout. */
    public void interrupt() {
        thread.interrupt();
    }

    /** Stops the thread, interrupting a call still running. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String stack(Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .limit(25)
                .map(frame -> "    at " + frame)
                .collect(Collectors.joining("\n"));
    }

    /** A call into the plugin that returns nothing. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        /**
         * Runs the call.
         *
         * @throws Exception whatever the plugin throws
         */
        void run() throws Exception;
    }
}
