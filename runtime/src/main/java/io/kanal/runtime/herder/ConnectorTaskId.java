package io.kanal.runtime.herder;

import java.util.Objects;

/**
 * Identifies one task of a connector, as Connect's {@code ConnectorTaskId}: connector name and task number.
 *
 * @param connector the connector's name
 * @param task the task number, from 0
 */
public record ConnectorTaskId(String connector, int task) implements Comparable<ConnectorTaskId> {

    /**
     * Checks the id.
     *
     * @param connector the connector's name
     * @param task the task number, from 0
     */
    public ConnectorTaskId {
        Objects.requireNonNull(connector, "connector");
        if (task < 0) {
            throw new IllegalArgumentException("task number must be >= 0: " + task);
        }
    }

    /**
     * Orders by connector name, then task number.
     *
     * @param other another id
     * @return the comparison
     */
    @Override
    public int compareTo(ConnectorTaskId other) {
        int byName = connector.compareTo(other.connector);
        return byName != 0 ? byName : Integer.compare(task, other.task);
    }

    /**
     * Connect's rendering, {@code <connector>-<task>}.
     *
     * @return the rendering
     */
    @Override
    public String toString() {
        return connector + "-" + task;
    }
}
