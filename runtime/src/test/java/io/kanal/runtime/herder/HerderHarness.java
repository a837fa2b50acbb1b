package io.kanal.runtime.herder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Drives a {@link HerderStateMachine} in tests: a number for the clock, an in-memory store that applies writes and
 * reads them back as a real store does, and a scriptable worker that answers plugin commands (or holds them, to play
 * a slow or stuck plugin). No threads.
 */
final class HerderHarness {

    final HerderStateMachine machine;
    long now = 1_000;
    private long nextRequestId = 1;

    /** Every command the machine emitted, in order. */
    final List<HerderCommand> log = new ArrayList<>();
    /** Replies by request id. */
    final Map<Long, HerderReply> replies = new HashMap<>();
    /** Commands not yet carried out (store writes, plugin calls). */
    final Deque<HerderCommand> pending = new ArrayDeque<>();
    /** Plugin commands the worker chose to hold. */
    final List<HerderCommand> held = new ArrayList<>();

    long nextWakeupMs = Step.NO_WAKEUP;

    /** The store's content. */
    final Map<String, Map<String, String>> storedConfigs = new LinkedHashMap<>();

    final Map<String, TargetState> storedTargets = new HashMap<>();
    final Map<String, List<Map<String, String>>> storedTaskConfigs = new HashMap<>();
    /** When set, store writes fail with this message. */
    String failStoreWrites;

    /** How the fake worker answers a plugin command; empty holds it. */
    Function<HerderCommand, Optional<HerderEvent>> worker = this::defaultWorker;
    /** What a connector's taskConfigs returns, by connector name. */
    final Map<String, List<Map<String, String>>> generatedTaskConfigs = new HashMap<>();

    HerderHarness() {
        this(Map.of());
    }

    HerderHarness(Map<String, String> workerConfig) {
        machine = new HerderStateMachine("worker-1", workerConfig);
        send(new HerderEvent.AssignmentChanged(Assignment.all()));
    }

    long nextRequestId() {
        return nextRequestId++;
    }

    Step send(HerderEvent event) {
        Step step = machine.onEvent(event, now);
        record(step);
        return step;
    }

    Step timer(long at) {
        now = at;
        Step step = machine.onTimer(now);
        record(step);
        return step;
    }

    private void record(Step step) {
        nextWakeupMs = step.nextWakeupMs();
        for (HerderCommand command : step.commands()) {
            log.add(command);
            if (command instanceof HerderCommand.Reply reply) {
                if (replies.put(reply.requestId(), reply.reply()) != null) {
                    throw new AssertionError("second reply to request " + reply.requestId());
                }
            } else {
                pending.add(command);
            }
        }
    }

    /** Sends a request and carries out everything that follows; returns the reply. */
    HerderReply request(java.util.function.LongFunction<HerderEvent.Request> request) {
        long id = nextRequestId();
        send(request.apply(id));
        settle();
        return replies.get(id);
    }

    HerderReply create(String name, Map<String, String> config) {
        return request(id -> new HerderEvent.PutConnectorConfig(id, name, config, false, Optional.empty()));
    }

    /** Carries out pending commands until nothing is left but held ones. */
    void settle() {
        while (!pending.isEmpty()) {
            HerderCommand command = pending.poll();
            List<HerderEvent> results = carryOut(command);
            for (HerderEvent event : results) {
                send(event);
            }
        }
    }

    /** Releases held commands matching the filter with the given answer. */
    void release(HerderCommand command, HerderEvent answer) {
        if (!held.remove(command)) {
            throw new AssertionError("not held: " + command);
        }
        send(answer);
        settle();
    }

    List<HerderEvent> carryOut(HerderCommand command) {
        List<HerderEvent> events = new ArrayList<>();
        if (command instanceof HerderCommand.WriteConnectorConfig w) {
            if (failStoreWrites == null) {
                w.initialState().ifPresent(s -> {
                    storedTargets.put(w.name(), s);
                    events.add(new HerderEvent.TargetStateRead(w.name(), s));
                });
                storedConfigs.put(w.name(), w.config());
                events.add(new HerderEvent.ConnectorConfigRead(w.name(), Optional.of(w.config())));
            }
            events.add(completion(w.requestId()));
        } else if (command instanceof HerderCommand.WriteTaskConfigs w) {
            if (failStoreWrites == null) {
                storedTaskConfigs.put(w.name(), w.configs());
                events.add(new HerderEvent.TaskConfigsRead(w.name(), w.configs()));
            }
            events.add(completion(w.requestId()));
        } else if (command instanceof HerderCommand.WriteTargetState w) {
            if (failStoreWrites == null) {
                storedTargets.put(w.name(), w.state());
                events.add(new HerderEvent.TargetStateRead(w.name(), w.state()));
            }
            events.add(completion(w.requestId()));
        } else if (command instanceof HerderCommand.DeleteConnectorConfig w) {
            if (failStoreWrites == null) {
                storedConfigs.remove(w.name());
                storedTargets.remove(w.name());
                storedTaskConfigs.remove(w.name());
                events.add(new HerderEvent.ConnectorConfigRead(w.name(), Optional.empty()));
            }
            events.add(completion(w.requestId()));
        } else if (command instanceof HerderCommand.ResetOffsets r) {
            events.add(new HerderEvent.OffsetsReset(r.requestId(), Optional.empty()));
        } else if (command instanceof HerderCommand.AlterOffsets r) {
            events.add(new HerderEvent.OffsetsReset(r.requestId(), Optional.ofNullable(failStoreWrites)));
        } else {
            Optional<HerderEvent> answer = worker.apply(command);
            if (answer.isPresent()) {
                events.add(answer.get());
            } else if (!(command instanceof HerderCommand.SetConnectorTargetState)
                    && !(command instanceof HerderCommand.SetTaskTargetState)) {
                held.add(command);
            }
        }
        return events;
    }

    private HerderEvent completion(long requestId) {
        return new HerderEvent.WriteCompleted(requestId, Optional.ofNullable(failStoreWrites));
    }

    Optional<HerderEvent> defaultWorker(HerderCommand command) {
        if (command instanceof HerderCommand.StartConnector c) {
            return Optional.of(new HerderEvent.ConnectorStarted(c.name(), c.generation()));
        } else if (command instanceof HerderCommand.StopConnector c) {
            return Optional.of(new HerderEvent.ConnectorStopped(c.name(), c.generation()));
        } else if (command instanceof HerderCommand.CallTaskConfigs c) {
            List<Map<String, String>> configs = generatedTaskConfigs.getOrDefault(c.name(), List.of(Map.of("t", "0")));
            return Optional.of(new HerderEvent.TaskConfigsReturned(c.name(), c.generation(), configs));
        } else if (command instanceof HerderCommand.StartTask t) {
            return Optional.of(new HerderEvent.TaskStarted(t.id(), t.generation()));
        } else if (command instanceof HerderCommand.StopTask t) {
            return Optional.of(new HerderEvent.TaskStopped(t.id(), t.generation()));
        }
        return Optional.empty();
    }

    /** The commands emitted since {@code mark} (an index into {@link #log}). */
    List<HerderCommand> since(int mark) {
        return List.copyOf(log.subList(mark, log.size()));
    }

    HerderView.ConnectorView connector(String name) {
        return machine.view().connector(name).orElseThrow(() -> new AssertionError("no connector " + name));
    }

    StatusState taskState(String name, int task) {
        return connector(name).tasks().get(task).status().state();
    }

    /** The latest generation of the StartTask for the task. */
    long generationOf(ConnectorTaskId id) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i) instanceof HerderCommand.StartTask s && s.id().equals(id)) {
                return s.generation();
            }
        }
        throw new AssertionError("never started: " + id);
    }

    long generationOfConnector(String name) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i) instanceof HerderCommand.StartConnector s && s.name().equals(name)) {
                return s.generation();
            }
        }
        throw new AssertionError("never started: " + name);
    }

    static Map<String, String> config(String... keyValues) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "Test");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    static List<Map<String, String>> taskConfigs(String... values) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (String value : values) {
            configs.add(Map.of("t", value));
        }
        return configs;
    }
}
