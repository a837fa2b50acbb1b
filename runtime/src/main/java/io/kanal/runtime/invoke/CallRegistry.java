package io.kanal.runtime.invoke;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running plugin calls of one {@link PluginInvoker}, and what happens to them while they run: the watchdog's
 * scan (stuck and abandoned calls), cancellation, and the end of each call.
 *
 * <p>Threading: each thread that makes calls has one {@link CallStack}, registered in a concurrent map on its first
 * call and found through a thread-local afterwards, so that a call costs two volatile writes here, not two map
 * updates; the watchdog drops the stacks of dead threads. Only a thread itself begins or ends its calls. Each call's
 * mutable state is guarded by the call's own monitor, held briefly, never while waiting and never two at a time.
 * Listener methods about a call ({@code stuck}, {@code abandoned}, {@code unstuck}) run under that monitor so that
 * they arrive in order.
 */
final class CallRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PluginInvoker.class);

    /** How a call's bookkeeping ended. */
    record Ending(boolean cancelRequested, boolean abandoned) {}

    /** The calls of one thread. */
    static final class CallStack {
        final Thread thread;
        /** The innermost running call, or null; outer calls hang off {@link ActiveCall#parent}. Written by its thread. */
        volatile ActiveCall innermost;
        /** The JVM's started-threads count when this thread last looked; read and written by its thread only. */
        long threadsStartedSeen;

        CallStack(Thread thread, long threadsStartedSeen) {
            this.thread = thread;
            this.threadsStartedSeen = threadsStartedSeen;
        }
    }

    private final InvokerListener listener;
    private final Clock wallClock;
    private final Map<Thread, CallStack> stacks = new ConcurrentHashMap<>();
    private final ThreadLocal<CallStack> mine;

    private final LongAdder abandoned = new LongAdder();
    private final AtomicLong abandonedRunning = new AtomicLong();

    CallRegistry(InvokerListener listener, Clock wallClock, LongSupplier threadsStarted) {
        this.listener = listener;
        this.wallClock = wallClock;
        this.mine = ThreadLocal.withInitial(() -> {
            CallStack stack = new CallStack(Thread.currentThread(), threadsStarted.getAsLong());
            stacks.put(stack.thread, stack);
            return stack;
        });
    }

    /**
     * The calling thread's stack, registered on first use. The watchdog drops only the stacks of dead threads, so a
     * registered stack stays registered for as long as its thread can call.
     */
    CallStack stackOfCurrentThread() {
        return mine.get();
    }

    boolean isRunningCall(Thread thread) {
        CallStack stack = stacks.get(thread);
        return stack != null && stack.innermost != null;
    }

    /** Called by the call's own thread, as the call begins. */
    static void begin(CallStack stack, ActiveCall call) {
        stack.innermost = call;
    }

    /** Called by the call's own thread once the plugin code returned or threw. */
    Ending end(CallStack stack, ActiveCall call, Duration elapsed) {
        boolean cancelRequested;
        boolean wasAbandoned;
        CompletableFuture<CancelResult> cancellation;
        StuckCall lastSeen;
        try {
            synchronized (call) {
                call.ended = true;
                cancelRequested = call.cancelRequested;
                wasAbandoned = call.abandoned;
                cancellation = call.cancellation;
                lastSeen = call.stuck;
                if (lastSeen != null) {
                    tell("unstuck", l -> l.unstuck(lastSeen, elapsed));
                }
            }
        } finally {
            stack.innermost = call.parent;
        }
        if (lastSeen != null) {
            LOG.info(
                    "[{}] {} returned after {}{}",
                    call.owner,
                    call.stage.label(),
                    StuckCall.humanDuration(elapsed),
                    wasAbandoned ? ", after it was abandoned" : "");
        }
        if (wasAbandoned) {
            abandonedRunning.decrementAndGet();
        }
        if (cancelRequested) {
            // The interrupt was ours and the outcome reports it: clear it, unless an enclosing call is being
            // cancelled too and must still see it.
            Thread.interrupted();
            if (call.parent != null && isCancelRequested(call.parent)) {
                call.thread.interrupt();
            }
            if (!wasAbandoned) {
                cancellation.complete(CancelResult.CANCELLED);
            }
        }
        return new Ending(cancelRequested, wasAbandoned);
    }

    /** See {@link PluginInvoker#cancel}. */
    CompletableFuture<CancelResult> cancel(Owner owner, long graceNanos, long nowNanos) {
        List<CompletableFuture<CancelResult>> pending = new ArrayList<>();
        for (CallStack stack : stacks.values()) {
            ActiveCall innermost = stack.innermost;
            if (innermost == null) {
                continue;
            }
            ActiveCall target = null;
            for (ActiveCall c = innermost; c != null; c = c.parent) {
                if (c.owner.equals(owner)) {
                    target = c; // ends as the outermost call of the owner on this thread
                }
            }
            if (target == null) {
                continue;
            }
            // Every call from the innermost out to the target is cancelled: the one interrupt reaches them all.
            for (ActiveCall c = innermost; ; c = c.parent) {
                synchronized (c) {
                    if (!c.ended && !c.cancelRequested) {
                        c.cancelRequested = true;
                        c.cancelAtNanos = nowNanos;
                        c.graceNanos = graceNanos;
                        c.cancellation = new CompletableFuture<>();
                    }
                    if (c == target && !c.ended) {
                        // Under the target's lock: the interrupt lands while the call runs, never after it ended.
                        c.thread.interrupt();
                        pending.add(c.cancellation);
                    }
                }
                if (c == target) {
                    break;
                }
            }
        }
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(CancelResult.IDLE);
        }
        LOG.info("[{}] cancelling {} running call(s), grace {}", owner, pending.size(), Duration.ofNanos(graceNanos));
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> pending.stream().anyMatch(f -> f.join() == CancelResult.ABANDONED)
                        ? CancelResult.ABANDONED
                        : CancelResult.CANCELLED);
    }

    /** One watchdog pass over every running call. */
    void scan(long nowNanos) {
        Instant wallNow = wallClock.instant();
        for (CallStack stack : stacks.values()) {
            for (ActiveCall c = stack.innermost; c != null; c = c.parent) {
                inspect(c, nowNanos, wallNow);
            }
        }
        stacks.values().removeIf(stack -> !stack.thread.isAlive());
    }

    /** The stuck calls, oldest first. */
    List<StuckCall> stuckCalls() {
        List<StuckCall> stuck = new ArrayList<>();
        for (CallStack stack : stacks.values()) {
            for (ActiveCall c = stack.innermost; c != null; c = c.parent) {
                StuckCall view = c.stuck;
                if (view != null) {
                    stuck.add(view);
                }
            }
        }
        stuck.sort(Comparator.comparingLong(StuckCall::callId));
        return List.copyOf(stuck);
    }

    long abandonedTotal() {
        return abandoned.sum();
    }

    long abandonedRunning() {
        return abandonedRunning.get();
    }

    private void inspect(ActiveCall call, long now, Instant wallNow) {
        boolean abandonNow = false;
        CompletableFuture<CancelResult> cancellation;
        synchronized (call) {
            if (call.ended || (!call.isStuckAt(now) && !call.cancelRequested)) {
                return;
            }
            if (call.cancelRequested && !call.abandoned && now - call.cancelAtNanos >= call.graceNanos) {
                call.abandoned = true;
                abandonNow = true;
                abandoned.increment();
                abandonedRunning.incrementAndGet();
            }
            if (!call.isStuckAt(now)) {
                return;
            }
            cancellation = call.cancellation;
        }
        // Outside the lock: reading a stack pauses the target thread briefly and must not hold up end().
        StackTraceElement[] stack = call.thread.getStackTrace();
        StuckCall view = null;
        boolean first = false;
        synchronized (call) {
            if (!call.ended) {
                StuckCall fresh = call.snapshot(now, wallNow, stack);
                view = fresh;
                first = call.stuck == null;
                call.stuck = fresh;
                if (first) {
                    tell("stuck", l -> l.stuck(fresh));
                }
                if (abandonNow) {
                    tell("abandoned", l -> l.abandoned(fresh));
                }
            }
        }
        if (abandonNow) {
            cancellation.complete(CancelResult.ABANDONED);
        }
        if (view != null && first) {
            LOG.warn(
                    "[{}] {} (budget {}) on thread '{}'",
                    call.owner,
                    view.describe(),
                    StuckCall.humanDuration(call.budget),
                    view.thread());
            if (LOG.isDebugEnabled()) {
                LOG.debug("[{}] {}", call.owner, view.stackTrace());
            }
        }
        if (view != null && abandonNow) {
            LOG.warn(
                    "[{}] {} ignored its interrupt for {}: abandoned; thread '{}' is lost until it returns",
                    call.owner,
                    call.stage.label(),
                    StuckCall.humanDuration(Duration.ofNanos(call.graceNanos)),
                    view.thread());
        }
    }

    private static boolean isCancelRequested(ActiveCall call) {
        synchronized (call) {
            return call.cancelRequested;
        }
    }

    private void tell(String event, Consumer<InvokerListener> notification) {
        try {
            notification.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("plugin invoker listener threw on {}", event, e);
        }
    }
}
