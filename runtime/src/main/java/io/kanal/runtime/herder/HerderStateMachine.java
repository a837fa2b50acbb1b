package io.kanal.runtime.herder;

import java.util.Map;
import java.util.Objects;

/**
 * The herder's decisions, without I/O: which connector and task instances this worker runs, what the stores must
 * persist, and the answer to every REST command. Everything it learns arrives through {@link #onEvent(HerderEvent,
 * long)}; everything it wants done leaves as the {@link Step}'s commands; time is a number passed in.
 *
 * <p><b>Threading.</b> Single-threaded: owned by the {@code kanal-herder} thread ({@link HerderLoop}); tests drive it
 * directly. It performs no I/O, reads no clock, never sleeps and never calls plugin code, so it never blocks: a
 * plugin stuck in {@code taskConfigs} delays only that connector's own next step. {@link #view()} returns an
 * immutable snapshot that the loop publishes for other threads.
 *
 * <p><b>Invariants.</b> Every {@link HerderEvent.Request} gets exactly one {@link HerderCommand.Reply}. A connector
 * or task instance has at most one start or stop command outstanding. Configs change only when the store reads them
 * back, so the machine's configs are always a state the store has held.
 */
public final class HerderStateMachine {

    private final MachineState state;
    private final TaskReconciler tasks;
    private final ConnectorReconciler connectors;
    private final RequestHandler requests;
    private final ViewBuilder views;
    private long viewVersion;
    private HerderView view;

    /**
     * Creates a machine that owns nothing until it receives an {@link HerderEvent.AssignmentChanged}.
     *
     * @param workerId this worker's id, as statuses show it
     * @param workerConfig the worker's config; the machine reads its {@code kanal.task.restart.*} defaults
     * @throws io.kanal.config.ConfigException naming the key, when a {@code kanal.task.restart.*} value is invalid
     */
    public HerderStateMachine(String workerId, Map<String, String> workerConfig) {
        this(workerId, workerConfig, false);
    }

    /**
     * Creates a machine that owns nothing until it receives an {@link HerderEvent.AssignmentChanged}.
     *
     * @param workerId this worker's id, as statuses show it
     * @param workerConfig the worker's config; the machine reads its {@code kanal.task.restart.*} defaults
     * @param clustered whether it is one of a cluster's herders: then a restart of a connector with its tasks (KIP-745)
     *     is written to the config store for every worker to carry out ({@link HerderEvent.RestartRequestRead})
     * @throws io.kanal.config.ConfigException naming the key, when a {@code kanal.task.restart.*} value is invalid
     */
    public HerderStateMachine(String workerId, Map<String, String> workerConfig, boolean clustered) {
        Objects.requireNonNull(workerId, "workerId");
        ConnectorSettings.parse(Map.of(), workerConfig); // fail at start-up, not on every connector
        this.state = new MachineState(workerId, workerConfig);
        this.tasks = new TaskReconciler(state);
        this.connectors = new ConnectorReconciler(state, tasks);
        this.views = new ViewBuilder(state);
        this.requests = new RequestHandler(state, connectors, tasks, views, clustered);
        this.view = views.build(0);
    }

    /**
     * Applies one event.
     *
     * @param event what happened
     * @param nowMs the herder's clock, in milliseconds; must not go backwards
     * @return the commands to carry out, in order, and the next timer
     */
    public Step onEvent(HerderEvent event, long nowMs) {
        Objects.requireNonNull(event, "event");
        state.nowMs = nowMs;
        if (event instanceof HerderEvent.Request request) {
            requests.handle(request);
        } else {
            apply(event);
        }
        return finish();
    }

    /**
     * Lets timers fire: automatic restarts of failed tasks whose back-off has passed.
     *
     * @param nowMs the herder's clock, in milliseconds
     * @return the commands to carry out and the next timer
     */
    public Step onTimer(long nowMs) {
        state.nowMs = nowMs;
        connectors.reconcileAll();
        return finish();
    }

    /**
     * The current snapshot: immutable and safe to hand to other threads.
     *
     * @return the view
     */
    public HerderView view() {
        return view;
    }

    /**
     * REST commands waiting for a store write (for diagnostics and tests).
     *
     * @return how many
     */
    public int pendingRequests() {
        return requests.pendingRequests();
    }

    private void apply(HerderEvent event) {
        // Java 17: no pattern matching for switch. Ordered roughly by frequency.
        if (event instanceof HerderEvent.TaskStarted e) {
            tasks.started(e.id(), e.generation(), e.transactional());
        } else if (event instanceof HerderEvent.TaskFailed e) {
            tasks.failed(e.id(), e.generation(), e.error());
        } else if (event instanceof HerderEvent.TaskStopped e) {
            tasks.stopped(e.id(), e.generation());
        } else if (event instanceof HerderEvent.WriteCompleted e) {
            requests.writeCompleted(e.requestId(), e.failure());
        } else if (event instanceof HerderEvent.ConnectorConfigRead e) {
            connectors.configRead(e.name(), e.config());
        } else if (event instanceof HerderEvent.TaskConfigsRead e) {
            connectors.taskConfigsRead(e.name(), e.configs(), e.generation());
        } else if (event instanceof HerderEvent.TargetStateRead e) {
            connectors.targetStateRead(e.name(), e.state());
        } else if (event instanceof HerderEvent.RestartRequestRead e) {
            requests.restartRequestRead(e);
        } else if (event instanceof HerderEvent.ConnectorStarted e) {
            connectors.started(e.name(), e.generation());
        } else if (event instanceof HerderEvent.ConnectorFailed e) {
            connectors.failed(e.name(), e.generation(), e.error());
        } else if (event instanceof HerderEvent.ConnectorStopped e) {
            connectors.stopped(e.name(), e.generation());
        } else if (event instanceof HerderEvent.TaskConfigsReturned e) {
            connectors.taskConfigsReturned(e.name(), e.generation(), e.configs());
        } else if (event instanceof HerderEvent.TaskConfigsFailed e) {
            connectors.taskConfigsFailed(e.name(), e.generation(), e.error());
        } else if (event instanceof HerderEvent.CallStuck e) {
            if (e.task().isPresent()) {
                tasks.stuck(
                        new ConnectorTaskId(e.connector(), e.task().getAsInt()), e.generation(), e.stage(), e.detail());
            } else {
                connectors.stuck(e.connector(), e.generation(), e.stage(), e.detail());
            }
        } else if (event instanceof HerderEvent.ReconfigurationRequested e) {
            connectors.reconfigurationRequested(e.name());
        } else if (event instanceof HerderEvent.OffsetsReset e) {
            requests.offsetsReset(e.requestId(), e.failure());
        } else if (event instanceof HerderEvent.RebalanceStarted) {
            state.rebalancing = true;
        } else if (event instanceof HerderEvent.AssignmentChanged e) {
            state.assignment = e.assignment();
            state.rebalancing = false;
            connectors.reconcileAll();
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
    }

    private Step finish() {
        view = views.build(++viewVersion);
        Step step = new Step(state.out, tasks.nextWakeupMs());
        state.out.clear();
        return step;
    }
}
