package io.kanal.runtime.herder;

import java.util.Set;

/**
 * What this worker owns: the connectors whose instances and the tasks it runs. Standalone mode owns everything
 * ({@link #all()}), whatever the configs later add.
 *
 * @param everything whether the worker owns every connector and task, present and future
 * @param connectors the connectors owned, when not {@code everything}
 * @param tasks the tasks owned, when not {@code everything}
 */
public record Assignment(boolean everything, Set<String> connectors, Set<ConnectorTaskId> tasks) {

    private static final Assignment ALL = new Assignment(true, Set.of(), Set.of());
    private static final Assignment NONE = new Assignment(false, Set.of(), Set.of());

    /**
     * Copies the sets.
     *
     * @param everything whether the worker owns everything
     * @param connectors the connectors owned
     * @param tasks the tasks owned
     */
    public Assignment {
        connectors = Set.copyOf(connectors);
        tasks = Set.copyOf(tasks);
    }

    /**
     * Everything, as standalone mode assigns it.
     *
     * @return the assignment
     */
    public static Assignment all() {
        return ALL;
    }

    /**
     * Nothing, as a worker starts before it has joined.
     *
     * @return the assignment
     */
    public static Assignment none() {
        return NONE;
    }

    /**
     * Whether this worker runs the connector's instance.
     *
     * @param connector the connector's name
     * @return whether it is owned
     */
    public boolean owns(String connector) {
        return everything || connectors.contains(connector);
    }

    /**
     * Whether this worker runs the task.
     *
     * @param task the task
     * @return whether it is owned
     */
    public boolean owns(ConnectorTaskId task) {
        return everything || tasks.contains(task);
    }
}
