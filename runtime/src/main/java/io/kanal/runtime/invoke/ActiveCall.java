package io.kanal.runtime.invoke;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One plugin call while it runs: created and ended by the owner's thread, read by the watchdog and by {@link
 * PluginInvoker#cancel}. The immutable facts are final fields; the rest is guarded by this object's monitor (held
 * only briefly, never while waiting, one call's monitor at a time). {@link #stuck} is also volatile so that {@link
 * PluginInvoker#stuckCalls()} can read it without the lock.
 */
final class ActiveCall {

    final long id;
    final Owner owner;
    final Stage stage;
    final Duration budget;
    final ClassLoader loader;
    final long startNanos;
    final Thread thread;
    /** The call this one is nested in on the same thread (a plugin calling back into the runtime), or null. */
    final ActiveCall parent;

    // Guarded by this.
    boolean ended;
    boolean cancelRequested;
    long cancelAtNanos;
    long graceNanos;
    boolean abandoned;
    CompletableFuture<CancelResult> cancellation;
    volatile StuckCall stuck;

    ActiveCall(
            long id,
            Owner owner,
            Stage stage,
            Duration budget,
            ClassLoader loader,
            long startNanos,
            Thread thread,
            ActiveCall parent) {
        this.id = id;
        this.owner = owner;
        this.stage = stage;
        this.budget = budget;
        this.loader = loader;
        this.startNanos = startNanos;
        this.thread = thread;
        this.parent = parent;
    }

    /** Guarded by this: whether the call is past its budget or given up on at {@code nowNanos}. */
    boolean isStuckAt(long nowNanos) {
        return abandoned || nowNanos - startNanos > budget.toNanos();
    }

    /** Guarded by this: a fresh view of the stuck call; {@code wallNow} dates its start. */
    StuckCall snapshot(long nowNanos, Instant wallNow, StackTraceElement[] stack) {
        return new StuckCall(
                id,
                owner,
                stage,
                thread.getName(),
                wallNow.minusNanos(nowNanos - startNanos),
                Duration.ofNanos(nowNanos - startNanos),
                budget,
                cancelRequested,
                abandoned,
                List.of(stack));
    }
}
