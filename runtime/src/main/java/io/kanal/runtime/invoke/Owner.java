package io.kanal.runtime.invoke;

/**
 * Who a plugin call is made for: a connector ({@code task == -1}) or one of its tasks. Its {@link #toString()} is
 * Connect's id: {@code name} for a connector, {@code name-3} for task 3. Converters, transforms and predicates are
 * called on behalf of the task (or connector) that uses them.
 *
 * @param connector the connector's name
 * @param task the task number, or {@link #CONNECTOR} for the connector itself
 */
public record Owner(String connector, int task) {

    /** The {@link #task()} of a connector's own calls. */
    public static final int CONNECTOR = -1;

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when the name is blank or the task number below {@link #CONNECTOR}
     */
    public Owner {
        if (connector == null || connector.isBlank()) {
            throw new IllegalArgumentException("an owner needs a connector name, got '" + connector + "'");
        }
        if (task < CONNECTOR) {
            throw new IllegalArgumentException("task number must be >= 0, got " + task);
        }
    }

    /**
     * The owner of a connector's calls.
     *
     * @param connector the connector's name
     * @return the owner
     */
    public static Owner connector(String connector) {
        return new Owner(connector, CONNECTOR);
    }

    /**
     * The owner of a task's calls.
     *
     * @param connector the connector's name
     * @param task the task number
     * @return the owner
     */
    public static Owner task(String connector, int task) {
        if (task < 0) {
            throw new IllegalArgumentException("task number must be >= 0, got " + task);
        }
        return new Owner(connector, task);
    }

    /**
     * Whether this is a task.
     *
     * @return {@code true} for a task, {@code false} for a connector
     */
    public boolean isTask() {
        return task != CONNECTOR;
    }

    @Override
    public String toString() {
        return isTask() ? connector + "-" + task : connector;
    }
}
