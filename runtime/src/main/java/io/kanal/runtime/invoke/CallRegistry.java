package io.kanal.runtime.invoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running plugin calls of one {@link PluginInvoker}, and what happens to them while they run: the watchdog's
 * scan (stuck and abandoned calls), cancellation, and the end of each call.
 *
 * <p>Threading: the map is concurrent and keyed by thread; only a thread itself adds or ends its calls. Each call's
 * mutable state is guarded by the call's own monitor, held briefly, never while waiting and never two at a time.
 * Listener methods about a call ({@code stuck}, {@code abandoned}, {@code unstuck}) run under that monitor so that
 * they arrive in order.
 */
final class CallRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PluginInvoker.class);

    /** How a call's bookkeeping ended. */
    record Ending(boolean cancelRequested, boolean abandoned) {}

    private final InvokerListener listener;
    /** The innermost running call of each thread; outer calls hang off {@link ActiveCall#parent}. */
    private final Map<Thread, ActiveCall> active = new ConcurrentHashMap<>();

    private final LongAdder abandoned = new LongAdder();
    private final AtomicLong abandonedRunning = new AtomicLong();

    CallRegistry(InvokerListener listener) {
        this.listener = listener;
    }

    /** The innermost running call of {@code thread}, or null. */
    ActiveCall current(Thread thread) {
        return active.get(thread);
    }

    boolean isRunningCall(Thread thread) {
        return active.containsKey(thread);
    }

    /** Called by the call's own thread, as the call begins. */
    void begin(ActiveCall call) {
        active.put(call.thread, call);
    }

    /** Called by the call's own thread once the plugin code returned or threw. */
    Ending end(ActiveCall call, Duration elapsed) {
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
            if (call.parent == null) {
                active.remove(call.thread, call);
            } else {
                active.put(call.thread, call.parent);
            }
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
        for (ActiveCall innermost : active.values()) {
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
        for (ActiveCall innermost : active.values()) {
            for (ActiveCall c = innermost; c != null; c = c.parent) {
                inspect(c, nowNanos);
            }
        }
    }

    /** The stuck calls, oldest first. */
    List<StuckCall> stuckCalls() {
        List<StuckCall> stuck = new ArrayList<>();
        for (ActiveCall innermost : active.values()) {
            for (ActiveCall c = innermost; c != null; c = c.parent) {
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

    private void inspect(ActiveCall call, long now) {
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
                StuckCall fresh = call.snapshot(now, stack);
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
