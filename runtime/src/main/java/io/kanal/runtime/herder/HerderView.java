package io.kanal.runtime.herder;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of what the herder knows, published by {@link HerderLoop} after every step through an
 * {@code AtomicReference}: REST reads it from any thread without asking the herder thread.
 *
 * @param version increases with every published change
 * @param workerId this worker's id, as statuses show it
 * @param rebalanceInProgress whether the group is rebalancing (never in standalone mode)
 * @param connectors every connector with a config, by name
 */
public record HerderView(
        long version, String workerId, boolean rebalanceInProgress, SortedMap<String, ConnectorView> connectors) {

    /**
     * Copies the map.
     *
     * @param version the snapshot's version
     * @param workerId this worker's id
     * @param rebalanceInProgress whether the group is rebalancing
     * @param connectors the connectors
     */
    public HerderView {
        Objects.requireNonNull(workerId, "workerId");
        connectors = Collections.unmodifiableSortedMap(new TreeMap<>(connectors));
    }

    /**
     * Looks one connector up.
     *
     * @param name the connector's name
     * @return the connector, when it exists
     */
    public Optional<ConnectorView> connector(String name) {
        return Optional.ofNullable(connectors.get(name));
    }

    /**
     * One connector: config, target state, status and tasks.
     *
     * @param name the connector's name
     * @param config its config, as stored
     * @param targetState what the user asked for
     * @param status the connector instance's status
     * @param tasks its tasks, in task order
     */
    public record ConnectorView(
            String name, Map<String, String> config, TargetState targetState, Status status, List<TaskView> tasks) {
        /**
         * Copies the collections.
         *
         * @param name the connector's name
         * @param config its config
         * @param targetState what the user asked for
         * @param status the instance's status
         * @param tasks its tasks
         */
        public ConnectorView {
            Objects.requireNonNull(name, "name");
            config = Map.copyOf(config);
            Objects.requireNonNull(targetState, "targetState");
            Objects.requireNonNull(status, "status");
            tasks = List.copyOf(tasks);
        }

        /**
         * The connector as Connect's {@code ConnectorInfo} shows it.
         *
         * @return name, config and task ids
         */
        public ConnectorInfo info() {
            return new ConnectorInfo(
                    name, config, tasks.stream().map(TaskView::id).toList());
        }
    }

    /**
     * One task.
     *
     * @param id the task's id
     * @param config its config, as the connector generated it
     * @param status its status
     */
    public record TaskView(ConnectorTaskId id, Map<String, String> config, Status status) {
        /**
         * Copies the config.
         *
         * @param id the task's id
         * @param config its config
         * @param status its status
         */
        public TaskView {
            Objects.requireNonNull(id, "id");
            config = Map.copyOf(config);
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Connect's {@code ConnectorInfo}: what create and update return.
     *
     * @param name the connector's name
     * @param config its config
     * @param tasks its task ids
     */
    public record ConnectorInfo(String name, Map<String, String> config, List<ConnectorTaskId> tasks) {
        /**
         * Copies the collections.
         *
         * @param name the connector's name
         * @param config its config
         * @param tasks its task ids
         */
        public ConnectorInfo {
            Objects.requireNonNull(name, "name");
            config = Map.copyOf(config);
            tasks = List.copyOf(tasks);
        }
    }
}
