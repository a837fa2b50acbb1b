package io.kanal.runtime.herder;

import io.kanal.runtime.herder.HerderError.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers REST commands: checks them against what the herder knows, turns accepted ones into store writes, and
 * replies once the write is durable (the store delivers the write's read events before its {@link
 * HerderEvent.WriteCompleted}, so a reply always describes the applied state). Part of {@link HerderStateMachine};
 * owned by the {@code kanal-herder} thread.
 *
 * <p>Writes in flight count when deciding whether a connector exists: two {@code POST}s of the same name in quick
 * succession get one 201 and one 409, even though neither write has been read back when the second arrives.
 */
final class RequestHandler {

    /** What a pending request waits for. */
    private enum Kind2 {
        CREATE,
        UPDATE,
        DELETE,
        TARGET_STATE,
        RESET_OFFSETS,
        ALTER_OFFSETS,
        TASK_CONFIGS,
        RESTART
    }

    private record Pending(Kind2 kind, String name) {}

    /** After all writes in flight for a name apply: does the connector exist, and how many writes are there. */
    private record Expectation(boolean exists, int inFlight) {}

    private final MachineState state;
    private final ConnectorReconciler connectors;
    private final TaskReconciler tasks;
    private final ViewBuilder views;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<String, Expectation> expectations = new HashMap<>();
    private final boolean clustered;

    RequestHandler(
            MachineState state,
            ConnectorReconciler connectors,
            TaskReconciler tasks,
            ViewBuilder views,
            boolean clustered) {
        this.state = state;
        this.clustered = clustered;
        this.connectors = connectors;
        this.tasks = tasks;
        this.views = views;
    }

    void handle(HerderEvent.Request request) {
        // Java 17 has no pattern matching for switch; HerderStateMachineTest sends every kind of request.
        if (request instanceof HerderEvent.PutConnectorConfig put) {
            put(put);
        } else if (request instanceof HerderEvent.DeleteConnector delete) {
            delete(delete);
        } else if (request instanceof HerderEvent.ChangeTargetState change) {
            changeTargetState(change);
        } else if (request instanceof HerderEvent.RestartConnector restart) {
            restartConnector(restart);
        } else if (request instanceof HerderEvent.RestartTask restart) {
            restartTask(restart);
        } else if (request instanceof HerderEvent.GetTaskConfigs get) {
            getTaskConfigs(get);
        } else if (request instanceof HerderEvent.PutTaskConfigs put) {
            putTaskConfigs(put);
        } else if (request instanceof HerderEvent.ResetOffsets reset) {
            resetOffsets(reset);
        } else if (request instanceof HerderEvent.AlterOffsets alter) {
            alterOffsets(alter);
        } else if (request instanceof HerderEvent.Ping ping) {
            state.emit(new HerderCommand.Reply(ping.requestId(), new HerderReply.Done()));
        } else {
            throw new IllegalArgumentException("unknown request " + request);
        }
    }

    private void put(HerderEvent.PutConnectorConfig put) {
        boolean exists = exists(put.name());
        if (exists && !put.allowReplace()) {
            fail(put.requestId(), Kind.ALREADY_EXISTS, "Connector " + put.name() + " already exists");
            return;
        }
        expect(put.name(), true);
        pending.put(put.requestId(), new Pending(exists ? Kind2.UPDATE : Kind2.CREATE, put.name()));
        state.emit(new HerderCommand.WriteConnectorConfig(
                put.requestId(), put.name(), put.config(), exists ? Optional.empty() : put.initialState()));
    }

    private void delete(HerderEvent.DeleteConnector delete) {
        if (!exists(delete.name())) {
            notFound(delete.requestId(), delete.name());
            return;
        }
        expect(delete.name(), false);
        pending.put(delete.requestId(), new Pending(Kind2.DELETE, delete.name()));
        state.emit(new HerderCommand.DeleteConnectorConfig(delete.requestId(), delete.name()));
    }

    private void changeTargetState(HerderEvent.ChangeTargetState change) {
        if (!exists(change.name())) {
            notFound(change.requestId(), change.name());
            return;
        }
        expect(change.name(), true);
        pending.put(change.requestId(), new Pending(Kind2.TARGET_STATE, change.name()));
        state.emit(new HerderCommand.WriteTargetState(change.requestId(), change.name(), change.state()));
    }

    private void restartConnector(HerderEvent.RestartConnector restart) {
        ConnectorEntry c = state.visible(restart.name());
        if (c == null) {
            notFound(restart.requestId(), restart.name());
            return;
        }
        if (state.rebalancing) {
            rebalancing(restart.requestId());
            return;
        }
        if (clustered && (restart.includeTasks() || restart.onlyFailed())) {
            // KIP-745 in a cluster: the connector's tasks run on many workers; each restarts its own on reading this.
            pending.put(restart.requestId(), new Pending(Kind2.RESTART, restart.name()));
            state.emit(new HerderCommand.WriteRestartRequest(
                    restart.requestId(), restart.name(), restart.onlyFailed(), restart.includeTasks()));
            return;
        }
        restart(c, restart.onlyFailed(), restart.includeTasks());
        HerderReply reply = !restart.includeTasks() && !restart.onlyFailed()
                ? new HerderReply.Done()
                : new HerderReply.Restarting(views.connector(c));
        state.emit(new HerderCommand.Reply(restart.requestId(), reply));
    }

    /**
     * A restart request read from the config store: restarts what this worker owns of the connector.
     *
     * @param read the request
     */
    void restartRequestRead(HerderEvent.RestartRequestRead read) {
        ConnectorEntry c = state.visible(read.name());
        if (c != null) {
            restart(c, read.onlyFailed(), read.includeTasks());
        }
    }

    private void restart(ConnectorEntry c, boolean onlyFailed, boolean includeTasks) {
        if (state.assignment.owns(c.name) && (!onlyFailed || ConnectorReconciler.isFailed(c))) {
            connectors.requestRestart(c);
            c.error = null;
        }
        if (includeTasks) {
            for (TaskEntry t : c.tasks.values()) {
                if (state.assignment.owns(t.id) && (!onlyFailed || t.phase == Phase.FAILED)) {
                    tasks.requestRestart(t);
                }
            }
        }
        connectors.reconcile(c);
    }

    private void restartTask(HerderEvent.RestartTask restart) {
        ConnectorEntry c = state.visible(restart.id().connector());
        TaskEntry t = c == null ? null : c.tasks.get(restart.id().task());
        if (t == null) {
            fail(restart.requestId(), Kind.NOT_FOUND, "Task " + restart.id() + " not found");
            return;
        }
        if (state.rebalancing) {
            rebalancing(restart.requestId());
            return;
        }
        tasks.requestRestart(t);
        connectors.reconcile(c);
        state.emit(new HerderCommand.Reply(restart.requestId(), new HerderReply.Done()));
    }

    private void getTaskConfigs(HerderEvent.GetTaskConfigs get) {
        ConnectorEntry c = state.visible(get.name());
        if (c == null) {
            notFound(get.requestId(), get.name());
            return;
        }
        state.emit(new HerderCommand.Reply(get.requestId(), new HerderReply.TaskConfigs(c.taskConfigs)));
    }

    /**
     * Task configs a worker running the connector generated: written as they are, answered when durable. Like
     * Connect's leader, no rebalance check: the configs come from the connector's current instance.
     */
    private void putTaskConfigs(HerderEvent.PutTaskConfigs put) {
        if (state.visible(put.name()) == null) {
            notFound(put.requestId(), put.name());
            return;
        }
        pending.put(put.requestId(), new Pending(Kind2.TASK_CONFIGS, put.name()));
        state.emit(new HerderCommand.WriteTaskConfigs(put.requestId(), put.name(), put.configs()));
    }

    private void resetOffsets(HerderEvent.ResetOffsets reset) {
        ConnectorEntry c = offsetsModifiable(reset.requestId(), reset.name());
        if (c != null) {
            pending.put(reset.requestId(), new Pending(Kind2.RESET_OFFSETS, reset.name()));
            state.emit(new HerderCommand.ResetOffsets(reset.requestId(), reset.name(), configOf(c)));
        }
    }

    private void alterOffsets(HerderEvent.AlterOffsets alter) {
        ConnectorEntry c = offsetsModifiable(alter.requestId(), alter.name());
        if (c != null) {
            pending.put(alter.requestId(), new Pending(Kind2.ALTER_OFFSETS, alter.name()));
            state.emit(new HerderCommand.AlterOffsets(alter.requestId(), alter.name(), configOf(c), alter.offsets()));
        }
    }

    private static Map<String, String> configOf(ConnectorEntry c) {
        return c.config == null ? Map.of() : c.config;
    }

    /**
     * KIP-875: offsets change only while the connector is stopped and none of its instances runs.
     *
     * @return the connector; null when the request was failed
     */
    private ConnectorEntry offsetsModifiable(long requestId, String name) {
        ConnectorEntry c = state.visible(name);
        if (c == null) {
            notFound(requestId, name);
            return null;
        }
        if (c.target != TargetState.STOPPED || c.phase != Phase.ABSENT || !c.tasks.isEmpty()) {
            fail(
                    requestId,
                    Kind.BAD_REQUEST,
                    "Connectors must be in the STOPPED state before their offsets can be modified. This can be done"
                            + " for the specified connector by issuing a 'PUT' request to the '/connectors/"
                            + name + "/stop' endpoint");
            return null;
        }
        return c;
    }

    // ---- completions

    void writeCompleted(long requestId, Optional<String> failure) {
        Pending p = pending.remove(requestId);
        if (p == null) {
            connectors.internalWriteCompleted(requestId, failure);
            return;
        }
        settle(p.name());
        if (failure.isPresent()) {
            fail(
                    requestId,
                    Kind.STORE_FAILED,
                    "Failed to write the configuration of " + p.name() + ": " + failure.get());
            return;
        }
        HerderReply reply =
                switch (p.kind()) {
                    case CREATE, UPDATE -> new HerderReply.ConnectorWritten(p.kind() == Kind2.CREATE, info(p.name()));
                    case RESTART -> restarting(p.name());
                    default -> new HerderReply.Done();
                };
        state.emit(new HerderCommand.Reply(requestId, reply));
    }

    void offsetsReset(long requestId, Optional<String> failure) {
        Pending p = pending.remove(requestId);
        if (p == null) {
            return;
        }
        HerderReply reply = failure.<HerderReply>map(f -> new HerderReply.Failed(new HerderError(Kind.STORE_FAILED, f)))
                .orElseGet(HerderReply.Done::new);
        state.emit(new HerderCommand.Reply(requestId, reply));
    }

    private HerderReply restarting(String name) {
        ConnectorEntry c = state.visible(name);
        return c == null ? new HerderReply.Done() : new HerderReply.Restarting(views.connector(c));
    }

    int pendingRequests() {
        return pending.size();
    }

    // ---- helpers

    private HerderView.ConnectorInfo info(String name) {
        ConnectorEntry c = state.visible(name);
        if (c == null) {
            // a later delete was read back already; report what this write stored
            return new HerderView.ConnectorInfo(name, Map.of(), List.of());
        }
        return views.connector(c).info();
    }

    private boolean exists(String name) {
        Expectation e = expectations.get(name);
        return e != null ? e.exists() : state.visible(name) != null;
    }

    private void expect(String name, boolean exists) {
        Expectation e = expectations.get(name);
        expectations.put(name, new Expectation(exists, e == null ? 1 : e.inFlight() + 1));
    }

    private void settle(String name) {
        Expectation e = expectations.get(name);
        if (e == null) {
            return;
        }
        if (e.inFlight() <= 1) {
            expectations.remove(name);
        } else {
            expectations.put(name, new Expectation(e.exists(), e.inFlight() - 1));
        }
    }

    private void notFound(long requestId, String name) {
        state.emit(new HerderCommand.Reply(requestId, new HerderReply.Failed(HerderError.notFound(name))));
    }

    private void rebalancing(long requestId) {
        fail(
                requestId,
                Kind.REBALANCE_IN_PROGRESS,
                "Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
    }

    private void fail(long requestId, Kind kind, String message) {
        state.emit(new HerderCommand.Reply(requestId, new HerderReply.Failed(new HerderError(kind, message))));
    }
}
