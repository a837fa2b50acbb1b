package io.kanal.runtime.herder;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the herder asks others to do. {@link HerderLoop} hands each one to {@link HerderActions}, which must not
 * block: plugin calls and store writes run elsewhere and come back as {@link HerderEvent}s.
 */
public sealed interface HerderCommand {

    /**
     * Start a connector instance; answered by {@link HerderEvent.ConnectorStarted} or {@link
     * HerderEvent.ConnectorFailed}.
     *
     * @param name the connector's name
     * @param generation identifies this instance in the results
     * @param config the connector's config
     * @param targetState {@code RUNNING} or {@code PAUSED}
     */
    record StartConnector(String name, long generation, Map<String, String> config, TargetState targetState)
            implements HerderCommand {
        /**
         * Copies the config.
         *
         * @param name the connector's name
         * @param generation the instance's generation
         * @param config its config
         * @param targetState the target state
         */
        public StartConnector {
            config = Map.copyOf(config);
        }

        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "StartConnector[name=" + name + ", generation=" + generation + ", config=" + Redact.config(config)
                    + ", targetState=" + targetState + "]";
        }
    }

    /**
     * Pause or resume a running connector instance.
     *
     * @param name the connector's name
     * @param generation the instance's generation
     * @param targetState {@code RUNNING} or {@code PAUSED}
     */
    record SetConnectorTargetState(String name, long generation, TargetState targetState) implements HerderCommand {}

    /**
     * Stop a connector instance; answered by {@link HerderEvent.ConnectorStopped}.
     *
     * @param name the connector's name
     * @param generation the instance's generation
     */
    record StopConnector(String name, long generation) implements HerderCommand {}

    /**
     * Call the connector's {@code taskConfigs(maxTasks)}; answered by {@link HerderEvent.TaskConfigsReturned} or
     * {@link HerderEvent.TaskConfigsFailed}, and possibly first by {@link HerderEvent.CallStuck}.
     *
     * @param name the connector's name
     * @param generation the instance's generation
     * @param maxTasks {@code tasks.max}
     */
    record CallTaskConfigs(String name, long generation, int maxTasks) implements HerderCommand {}

    /**
     * Start a task; answered by {@link HerderEvent.TaskStarted} or {@link HerderEvent.TaskFailed}.
     *
     * @param id the task
     * @param generation identifies this instance in the results
     * @param connectorConfig the connector's config
     * @param taskConfig the task's config
     * @param targetState {@code RUNNING} or {@code PAUSED}
     * @param taskConfigGeneration the config topic's task-config generation the task config is of ({@link
     *     HerderEvent.TaskConfigsRead#generation()}); {@code -1} when unknown
     */
    record StartTask(
            ConnectorTaskId id,
            long generation,
            Map<String, String> connectorConfig,
            Map<String, String> taskConfig,
            TargetState targetState,
            int taskConfigGeneration)
            implements HerderCommand {
        /**
         * Copies the configs.
         *
         * @param id the task
         * @param generation the instance's generation
         * @param connectorConfig the connector's config
         * @param taskConfig the task's config
         * @param targetState the target state
         * @param taskConfigGeneration the task-config generation, {@code -1} when unknown
         */
        public StartTask {
            connectorConfig = Map.copyOf(connectorConfig);
            taskConfig = Map.copyOf(taskConfig);
        }

        /**
         * A task started from task configs of no known generation.
         *
         * @param id the task
         * @param generation the instance's generation
         * @param connectorConfig the connector's config
         * @param taskConfig the task's config
         * @param targetState the target state
         */
        public StartTask(
                ConnectorTaskId id,
                long generation,
                Map<String, String> connectorConfig,
                Map<String, String> taskConfig,
                TargetState targetState) {
            this(id, generation, connectorConfig, taskConfig, targetState, -1);
        }

        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "StartTask[id=" + id + ", generation=" + generation + ", taskConfig=" + Redact.config(taskConfig)
                    + ", targetState=" + targetState + ", taskConfigGeneration=" + taskConfigGeneration + "]";
        }
    }

    /**
     * Pause or resume a running task.
     *
     * @param id the task
     * @param generation the instance's generation
     * @param targetState {@code RUNNING} or {@code PAUSED}
     */
    record SetTaskTargetState(ConnectorTaskId id, long generation, TargetState targetState) implements HerderCommand {}

    /**
     * Stop a task; answered by {@link HerderEvent.TaskStopped}, at the latest after the graceful timeout.
     *
     * @param id the task
     * @param generation the instance's generation
     */
    record StopTask(ConnectorTaskId id, long generation) implements HerderCommand {}

    /**
     * Persist a connector's config (and, for a new connector, its initial target state); answered by the store's
     * read events and then {@link HerderEvent.WriteCompleted}.
     *
     * @param requestId the id of the write
     * @param name the connector's name
     * @param config its config
     * @param initialState the target state to write first, for a new connector
     */
    record WriteConnectorConfig(
            long requestId, String name, Map<String, String> config, Optional<TargetState> initialState)
            implements HerderCommand {
        /**
         * Copies the config.
         *
         * @param requestId the id of the write
         * @param name the connector's name
         * @param config its config
         * @param initialState the initial target state
         */
        public WriteConnectorConfig {
            config = Map.copyOf(config);
            Objects.requireNonNull(initialState, "initialState");
        }

        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "WriteConnectorConfig[requestId=" + requestId + ", name=" + name + ", config="
                    + Redact.config(config) + ", initialState=" + initialState + "]";
        }
    }

    /**
     * Persist a connector's task configs, atomically.
     *
     * @param requestId the id of the write (negative: the herder's own)
     * @param name the connector's name
     * @param configs one config per task; empty for a stopped connector
     */
    record WriteTaskConfigs(long requestId, String name, List<Map<String, String>> configs) implements HerderCommand {
        /**
         * Copies the configs.
         *
         * @param requestId the id of the write
         * @param name the connector's name
         * @param configs one config per task
         */
        public WriteTaskConfigs {
            configs = configs.stream().map(Map::copyOf).toList();
        }

        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "WriteTaskConfigs[requestId=" + requestId + ", name=" + name + ", " + Redact.configs(configs) + "]";
        }
    }

    /**
     * Persist a connector's target state.
     *
     * @param requestId the id of the write
     * @param name the connector's name
     * @param state the target state
     */
    record WriteTargetState(long requestId, String name, TargetState state) implements HerderCommand {}

    /**
     * Persist a restart request for every worker of the cluster to carry out (KIP-745). Distributed mode only.
     *
     * @param requestId the id of the write
     * @param name the connector's name
     * @param onlyFailed restart only instances that failed
     * @param includeTasks restart the tasks too
     */
    record WriteRestartRequest(long requestId, String name, boolean onlyFailed, boolean includeTasks)
            implements HerderCommand {}

    /**
     * Delete a connector's config, task configs and target state.
     *
     * @param requestId the id of the write
     * @param name the connector's name
     */
    record DeleteConnectorConfig(long requestId, String name) implements HerderCommand {}

    /**
     * Reset a stopped connector's offsets: a source connector's in the offset store, a sink connector's consumer
     * group; answered by {@link HerderEvent.OffsetsReset}.
     *
     * @param requestId the id of the request
     * @param name the connector's name
     * @param config its stored config, which says whether it is a sink and how to reach its group
     */
    record ResetOffsets(long requestId, String name, Map<String, String> config) implements HerderCommand {
        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "ResetOffsets[requestId=" + requestId + ", name=" + name + ", " + Redact.config(config) + "]";
        }
    }

    /**
     * Write a stopped connector's altered offsets; answered by {@link HerderEvent.OffsetsReset}.
     *
     * @param requestId the id of the request
     * @param name the connector's name
     * @param config its stored config, which says whether it is a sink and how to reach its group
     * @param offsets offsets by partition; a {@code null} offset removes the partition's offset
     */
    record AlterOffsets(
            long requestId,
            String name,
            Map<String, String> config,
            Map<Map<String, Object>, Map<String, Object>> offsets)
            implements HerderCommand {
        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "AlterOffsets[requestId=" + requestId + ", name=" + name + ", " + Redact.config(config) + ", "
                    + offsets.size() + " partition(s)]";
        }
    }

    /**
     * Answer a REST command.
     *
     * @param requestId the request's id
     * @param reply the answer
     */
    record Reply(long requestId, HerderReply reply) implements HerderCommand {}
}
