package io.kanal.runtime.store.kafka;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.TargetState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of Kafka Connect's config topic after a prefix of it was read: Connect's {@code ClusterConfigState},
 * immutable.
 *
 * @param offset the offset of the next record to read: one past the last record whose value was JSON; -1 before any
 * @param sessionKey the last session key read
 * @param connectorConfigs connector configs by name
 * @param targetStates target states by connector name; a connector without a target state record is {@code RUNNING}
 * @param taskCounts the task count of each connector's last commit record
 * @param taskConfigs committed task configs; may hold tasks beyond a connector's count, left from an older commit
 * @param taskCountRecords the task count of each connector's last fencing record (exactly-once source)
 * @param taskConfigGenerations how many complete commits with task configs each connector has had, from 0
 * @param appliedConnectorConfigs each connector's config as of its last complete commit
 * @param pendingFencing connectors whose last commit came after their last fencing record
 * @param inconsistent connectors whose last commit lacked some of its task configs (compaction or a writer that
 *     died mid-write); their tasks must not run until the connector's configs are written again
 */
public record ConfigSnapshot(
        long offset,
        Optional<ConfigRecord.SessionKey> sessionKey,
        Map<String, Map<String, String>> connectorConfigs,
        Map<String, TargetState> targetStates,
        Map<String, Integer> taskCounts,
        Map<ConnectorTaskId, Map<String, String>> taskConfigs,
        Map<String, Integer> taskCountRecords,
        Map<String, Integer> taskConfigGenerations,
        Map<String, Map<String, String>> appliedConnectorConfigs,
        Set<String> pendingFencing,
        Set<String> inconsistent) {

    /** The state before any record. */
    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(
            -1,
            Optional.empty(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Set.of(),
            Set.of());

    /**
     * Copies the collections.
     *
     * @param offset the next offset
     * @param sessionKey the session key
     * @param connectorConfigs connector configs
     * @param targetStates target states
     * @param taskCounts task counts
     * @param taskConfigs task configs
     * @param taskCountRecords fencing task counts
     * @param taskConfigGenerations task config generations
     * @param appliedConnectorConfigs applied connector configs
     * @param pendingFencing connectors pending fencing
     * @param inconsistent inconsistent connectors
     */
    public ConfigSnapshot {
        connectorConfigs = Map.copyOf(connectorConfigs);
        targetStates = Map.copyOf(targetStates);
        taskCounts = Map.copyOf(taskCounts);
        taskConfigs = Map.copyOf(taskConfigs);
        taskCountRecords = Map.copyOf(taskCountRecords);
        taskConfigGenerations = Map.copyOf(taskConfigGenerations);
        appliedConnectorConfigs = Map.copyOf(appliedConnectorConfigs);
        pendingFencing = Set.copyOf(pendingFencing);
        inconsistent = Set.copyOf(inconsistent);
    }

    /**
     * The tasks a connector runs, as Connect's {@code ClusterConfigState.tasks}: none while it is inconsistent,
     * otherwise tasks 0 to its last committed count.
     *
     * @param connector the connector's name
     * @return its task ids, in order
     */
    public List<ConnectorTaskId> tasks(String connector) {
        Integer count = taskCounts.get(connector);
        if (inconsistent.contains(connector) || count == null) {
            return List.of();
        }
        List<ConnectorTaskId> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tasks.add(new ConnectorTaskId(connector, i));
        }
        return List.copyOf(tasks);
    }

    /**
     * The configs of the tasks a connector runs, in task order.
     *
     * @param connector the connector's name
     * @return one config per task of {@link #tasks}
     */
    public List<Map<String, String>> taskConfigList(String connector) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (ConnectorTaskId task : tasks(connector)) {
            configs.add(taskConfigs.get(task));
        }
        return configs;
    }

    /**
     * A connector's target state, as Connect reports it.
     *
     * @param connector the connector's name
     * @return its target state, when it has one
     */
    public Optional<TargetState> targetState(String connector) {
        return Optional.ofNullable(targetStates.get(connector));
    }
}
