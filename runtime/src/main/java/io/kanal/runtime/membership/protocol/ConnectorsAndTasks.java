package io.kanal.runtime.membership.protocol;

import io.kanal.runtime.herder.Assignment;
import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.List;
import java.util.Set;

/**
 * Connector instances and tasks, as one half of a {@link ConnectAssignment} (what a worker runs, or what it must
 * stop). The lists keep their order and any repeats, because the order decides the bytes Connect writes and a
 * decoded assignment must re-encode to the same bytes; use {@link #toAssignment()} for set semantics.
 *
 * @param connectors the connectors whose {@code Connector} instance is meant (task {@code -1} on the wire)
 * @param tasks the tasks
 */
public record ConnectorsAndTasks(List<String> connectors, List<ConnectorTaskId> tasks) {
    private static final ConnectorsAndTasks EMPTY = new ConnectorsAndTasks(List.of(), List.of());

    /**
     * Copies the lists.
     *
     * @param connectors the connectors, no nulls
     * @param tasks the tasks, no nulls
     */
    public ConnectorsAndTasks {
        connectors = List.copyOf(connectors);
        tasks = List.copyOf(tasks);
    }

    /**
     * No connectors and no tasks.
     *
     * @return the empty value
     */
    public static ConnectorsAndTasks empty() {
        return EMPTY;
    }

    /**
     * Whether there are neither connectors nor tasks.
     *
     * @return true if both lists are empty
     */
    public boolean isEmpty() {
        return connectors.isEmpty() && tasks.isEmpty();
    }

    /**
     * These connectors and tasks as the herder's {@link Assignment} (sets; never "everything").
     *
     * @return the assignment
     */
    public Assignment toAssignment() {
        return new Assignment(false, Set.copyOf(connectors), Set.copyOf(tasks));
    }
}
