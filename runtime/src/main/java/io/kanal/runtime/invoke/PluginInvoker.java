package io.kanal.runtime.invoke;

import io.kanal.runtime.lifecycle.AbstractLifecycle;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only caller of plugin code in the worker. One per worker, shared by all connectors and tasks.
 *
 * <p>{@link #call} runs a plugin method on the calling (owner's) thread, with the plugin's class loader as the
 * thread's context loader, and returns a {@link CallOutcome}: it catches every throwable the plugin throws, {@link
 * Error}s and {@link StackOverflowError} included. The one exception is a fatal {@link VirtualMachineError} ({@link
 * OutOfMemoryError}, {@link InternalError}, {@link UnknownError}): the heap and the JVM are shared by every connector
 * and may now be broken, so the invoker restores the thread's state, tells its listener and rethrows; the owner's
 * thread dies and the worker's uncaught-exception handler decides (Kanal's exits, and its supervisor restarts it).
 * The caller's context loader is restored after the call even when the plugin changed it, and such a change is
 * reported ({@link ContextLoaderLeak}). Threads the plugin starts during a call are noticed ({@link PluginThread}) and,
 * if still alive when their owner is {@link #retire retired}, reported as leaks.
 *
 * <p>A watchdog, one daemon thread per invoker that runs while the invoker is started, scans the running calls every
 * {@code scanInterval}: a call past its budget becomes a {@link StuckCall} (stage, since, the thread's stack) in
 * {@link #stuckCalls()} and is told to the listener; its record goes away when the call returns. The watchdog never
 * blocks an owner and never runs plugin code; it reads stacks, which only briefly pauses the stuck thread.
 *
 * <p>{@link #cancel} interrupts an owner's running calls. A call that returns within the grace period ends {@link
 * CallOutcome.Cancelled}; one that ignores the interrupt is abandoned by the next scan after the grace period
 * ({@link CancelResult#ABANDONED}, counted in {@link #stats()}), stays visible as stuck, and ends {@link
 * CallOutcome.Abandoned} if it ever returns. Abandonment needs the watchdog: cancel only on a started invoker.
 *
 * <p>Time: durations are read from an injected monotonic {@code nanoTime}, the start instants of stuck calls from an
 * injected wall {@link Clock}; tests drive both. Only the watchdog's scan period is real time.
 *
 * <p>Threading: every method may be called from any thread. Calls on one thread may nest (a plugin calls back into
 * the runtime, which calls another plugin); each call's state is guarded by its own lock, held briefly and never
 * while waiting, and never two at a time, so there is no lock order to respect.
 */
public final class PluginInvoker extends AbstractLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PluginInvoker.class);

    /** The loader of the runtime itself, which built-in plugins share. */
    private static final ClassLoader RUNTIME_LOADER = PluginInvoker.class.getClassLoader();

    /** The default scan period of the watchdog. */
    public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofMillis(500);

    private final LongSupplier nanoTime;
    private final Duration scanInterval;
    private final InvokerListener listener;
    private final CallRegistry registry;

    private final ThreadCensus census = new ThreadCensus();
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder calls = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder interrupted = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder fatal = new LongAdder();
    private final LongAdder loaderLeaks = new LongAdder();
    private final LongAdder threadsStarted = new LongAdder();
    private final LongAdder threadLeaks = new LongAdder();

    /** Only touched by doStart/doStop, which the lifecycle lock serialises. */
    private ScheduledExecutorService watchdog;

    private PluginInvoker(Builder builder) {
        this.nanoTime = builder.nanoTime;
        this.scanInterval = builder.scanInterval;
        this.listener = builder.listener;
        this.registry = new CallRegistry(builder.listener, builder.wallClock, census::startedCount);
    }

    /**
     * A builder with the system clocks, {@link #DEFAULT_SCAN_INTERVAL} and no listener.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs plugin code on the calling thread, as described in the class comment.
     *
     * @param owner whom the call is for: its connector or task
     * @param loader the plugin's class loader, the thread's context loader during the call
     * @param stage the plugin method called
     * @param budget how long the call may run before it is reported as stuck; positive
     * @param body the plugin code
     * @param <T> what the plugin code returns
     * @return how the call ended
     * @throws VirtualMachineError a fatal error the plugin code threw (not {@link StackOverflowError})
     * @throws IllegalArgumentException when an argument is missing, the budget is not positive, or the stage is not
     *     plugin code
     */
    public <T> CallOutcome<T> call(Owner owner, ClassLoader loader, Stage stage, Duration budget, PluginCall<T> body) {
        if (owner == null || loader == null || stage == null || budget == null || body == null) {
            throw new IllegalArgumentException("owner, loader, stage, budget and body are required");
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be positive, got " + budget);
        }
        if (!stage.isPluginCode()) {
            throw new IllegalArgumentException(stage.name() + " is the runtime's own stage, not plugin code");
        }
        CallRegistry.CallStack stack = registry.stackOfCurrentThread();
        Thread thread = stack.thread;
        long start = nanoTime.getAsLong();
        ActiveCall call =
                new ActiveCall(ids.incrementAndGet(), owner, stage, budget, loader, start, thread, stack.innermost);
        CallRegistry.begin(stack, call);
        calls.increment();

        ClassLoader callerLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        T value = null;
        Throwable thrown = null;
        try {
            value = body.call();
        } catch (Throwable t) { // every throwable: classified below, fatal ones rethrown
            thrown = t;
        }
        ClassLoader leftBehind = thread.getContextClassLoader();
        thread.setContextClassLoader(callerLoader);

        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - start);
        CallRegistry.Ending ending = registry.end(stack, call, elapsed);
        if (leftBehind != loader) {
            reportLoaderLeak(call, leftBehind);
        }
        // One counter read per call: a thread started since this thread last looked, during this call or by the
        // plugin's own threads in between, makes the census look for threads carrying the loaders of this call and
        // of the calls it is nested in.
        long threadsStarted = census.startedCount();
        if (threadsStarted != stack.threadsStartedSeen) {
            stack.threadsStartedSeen = threadsStarted;
            for (ActiveCall c = call; c != null; c = c.parent) {
                reportNewThreads(c);
            }
        }
        return outcome(new CallInfo(call.id, owner, stage, budget, elapsed), value, thrown, ending);
    }

    /**
     * Runs a method of a {@link Plugin} on the calling thread, with the plugin's owner and loader: {@code
     * invoker.call(task, Stage.POLL, budget, SourceTask::poll)}. Otherwise as {@link #call(Owner, ClassLoader, Stage,
     * Duration, PluginCall)}.
     *
     * @param plugin the plugin
     * @param stage the plugin method called
     * @param budget how long the call may run before it is reported as stuck; positive
     * @param method the method
     * @param <P> the plugin type
     * @param <T> what the method returns
     * @return how the call ended
     */
    public <P, T> CallOutcome<T> call(
            Plugin<P> plugin, Stage stage, Duration budget, PluginFunction<? super P, ? extends T> method) {
        if (plugin == null || method == null) {
            throw new IllegalArgumentException("plugin and method are required");
        }
        P instance = plugin.instance();
        return call(plugin.owner(), plugin.loader(), stage, budget, () -> method.apply(instance));
    }

    /**
     * Creates a plugin through its public no-argument constructor, as a call of stage {@link Stage#INSTANTIATE} with
     * the plugin's loader as context loader: static initialisers and the constructor are plugin code too, and one
     * that hangs shows up as stuck like any other. What the constructor or an initialiser threw is the {@link
     * CallOutcome.Failed#error()} (not the reflection wrapper).
     *
     * @param owner whom the plugin's calls will be for
     * @param loader the plugin's class loader
     * @param type the plugin class, as the isolation layer loaded it
     * @param budget how long construction may take before it is reported as stuck
     * @param <P> the plugin type
     * @return the plugin, wrapped, or how creating it failed
     */
    public <P> CallOutcome<Plugin<P>> instantiate(Owner owner, ClassLoader loader, Class<P> type, Duration budget) {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        return call(owner, loader, Stage.INSTANTIATE, budget, () -> {
            try {
                return Plugin.of(owner, type.getConstructor().newInstance(), loader);
            } catch (InvocationTargetException e) {
                throw unwrap(e.getCause());
            }
        });
    }

    private static Exception unwrap(Throwable cause) {
        if (cause instanceof Exception e) {
            return e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause);
    }

    /**
     * Interrupts the running calls of {@code owner} (on every thread, nested ones included) so that they end; gives
     * them {@code grace} to return before they are abandoned. Calls the owner starts after this returns are not
     * affected: the caller stops issuing them first. Never blocks.
     *
     * @param owner the owner
     * @param grace how long the calls have to return once interrupted, as {@code task.shutdown.graceful.timeout.ms}
     * @return completes with {@link CancelResult#IDLE} at once when nothing ran, else with {@link
     *     CancelResult#CANCELLED} on the owner's thread when its calls returned, or with {@link
     *     CancelResult#ABANDONED} on the watchdog thread; dependent actions must be quick or async
     */
    public CompletableFuture<CancelResult> cancel(Owner owner, Duration grace) {
        if (owner == null || grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("an owner and a non-negative grace period are required");
        }
        return registry.cancel(owner, grace.toNanos(), nanoTime.getAsLong());
    }

    /**
     * The calls running past their budget, or abandoned, as the watchdog last saw them, oldest first. A call that
     * returned is not in the list. Never blocks.
     *
     * @return an immutable list
     */
    public List<StuckCall> stuckCalls() {
        return registry.stuckCalls();
    }

    /**
     * The stuck calls of one owner, oldest first.
     *
     * @param owner the owner
     * @return an immutable list
     */
    public List<StuckCall> stuckCalls(Owner owner) {
        return stuckCalls().stream().filter(s -> s.owner().equals(owner)).toList();
    }

    /**
     * The threads the owner's plugins started that are alive now, with their stacks. Reports nothing.
     *
     * @param owner the owner
     * @return the live threads
     */
    public List<PluginThread> liveThreads(Owner owner) {
        return census.alive(owner);
    }

    /**
     * Declares the owner gone for good (stopped, or abandoned and closed): the threads its plugins started that are
     * still alive are reported as leaks, counted, and forgotten. Call it once the owner's {@code stop} returned; a
     * plugin whose threads end asynchronously may need a moment, which the caller can wait for with {@link
     * #liveThreads}.
     *
     * @param owner the owner
     * @return the leaked threads
     */
    public List<PluginThread> retire(Owner owner) {
        List<PluginThread> leaked = census.alive(owner);
        census.forget(owner);
        for (PluginThread thread : leaked) {
            threadLeaks.increment();
            LOG.warn(
                    "[{}] thread '{}' started by the plugin during {} is still alive after the owner stopped{}",
                    owner,
                    thread.name(),
                    thread.startedDuring().label(),
                    thread.daemon() ? "" : " (non-daemon: it keeps the JVM from exiting)");
            tell("threadLeaked", () -> listener.threadLeaked(thread));
        }
        return leaked;
    }

    /**
     * The invoker's counters.
     *
     * @return a snapshot
     */
    public InvokerStats stats() {
        return new InvokerStats(
                calls.sum(),
                failed.sum(),
                interrupted.sum(),
                cancelled.sum(),
                registry.abandonedTotal(),
                registry.abandonedRunning(),
                stuckCalls().size(),
                fatal.sum(),
                loaderLeaks.sum(),
                threadsStarted.sum(),
                threadLeaks.sum());
    }

    @Override
    protected void doStart() {
        watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kanal-invoke-watchdog");
            thread.setDaemon(true);
            thread.setContextClassLoader(PluginInvoker.class.getClassLoader());
            return thread;
        });
        long period = scanInterval.toNanos();
        watchdog.scheduleWithFixedDelay(this::scanSafely, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void doStop() {
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
    }

    /** One watchdog pass over every running call, on the calling thread; the watchdog thread runs it periodically. */
    void scanNow() {
        registry.scan(nanoTime.getAsLong());
    }

    private void scanSafely() {
        try {
            scanNow();
        } catch (RuntimeException e) {
            // Keep scanning: a failed scan must not end the watchdog's schedule.
            LOG.error("plugin call watchdog scan failed", e);
        }
    }

    private <T> CallOutcome<T> outcome(CallInfo info, T value, Throwable thrown, CallRegistry.Ending ending) {
        if (thrown instanceof VirtualMachineError error && !(thrown instanceof StackOverflowError)) {
            fatal.increment();
            LOG.error(
                    "[{}] fatal error in {}: rethrowing",
                    info.owner(),
                    info.stage().label(),
                    error);
            tell("fatalError", () -> listener.fatalError(info, error));
            throw error;
        }
        if (ending.abandoned()) {
            return new CallOutcome.Abandoned<>(info, thrown);
        }
        if (ending.cancelRequested()) {
            cancelled.increment();
            return new CallOutcome.Cancelled<>(info, thrown);
        }
        if (thrown == null) {
            return new CallOutcome.Completed<>(info, value);
        }
        if (thrown instanceof InterruptedException) {
            interrupted.increment();
            Thread.currentThread().interrupt(); // restore what throwing InterruptedException cleared
            return new CallOutcome.Interrupted<>(info, thrown);
        }
        if (Thread.currentThread().isInterrupted()) {
            interrupted.increment();
            return new CallOutcome.Interrupted<>(info, thrown);
        }
        failed.increment();
        return new CallOutcome.Failed<>(info, thrown);
    }

    private void reportLoaderLeak(ActiveCall call, ClassLoader leftBehind) {
        ContextLoaderLeak leak = new ContextLoaderLeak(
                call.owner, call.stage, call.thread.getName(), ContextLoaderLeak.describe(leftBehind));
        loaderLeaks.increment();
        LOG.warn(
                "[{}] {} left context class loader {} on thread '{}'; restored",
                call.owner,
                call.stage.label(),
                leak.leakedLoader(),
                leak.thread());
        tell("contextLoaderLeaked", () -> listener.contextLoaderLeaked(leak));
    }

    private void reportNewThreads(ActiveCall call) {
        if (call.loader == RUNTIME_LOADER) {
            // A built-in plugin runs in the runtime's own loader, which every runtime thread carries too: threads
            // cannot be told apart by loader, and built-ins start none.
            return;
        }
        for (PluginThread thread : census.attribute(call.owner, call.stage, call.loader, registry::isRunningCall)) {
            threadsStarted.increment();
            LOG.debug("[{}] {} started thread '{}'", call.owner, call.stage.label(), thread.name());
            tell("pluginThreadStarted", () -> listener.pluginThreadStarted(thread));
        }
    }

    private static void tell(String event, Runnable notification) {
        try {
            notification.run();
        } catch (RuntimeException e) {
            LOG.warn("plugin invoker listener threw on {}", event, e);
        }
    }

    /** Builds a {@link PluginInvoker}. Not thread-safe. */
    public static final class Builder {

        private LongSupplier nanoTime = System::nanoTime;
        private Clock wallClock = Clock.systemUTC();
        private Duration scanInterval = DEFAULT_SCAN_INTERVAL;
        private InvokerListener listener = InvokerListener.NONE;

        private Builder() {}

        /**
         * The monotonic clock durations are measured with; {@link System#nanoTime()} by default.
         *
         * @param nanoTime the clock
         * @return this builder
         */
        public Builder nanoTime(LongSupplier nanoTime) {
            if (nanoTime == null) {
                throw new IllegalArgumentException("nanoTime must not be null");
            }
            this.nanoTime = nanoTime;
            return this;
        }

        /**
         * The wall clock that dates stuck calls; UTC system time by default.
         *
         * @param wallClock the clock
         * @return this builder
         */
        public Builder wallClock(Clock wallClock) {
            if (wallClock == null) {
                throw new IllegalArgumentException("wallClock must not be null");
            }
            this.wallClock = wallClock;
            return this;
        }

        /**
         * How often the watchdog scans the running calls (real time); {@link #DEFAULT_SCAN_INTERVAL} by default. A
         * stuck call is seen at most this late; a cancelled call is abandoned at most this long after its grace
         * period.
         *
         * @param scanInterval the period, positive
         * @return this builder
         */
        public Builder scanInterval(Duration scanInterval) {
            if (scanInterval == null || scanInterval.isNegative() || scanInterval.isZero()) {
                throw new IllegalArgumentException("scanInterval must be positive, got " + scanInterval);
            }
            this.scanInterval = scanInterval;
            return this;
        }

        /**
         * Who is told of stuck calls, leaks and abandonments.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(InvokerListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            this.listener = listener;
            return this;
        }

        /**
         * Builds the invoker, stopped: calls work at once; start it to run the watchdog.
         *
         * @return the invoker
         */
        public PluginInvoker build() {
            return new PluginInvoker(this);
        }
    }
}
