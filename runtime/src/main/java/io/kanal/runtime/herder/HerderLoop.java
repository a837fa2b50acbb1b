package io.kanal.runtime.herder;

import io.kanal.runtime.lifecycle.AbstractLifecycle;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kanal-herder} thread: takes events from a bounded queue, runs the {@link HerderStateMachine}, hands its
 * commands to {@link HerderActions}, completes REST callers' futures, fires timers, and publishes the machine's
 * {@link HerderView} (and hands it to a listener that derives statuses from it). It never blocks on plugin code: actions only hand work to other threads.
 *
 * <p>A {@link io.kanal.runtime.lifecycle.Lifecycle}: {@link #start()} starts the thread, {@link #stop()} (or {@link
 * #close()}) ends it.
 *
 * <p><b>Threading.</b> {@link #request(LongFunction)}, {@link #submit(HerderEvent)} and {@link #view()} are safe from
 * any thread. REST requests are refused at once with {@link HerderError.Kind#UNAVAILABLE} when the queue is full,
 * so a REST thread never waits for the herder's queue; results of plugin calls and store writes wait for room
 * instead (they must not be lost), which slows down only the thread that produced them. Events submitted by the
 * herder thread itself (an action that answers at once) go to an unbounded local queue, so the loop never waits on
 * itself.
 */
public final class HerderLoop extends AbstractLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HerderLoop.class);

    /** The default capacity of the event queue. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    private static final Object STOP = new Object();

    private final HerderStateMachine machine;
    private final HerderActions actions;
    private final LongSupplier clockMs;
    private final BlockingQueue<Object> queue;
    private final ArrayDeque<HerderEvent> local = new ArrayDeque<>();
    private final Map<Long, CompletableFuture<HerderReply>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicReference<HerderView> view;
    private final Consumer<HerderView> viewListener;
    private volatile Thread thread;
    private volatile boolean stopping;
    private long nextWakeupMs = Step.NO_WAKEUP;
    private HerderView previousView;

    /**
     * Creates a loop; {@link #start()} starts its thread.
     *
     * @param machine the state machine, owned by the loop from now on
     * @param actions carries out commands
     * @param viewListener called on the herder thread with every new view, for example a {@code StatusPublisher};
     *     it must not block (a status topic writer sends asynchronously)
     * @param clockMs the herder's clock, in milliseconds (wall-clock time, as statuses show it)
     * @param queueCapacity how many events may wait
     */
    public HerderLoop(
            HerderStateMachine machine,
            HerderActions actions,
            Consumer<HerderView> viewListener,
            LongSupplier clockMs,
            int queueCapacity) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.view = new AtomicReference<>(machine.view());
        this.viewListener = Objects.requireNonNull(viewListener, "viewListener");
    }

    /** Starts the {@code kanal-herder} thread ({@link #start()}). */
    @Override
    protected void doStart() {
        queue.remove(STOP);
        stopping = false;
        Thread herder = new Thread(this::run, "kanal-herder");
        thread = herder;
        herder.start();
    }

    /**
     * The latest published snapshot. Safe from any thread; never blocks.
     *
     * @return the view
     */
    public HerderView view() {
        return view.get();
    }

    /**
     * Submits a REST command. Never blocks: when the queue is full or the loop is stopping, the future is already
     * completed with {@link HerderError.Kind#UNAVAILABLE}.
     *
     * @param request builds the command from the request id the loop assigns
     * @return the reply, completed on the herder thread
     */
    public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
        long id = requestIds.incrementAndGet();
        HerderEvent.Request event = request.apply(id);
        if (event.requestId() != id) {
            throw new IllegalArgumentException("the request must carry the id it was given");
        }
        CompletableFuture<HerderReply> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        if (stopping || !queue.offer(event)) {
            waiting.remove(id);
            reply.complete(unavailable(stopping ? "The worker is stopping" : "The herder is overloaded; retry"));
        }
        return reply;
    }

    /**
     * Submits an event that must not be lost (a plugin call's result, a store read). From another thread it waits for
     * room in the queue; from the herder thread it never waits.
     *
     * @param event what happened
     */
    public void submit(HerderEvent event) {
        Objects.requireNonNull(event, "event");
        if (Thread.currentThread() == thread) { // only the herder thread itself can be equal
            local.add(event);
            return;
        }
        if (event instanceof HerderEvent.Request) {
            throw new IllegalArgumentException("REST commands go through request()");
        }
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn(
                    "Interrupted while submitting {} to the herder; it is dropped",
                    event.getClass().getSimpleName());
        }
    }

    /**
     * Stops the loop and waits for its thread ({@link #stop()}); REST commands still waiting are answered {@code
     * UNAVAILABLE}. Events already queued are not processed; the machine keeps its state.
     */
    @Override
    protected void doStop() {
        stopping = true;
        Thread herder = thread;
        if (herder != null) {
            if (!queue.offer(STOP)) {
                herder.interrupt();
            }
            if (herder.isAlive() && Thread.currentThread() != herder) {
                try {
                    herder.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        waiting.values().forEach(f -> f.complete(unavailable("The worker is stopping")));
        waiting.clear();
    }

    /** Same as {@link #stop()}. Idempotent. */
    @Override
    public void close() {
        stop();
    }

    private void run() {
        try {
            while (true) {
                Object item = local.poll();
                if (item == null) {
                    long now = clockMs.getAsLong();
                    long wait = nextWakeupMs == Step.NO_WAKEUP ? Long.MAX_VALUE : Math.max(0, nextWakeupMs - now);
                    item = wait == 0 ? queue.poll() : queue.poll(wait, TimeUnit.MILLISECONDS);
                }
                if (item == STOP) {
                    return;
                }
                long now = clockMs.getAsLong();
                if (item != null) {
                    dispatch(machine.onEvent((HerderEvent) item, now));
                }
                if (nextWakeupMs <= now) {
                    dispatch(machine.onTimer(now));
                }
                HerderView current = machine.view();
                view.set(current);
                if (current != previousView) {
                    previousView = current;
                    viewListener.accept(current);
                }
            }
        } catch (InterruptedException e) {
            if (!stopping) {
                LOG.error("The herder thread was interrupted; the worker stops managing connectors", e);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("The herder thread failed; the worker stops managing connectors", e);
            throw e;
        }
    }

    private void dispatch(Step step) {
        nextWakeupMs = step.nextWakeupMs();
        for (HerderCommand command : step.commands()) {
            if (command instanceof HerderCommand.Reply reply) {
                CompletableFuture<HerderReply> future = waiting.remove(reply.requestId());
                if (future != null) {
                    future.complete(reply.reply());
                }
                continue;
            }
            try {
                actions.execute(command);
            } catch (RuntimeException e) {
                // the command's toString shows config keys only, never values
                LOG.error("Carrying out {} failed; reporting it as a failure of the command", command, e);
                failureOf(command, e).ifPresent(local::add);
            }
        }
    }

    /** The event that tells the machine a command will never produce its usual result. */
    static Optional<HerderEvent> failureOf(HerderCommand command, RuntimeException e) {
        StatusError error = StatusError.of("herder", e.getClass().getName(), String.valueOf(e.getMessage()));
        String message = e.getClass().getName() + ": " + e.getMessage();
        HerderEvent event = null;
        if (command instanceof HerderCommand.StartConnector c) {
            event = new HerderEvent.ConnectorFailed(c.name(), c.generation(), error);
        } else if (command instanceof HerderCommand.StopConnector c) {
            event = new HerderEvent.ConnectorStopped(c.name(), c.generation());
        } else if (command instanceof HerderCommand.CallTaskConfigs c) {
            event = new HerderEvent.TaskConfigsFailed(c.name(), c.generation(), error);
        } else if (command instanceof HerderCommand.StartTask c) {
            event = new HerderEvent.TaskFailed(c.id(), c.generation(), error);
        } else if (command instanceof HerderCommand.StopTask c) {
            event = new HerderEvent.TaskStopped(c.id(), c.generation());
        } else if (command instanceof HerderCommand.WriteConnectorConfig c) {
            event = new HerderEvent.WriteCompleted(c.requestId(), Optional.of(message));
        } else if (command instanceof HerderCommand.WriteTaskConfigs c) {
            event = new HerderEvent.WriteCompleted(c.requestId(), Optional.of(message));
        } else if (command instanceof HerderCommand.WriteTargetState c) {
            event = new HerderEvent.WriteCompleted(c.requestId(), Optional.of(message));
        } else if (command instanceof HerderCommand.WriteRestartRequest c) {
            event = new HerderEvent.WriteCompleted(c.requestId(), Optional.of(message));
        } else if (command instanceof HerderCommand.DeleteConnectorConfig c) {
            event = new HerderEvent.WriteCompleted(c.requestId(), Optional.of(message));
        } else if (command instanceof HerderCommand.ResetOffsets c) {
            event = new HerderEvent.OffsetsReset(c.requestId(), Optional.of(message));
        } else if (command instanceof HerderCommand.AlterOffsets c) {
            event = new HerderEvent.OffsetsReset(c.requestId(), Optional.of(message));
        } else if (command instanceof HerderCommand.SetTaskTargetState c) {
            event = new HerderEvent.CallStuck(
                    c.id().connector(), OptionalInt.of(c.id().task()), c.generation(), "setTargetState", message);
        }
        return Optional.ofNullable(event);
    }

    private static HerderReply unavailable(String message) {
        return new HerderReply.Failed(new HerderError(HerderError.Kind.UNAVAILABLE, message));
    }
}
