package io.kanal.runtime.herder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state shared by the parts of {@link HerderStateMachine}: the connectors, the assignment, the clock of the
 * current step and the commands it has produced so far. Owned by the {@code kanal-herder} thread.
 */
final class MachineState {

    final String workerId;
    final Map<String, String> workerConfig;
    final Map<String, ConnectorEntry> connectors = new TreeMap<>();
    final List<HerderCommand> out = new ArrayList<>();
    Assignment assignment = Assignment.none();
    boolean rebalancing;
    long nowMs;
    private long nextGeneration = 1;
    private long nextInternalWriteId = -1;

    MachineState(String workerId, Map<String, String> workerConfig) {
        this.workerId = workerId;
        this.workerConfig = Map.copyOf(workerConfig);
    }

    long nextGeneration() {
        return nextGeneration++;
    }

    /** Ids of the herder's own store writes are negative, so that they never collide with REST request ids. */
    long nextInternalWriteId() {
        return nextInternalWriteId--;
    }

    void emit(HerderCommand command) {
        out.add(command);
    }

    ConnectorEntry entry(String name) {
        return connectors.computeIfAbsent(name, ConnectorEntry::new);
    }

    ConnectorEntry visible(String name) {
        ConnectorEntry entry = connectors.get(name);
        return entry != null && entry.visible() ? entry : null;
    }
}
