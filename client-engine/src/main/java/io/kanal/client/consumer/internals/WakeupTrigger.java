package io.kanal.client.consumer.internals;

import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.errors.WakeupException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets {@code wakeup()}, called from any thread, interrupt the application thread's blocking calls: a pending flag
 * checked at the start of each call, and the completion of whatever future the application thread is waiting on.
 * Thread-safe.
 */
final class WakeupTrigger {
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<Void>> waiting = new AtomicReference<>();
    private final Runnable onWakeup;

    /**
     * Creates the trigger.
     *
     * @param onWakeup also run by {@link #wakeup()}, to unpark a waiting poll
     */
    WakeupTrigger(Runnable onWakeup) {
        this.onWakeup = onWakeup;
    }

    void wakeup() {
        pending.set(true);
        CompletableFuture<Void> w = waiting.get();
        if (w != null) {
            w.complete(null);
        }
        onWakeup.run();
    }

    void throwIfPending() {
        if (pending.getAndSet(false)) {
            throw new WakeupException();
        }
    }

    /**
     * Waits for a future, unless woken up.
     *
     * @param future what to wait for
     * @param timeoutMs the longest wait
     * @param what the operation, for the timeout message
     * @param <T> the result type
     * @return the result
     * @throws WakeupException if woken up
     * @throws TimeoutException if the wait ran out
     * @throws KafkaException the future's failure
     */
    <T> T await(CompletableFuture<T> future, long timeoutMs, String what) {
        throwIfPending();
        CompletableFuture<Void> w = new CompletableFuture<>();
        waiting.set(w);
        try {
            if (pending.get()) {
                throwIfPending();
            }
            CompletableFuture.anyOf(future, w).get(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
            if (!future.isDone()) {
                throwIfPending();
            }
            return future.get();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException(what + " did not finish within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KafkaException k) {
                throw k;
            }
            throw new KafkaException(what + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted during " + what, e);
        } finally {
            waiting.set(null);
        }
    }
}
