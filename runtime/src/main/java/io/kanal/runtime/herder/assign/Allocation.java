package io.kanal.runtime.herder.assign;

import io.kanal.runtime.herder.ConnectorTaskId;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Connectors and tasks held by, given to or taken from one worker: the {@code Allocation} of Connect's join metadata,
 * and the {@code Assignment} and {@code Revoked} lists of its assignment. Immutable; the sets iterate in order so that
 * everything computed from them is deterministic.
 *
 * @param connectors the connectors (each one runs the {@code Connector} instance, Connect's task id {@code -1})
 * @param tasks the tasks
 */
public record Allocation(SortedSet<String> connectors, SortedSet<ConnectorTaskId> tasks) {

    private static final Allocation EMPTY = new Allocation(new TreeSet<>(), new TreeSet<>());

    /**
     * Copies the sets into sorted, unmodifiable ones.
     *
     * @param connectors the connectors
     * @param tasks the tasks
     */
    public Allocation {
        connectors = Collections.unmodifiableSortedSet(new TreeSet<>(connectors));
        tasks = Collections.unmodifiableSortedSet(new TreeSet<>(tasks));
    }

    /**
     * An allocation from any collections.
     *
     * @param connectors the connectors
     * @param tasks the tasks
     * @return the allocation
     */
    public static Allocation of(Collection<String> connectors, Collection<ConnectorTaskId> tasks) {
        return new Allocation(new TreeSet<>(connectors), new TreeSet<>(tasks));
    }

    /**
     * Nothing: a worker that has just started, or a member that is given or loses nothing.
     *
     * @return the empty allocation
     */
    public static Allocation empty() {
        return EMPTY;
    }

    /**
     * Whether it holds neither connectors nor tasks.
     *
     * @return whether it is empty
     */
    public boolean isEmpty() {
        return connectors.isEmpty() && tasks.isEmpty();
    }

    /**
     * How many tasks of one connector it holds.
     *
     * @param connector the connector's name
     * @return the number of its tasks
     */
    public int taskCount(String connector) {
        return (int) tasks.stream().filter(t -> t.connector().equals(connector)).count();
    }
}
