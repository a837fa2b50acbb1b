package io.kanal.runtime.herder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random REST commands, plugin results and failures, delivered in random interleavings, against the machine with an
 * in-order store and a per-instance FIFO worker. Invariants: no accepted config write is lost; no task or connector
 * ever has two instances or two starts outstanding; every request gets exactly one reply; at rest, what runs is what
 * the configs say.
 */
class HerderPropertiesTest {

    private static final List<String> NAMES = List.of("a", "b", "c");

    sealed interface Op {}

    record Put(String name, boolean allowReplace, int version, int tasksMax) implements Op {}

    record Delete(String name) implements Op {}

    record Target(String name, TargetState state) implements Op {}

    record Restart(String name, boolean includeTasks, boolean onlyFailed) implements Op {}

    record RestartTask(String name, int task) implements Op {}

    record FailTask(String name, int task) implements Op {}

    record Reconfigure(String name) implements Op {}

    record Deliver(int pick) implements Op {}

    record Tick(int ms) implements Op {}

    record FailConnector(String name) implements Op {}

    /** The group takes the connector and its tasks away from this worker (until the end of the run). */
    record Revoke(String name) implements Op {}

    /** The next REST write the store applies fails (disk full); the herder's own writes are not failed here. */
    record FailNextWrite() implements Op {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<String> name = Arbitraries.of(NAMES);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        4,
                        Combinators.combine(
                                        name,
                                        Arbitraries.of(true, false),
                                        Arbitraries.integers().between(1, 3),
                                        Arbitraries.integers().between(1, 3))
                                .as(Put::new)),
                net.jqwik.api.Tuple.of(1, name.map(Delete::new)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(name, Arbitraries.of(TargetState.class))
                                .as(Target::new)),
                net.jqwik.api.Tuple.of(
                        1,
                        Combinators.combine(name, Arbitraries.of(true, false), Arbitraries.of(true, false))
                                .as(Restart::new)),
                net.jqwik.api.Tuple.of(
                        1,
                        Combinators.combine(name, Arbitraries.integers().between(0, 3))
                                .as(RestartTask::new)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(name, Arbitraries.integers().between(0, 2))
                                .as(FailTask::new)),
                net.jqwik.api.Tuple.of(1, name.map(Reconfigure::new)),
                net.jqwik.api.Tuple.of(
                        10, Arbitraries.integers().between(0, 1000).map(Deliver::new)),
                net.jqwik.api.Tuple.of(
                        2, Arbitraries.integers().between(1, 5000).map(Tick::new)));
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 500)
    void noWriteIsLostAndNoTaskRunsTwice(@ForAll("ops") List<Op> ops) {
        Simulation sim = new Simulation();
        for (Op op : ops) {
            sim.apply(op);
        }
        sim.drainAndRecover();
        sim.checkAtRest();
    }

    /** The environment: an in-order store and a worker that answers each instance's commands in order. */
    static final class Simulation {
        final HerderStateMachine machine =
                new HerderStateMachine("w", Map.of("kanal.task.restart.backoff.max.ms", "8000"));
        long now = 0;
        long nextRequestId = 1;
        long nextWakeup = Step.NO_WAKEUP;
        final Set<Long> requests = new TreeSet<>();
        final Map<Long, HerderReply> replies = new HashMap<>();
        final Deque<HerderCommand> storeQueue = new ArrayDeque<>();
        final Map<Object, Deque<HerderCommand>> workerQueues = new LinkedHashMap<>();
        final Map<String, Map<String, String>> storedConfigs = new HashMap<>();
        final Map<String, TargetState> storedTargets = new HashMap<>();
        final Map<String, List<Map<String, String>>> storedTasks = new HashMap<>();
        /** The last accepted write per name, in reply order: a config, or empty for a delete. */
        final Map<String, Optional<Map<String, String>>> accepted = new HashMap<>();

        final Map<Long, HerderCommand> writesByRequest = new HashMap<>();
        /** Instances alive or starting in the worker, by generation. */
        final Map<Object, Long> instances = new HashMap<>();

        final Map<Long, Map<String, String>> connectorConfigByGeneration = new HashMap<>();
        boolean failNextWrite;
        final Set<String> revoked = new TreeSet<>();

        Simulation() {
            send(new HerderEvent.AssignmentChanged(Assignment.all()));
        }

        void apply(Op op) {
            if (op instanceof Put p) {
                Map<String, String> config = Map.of(
                        "connector.class",
                        "Test",
                        "v",
                        String.valueOf(p.version()),
                        "tasks.max",
                        String.valueOf(p.tasksMax()));
                request(id ->
                        new HerderEvent.PutConnectorConfig(id, p.name(), config, p.allowReplace(), Optional.empty()));
            } else if (op instanceof Delete d) {
                request(id -> new HerderEvent.DeleteConnector(id, d.name()));
            } else if (op instanceof Target t) {
                request(id -> new HerderEvent.ChangeTargetState(id, t.name(), t.state()));
            } else if (op instanceof Restart r) {
                request(id -> new HerderEvent.RestartConnector(id, r.name(), r.includeTasks(), r.onlyFailed()));
            } else if (op instanceof RestartTask r) {
                request(id -> new HerderEvent.RestartTask(id, new ConnectorTaskId(r.name(), r.task())));
            } else if (op instanceof FailTask f) {
                ConnectorTaskId id = new ConnectorTaskId(f.name(), f.task());
                Long generation = instances.get(id);
                if (generation != null && !workerQueues.containsKey(id)) {
                    instances.remove(id);
                    send(new HerderEvent.TaskFailed(id, generation, StatusError.of("poll", "X", "boom")));
                }
            } else if (op instanceof Reconfigure r) {
                send(new HerderEvent.ReconfigurationRequested(r.name()));
            } else if (op instanceof Deliver d) {
                deliver(d.pick());
            } else if (op instanceof FailConnector f) {
                Long generation = instances.get(f.name());
                if (generation != null && !workerQueues.containsKey(f.name())) {
                    instances.remove(f.name());
                    send(new HerderEvent.ConnectorFailed(f.name(), generation, StatusError.of("start", "X", "boom")));
                }
            } else if (op instanceof Revoke r) {
                revoked.add(r.name());
                send(new HerderEvent.RebalanceStarted());
                send(new HerderEvent.AssignmentChanged(assignmentWithout(revoked)));
            } else if (op instanceof FailNextWrite) {
                failNextWrite = true;
            } else if (op instanceof Tick t) {
                now += t.ms();
                record(machine.onTimer(now));
            }
        }

        void request(java.util.function.LongFunction<HerderEvent.Request> factory) {
            long id = nextRequestId++;
            requests.add(id);
            send(factory.apply(id));
        }

        void send(HerderEvent event) {
            record(machine.onEvent(event, now));
        }

        void record(Step step) {
            nextWakeup = step.nextWakeupMs();
            for (HerderCommand c : step.commands()) {
                if (c instanceof HerderCommand.Reply reply) {
                    assertThat(replies.put(reply.requestId(), reply.reply()))
                            .as("one reply per request")
                            .isNull();
                    acceptIfWrite(reply);
                } else if (c instanceof HerderCommand.WriteConnectorConfig
                        || c instanceof HerderCommand.WriteTaskConfigs
                        || c instanceof HerderCommand.WriteTargetState
                        || c instanceof HerderCommand.DeleteConnectorConfig
                        || c instanceof HerderCommand.ResetOffsets) {
                    storeQueue.add(c);
                } else {
                    toWorker(c);
                }
            }
        }

        private void acceptIfWrite(HerderCommand.Reply reply) {
            HerderCommand write = writesByRequest.remove(reply.requestId());
            if (write == null || reply.reply() instanceof HerderReply.Failed) {
                return;
            }
            if (write instanceof HerderCommand.WriteConnectorConfig w) {
                accepted.put(w.name(), Optional.of(w.config()));
            } else if (write instanceof HerderCommand.DeleteConnectorConfig d) {
                accepted.put(d.name(), Optional.empty());
            }
        }

        private void toWorker(HerderCommand c) {
            Object key;
            if (c instanceof HerderCommand.StartTask s) {
                key = s.id();
                assertThat(instances).as("a second instance of " + s.id()).doesNotContainKey(key);
                instances.put(key, s.generation());
            } else if (c instanceof HerderCommand.StartConnector s) {
                key = s.name();
                assertThat(instances)
                        .as("a second instance of connector " + s.name())
                        .doesNotContainKey(key);
                instances.put(key, s.generation());
                connectorConfigByGeneration.put(s.generation(), s.config());
            } else if (c instanceof HerderCommand.StopTask s) {
                key = s.id();
            } else if (c instanceof HerderCommand.StopConnector s) {
                key = s.name();
            } else if (c instanceof HerderCommand.CallTaskConfigs s) {
                key = s.name();
            } else {
                return; // target state changes need no answer
            }
            workerQueues.computeIfAbsent(key, k -> new ArrayDeque<>()).add(c);
        }

        void deliver(int pick) {
            int choices = workerQueues.size() + (storeQueue.isEmpty() ? 0 : 1);
            if (choices == 0) {
                return;
            }
            int choice = pick % choices;
            if (choice == workerQueues.size()) {
                applyStoreWrite(storeQueue.poll());
                return;
            }
            Object key = new ArrayList<>(workerQueues.keySet()).get(choice);
            Deque<HerderCommand> queue = workerQueues.get(key);
            HerderCommand c = queue.poll();
            if (queue.isEmpty()) {
                workerQueues.remove(key);
            }
            send(answer(c));
        }

        private HerderEvent answer(HerderCommand c) {
            if (c instanceof HerderCommand.StartTask s) {
                return new HerderEvent.TaskStarted(s.id(), s.generation());
            } else if (c instanceof HerderCommand.StartConnector s) {
                return new HerderEvent.ConnectorStarted(s.name(), s.generation());
            } else if (c instanceof HerderCommand.StopTask s) {
                assertThat(instances.remove(s.id()))
                        .as("stop of a live instance")
                        .isEqualTo(s.generation());
                return new HerderEvent.TaskStopped(s.id(), s.generation());
            } else if (c instanceof HerderCommand.StopConnector s) {
                assertThat(instances.remove(s.name()))
                        .as("stop of a live connector")
                        .isEqualTo(s.generation());
                return new HerderEvent.ConnectorStopped(s.name(), s.generation());
            }
            HerderCommand.CallTaskConfigs call = (HerderCommand.CallTaskConfigs) c;
            Map<String, String> config = connectorConfigByGeneration.get(call.generation());
            List<Map<String, String>> configs = new ArrayList<>();
            for (int i = 0; i < call.maxTasks(); i++) {
                configs.add(Map.of("v", config.get("v"), "i", String.valueOf(i)));
            }
            return new HerderEvent.TaskConfigsReturned(call.name(), call.generation(), configs);
        }

        private void applyStoreWrite(HerderCommand c) {
            long requestId = c instanceof HerderCommand.WriteConnectorConfig w
                    ? w.requestId()
                    : c instanceof HerderCommand.DeleteConnectorConfig d
                            ? d.requestId()
                            : c instanceof HerderCommand.WriteTargetState t ? t.requestId() : 0;
            if (failNextWrite && requestId > 0) {
                failNextWrite = false;
                writesByRequest.put(requestId, c);
                send(new HerderEvent.WriteCompleted(requestId, Optional.of("disk full")));
                return;
            }
            if (c instanceof HerderCommand.WriteConnectorConfig w) {
                writesByRequest.put(w.requestId(), w);
                w.initialState().ifPresent(s -> {
                    storedTargets.put(w.name(), s);
                    send(new HerderEvent.TargetStateRead(w.name(), s));
                });
                storedConfigs.put(w.name(), w.config());
                send(new HerderEvent.ConnectorConfigRead(w.name(), Optional.of(w.config())));
                send(new HerderEvent.WriteCompleted(w.requestId(), Optional.empty()));
            } else if (c instanceof HerderCommand.DeleteConnectorConfig d) {
                writesByRequest.put(d.requestId(), d);
                storedConfigs.remove(d.name());
                storedTargets.remove(d.name());
                storedTasks.remove(d.name());
                send(new HerderEvent.ConnectorConfigRead(d.name(), Optional.empty()));
                send(new HerderEvent.WriteCompleted(d.requestId(), Optional.empty()));
            } else if (c instanceof HerderCommand.WriteTargetState w) {
                if (storedConfigs.containsKey(w.name())) {
                    storedTargets.put(w.name(), w.state());
                }
                send(new HerderEvent.TargetStateRead(w.name(), w.state()));
                send(new HerderEvent.WriteCompleted(w.requestId(), Optional.empty()));
            } else if (c instanceof HerderCommand.WriteTaskConfigs w) {
                if (storedConfigs.containsKey(w.name())) {
                    storedTasks.put(w.name(), w.configs());
                    send(new HerderEvent.TaskConfigsRead(w.name(), w.configs()));
                }
                send(new HerderEvent.WriteCompleted(w.requestId(), Optional.empty()));
            } else if (c instanceof HerderCommand.ResetOffsets r) {
                send(new HerderEvent.OffsetsReset(r.requestId(), Optional.empty()));
            }
        }

        static Assignment assignmentWithout(Set<String> revoked) {
            Set<String> connectors = new TreeSet<>();
            Set<ConnectorTaskId> tasks = new TreeSet<>();
            for (String name : NAMES) {
                if (!revoked.contains(name)) {
                    connectors.add(name);
                    for (int i = 0; i < 4; i++) {
                        tasks.add(new ConnectorTaskId(name, i));
                    }
                }
            }
            return new Assignment(false, connectors, tasks);
        }

        /**
         * Lets everything settle with the revocations still in force (revoked work must stop), then assigns
         * everything again and restarts whatever failed, and lets that settle too.
         */
        void drainAndRecover() {
            drain();
            for (String name : revoked) {
                assertThat(instances.keySet())
                        .as("revoked work of " + name + " stopped")
                        .noneMatch(k -> k.equals(name)
                                || (k instanceof ConnectorTaskId id
                                        && id.connector().equals(name)));
            }
            send(new HerderEvent.AssignmentChanged(Assignment.all()));
            drain();
            for (String name : NAMES) {
                request(id -> new HerderEvent.RestartConnector(id, name, true, true));
            }
            drain();
        }

        void drain() {
            for (int round = 0; round < 10_000; round++) {
                if (!storeQueue.isEmpty() || !workerQueues.isEmpty()) {
                    deliver(round);
                } else if (nextWakeup != Step.NO_WAKEUP) {
                    now = Math.max(now, nextWakeup);
                    record(machine.onTimer(now));
                } else {
                    return;
                }
            }
            throw new AssertionError("the herder did not come to rest");
        }

        void checkAtRest() {
            assertThat(replies.keySet()).as("every request answered").isEqualTo(requests);
            assertThat(machine.pendingRequests()).isZero();
            HerderView view = machine.view();
            for (String name : NAMES) {
                Optional<Map<String, String>> last = accepted.getOrDefault(name, Optional.empty());
                assertThat(Optional.ofNullable(storedConfigs.get(name)))
                        .as("store has the last accepted write of " + name)
                        .isEqualTo(last);
                assertThat(view.connector(name).map(HerderView.ConnectorView::config))
                        .as("view matches the store")
                        .isEqualTo(last);
            }
            Set<Object> expected = new HashSet<>();
            for (HerderView.ConnectorView c : view.connectors().values()) {
                TargetState target = storedTargets.getOrDefault(c.name(), TargetState.RUNNING);
                assertThat(c.targetState()).isEqualTo(target);
                int tasksMax = Integer.parseInt(c.config().get("tasks.max"));
                switch (target) {
                    case STOPPED -> {
                        assertThat(c.status().state()).isEqualTo(StatusState.STOPPED);
                        assertThat(c.tasks()).isEmpty();
                    }
                    case RUNNING -> {
                        assertThat(c.status().state()).isEqualTo(StatusState.RUNNING);
                        assertThat(c.tasks()).hasSize(tasksMax);
                        assertThat(c.tasks()).allSatisfy(t -> {
                            assertThat(t.status().state()).isEqualTo(StatusState.RUNNING);
                            assertThat(t.config()).containsEntry("v", c.config().get("v"));
                        });
                    }
                    case PAUSED -> {
                        assertThat(c.status().state()).isEqualTo(StatusState.PAUSED);
                        // a paused connector does not regenerate task configs: stored ones beyond tasks.max fail
                        assertThat(c.tasks())
                                .allSatisfy(t -> assertThat(t.status().state())
                                        .isEqualTo(t.id().task() < tasksMax ? StatusState.PAUSED : StatusState.FAILED));
                    }
                }
                if (target != TargetState.STOPPED) {
                    expected.add(c.name());
                }
                c.tasks().stream()
                        .filter(t -> t.status().state() != StatusState.FAILED)
                        .forEach(t -> expected.add(t.id()));
            }
            assertThat(instances.keySet())
                    .as("the worker runs exactly what the view shows")
                    .isEqualTo(expected);
        }
    }
}
