package io.kanal.runtime.herder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the herder learns: REST commands, what the config store read, what plugin calls returned, what the group
 * decided, and what connectors ask for. Immutable values; any thread may create one and submit it to {@link
 * HerderLoop#submit(HerderEvent)}.
 *
 * <p>Results of plugin calls carry the {@code generation} of the command that started the instance, so that a late
 * result of an instance the herder has since replaced is recognised and ignored.
 */
public sealed interface HerderEvent {

    /** A REST command: it gets exactly one {@link HerderCommand.Reply} with the same {@link #requestId()}. */
    sealed interface Request extends HerderEvent {
        /**
         * Identifies the request; positive and unique per herder.
         *
         * @return the id
         */
        long requestId();
    }

    /**
     * Create or replace a connector ({@code POST /connectors}, {@code PUT /connectors/{c}/config}). The config has
     * been validated by REST.
     *
     * @param requestId the request's id
     * @param name the connector's name
     * @param config its full config
     * @param allowReplace false for {@code POST}: an existing connector is an error
     * @param initialState the target state of a new connector ({@code initial_state}); ignored on replace
     */
    record PutConnectorConfig(
            long requestId,
            String name,
            Map<String, String> config,
            boolean allowReplace,
            Optional<TargetState> initialState)
            implements Request {
        /**
         * Copies the config.
         *
         * @param requestId the request's id
         * @param name the connector's name
         * @param config its config
         * @param allowReplace whether replacing is allowed
         * @param initialState the initial target state
         */
        public PutConnectorConfig {
            Objects.requireNonNull(name, "name");
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
            return "PutConnectorConfig[requestId=" + requestId + ", name=" + name + ", config=" + Redact.config(config)
                    + ", allowReplace=" + allowReplace + ", initialState=" + initialState + "]";
        }
    }

    /**
     * Delete a connector ({@code DELETE /connectors/{c}}).
     *
     * @param requestId the request's id
     * @param name the connector's name
     */
    record DeleteConnector(long requestId, String name) implements Request {}

    /**
     * Pause, resume or stop a connector ({@code PUT /connectors/{c}/pause|resume|stop}).
     *
     * @param requestId the request's id
     * @param name the connector's name
     * @param state the new target state
     */
    record ChangeTargetState(long requestId, String name, TargetState state) implements Request {}

    /**
     * Restart a connector and, optionally, its tasks ({@code POST /connectors/{c}/restart}, KIP-745).
     *
     * @param requestId the request's id
     * @param name the connector's name
     * @param includeTasks whether tasks restart too
     * @param onlyFailed whether only failed instances restart
     */
    record RestartConnector(long requestId, String name, boolean includeTasks, boolean onlyFailed) implements Request {}

    /**
     * Restart one task ({@code POST /connectors/{c}/tasks/{t}/restart}).
     *
     * @param requestId the request's id
     * @param id the task
     */
    record RestartTask(long requestId, ConnectorTaskId id) implements Request {}

    /**
     * Read a connector's task configs ({@code GET /connectors/{c}/tasks}).
     *
     * @param requestId the request's id
     * @param name the connector's name
     */
    record GetTaskConfigs(long requestId, String name) implements Request {}

    /**
     * Store task configs that the worker running the connector generated (Connect's internal {@code POST
     * /connectors/{c}/tasks}, sent by a follower to the leader). The signature was checked by REST.
     *
     * @param requestId the request's id
     * @param name the connector's name
     * @param configs one config per task, in task order
     */
    record PutTaskConfigs(long requestId, String name, List<Map<String, String>> configs) implements Request {
        /**
         * Copies the configs.
         *
         * @param requestId the request's id
         * @param name the connector's name
         * @param configs one config per task
         */
        public PutTaskConfigs {
            Objects.requireNonNull(name, "name");
            configs = configs.stream().map(Map::copyOf).toList();
        }

        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "PutTaskConfigs[requestId=" + requestId + ", name=" + name + ", " + Redact.configs(configs) + "]";
        }
    }

    /**
     * Reset a stopped connector's source offsets ({@code DELETE /connectors/{c}/offsets}, KIP-875).
     *
     * @param requestId the request's id
     * @param name the connector's name
     */
    record ResetOffsets(long requestId, String name) implements Request {}

    /**
     * Alter a stopped source connector's offsets ({@code PATCH /connectors/{c}/offsets}, KIP-875).
     *
     * @param requestId the request's id
     * @param name the connector's name
     * @param offsets offsets by source partition; a {@code null} offset removes the partition's offset
     */
    record AlterOffsets(long requestId, String name, Map<Map<String, Object>, Map<String, Object>> offsets)
            implements Request {
        /**
         * Copies the offsets, which may hold {@code null} values.
         *
         * @param requestId the request's id
         * @param name the connector's name
         * @param offsets offsets by source partition
         */
        public AlterOffsets {
            // Map.copyOf refuses the null offsets that remove a partition.
            offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
        }
    }

    /**
     * Answer at once ({@code GET /health}): that the herder thread answers at all shows that it is not stuck.
     *
     * @param requestId the request's id
     */
    record Ping(long requestId) implements Request {}

    /**
     * The store read a connector's config, or its deletion.
     *
     * @param name the connector's name
     * @param config its config; empty when the connector was deleted
     */
    record ConnectorConfigRead(String name, Optional<Map<String, String>> config) implements HerderEvent {
        /**
         * Copies the config.
         *
         * @param name the connector's name
         * @param config its config, or empty
         */
        public ConnectorConfigRead {
            Objects.requireNonNull(name, "name");
            config = config.map(Map::copyOf);
        }

        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "ConnectorConfigRead[name=" + name + ", config=" + Redact.config(config) + "]";
        }
    }

    /**
     * The store read a connector's task configs (applied atomically, as Connect's commit record does).
     *
     * @param name the connector's name
     * @param configs one config per task
     * @param generation the config topic's task-config generation of the connector these configs are (KIP-618; the
     *     tasks started from them carry it, and an exactly-once task checks it after taking its transactional id);
     *     {@code -1} when the store has no generations (standalone)
     */
    record TaskConfigsRead(String name, List<Map<String, String>> configs, int generation) implements HerderEvent {
        /**
         * Copies the configs.
         *
         * @param name the connector's name
         * @param configs one config per task
         * @param generation the task-config generation, {@code -1} when unknown
         */
        public TaskConfigsRead {
            Objects.requireNonNull(name, "name");
            configs = configs.stream().map(Map::copyOf).toList();
        }

        /**
         * Task configs of no known generation (a store without generations).
         *
         * @param name the connector's name
         * @param configs one config per task
         */
        public TaskConfigsRead(String name, List<Map<String, String>> configs) {
            this(name, configs, -1);
        }

        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "TaskConfigsRead[name=" + name + ", generation=" + generation + ", " + Redact.configs(configs) + "]";
        }
    }

    /**
     * The store read a connector's target state.
     *
     * @param name the connector's name
     * @param state the target state
     */
    record TargetStateRead(String name, TargetState state) implements HerderEvent {}

    /**
     * The store read a restart request (Connect's {@code restart-connector-<name>} record, KIP-745): every worker
     * restarts what it owns of the connector.
     *
     * @param name the connector's name
     * @param onlyFailed restart only instances that failed
     * @param includeTasks restart the tasks too
     */
    record RestartRequestRead(String name, boolean onlyFailed, boolean includeTasks) implements HerderEvent {}

    /**
     * A write the herder asked for is durable, or failed. The store delivers the write's read events before this one.
     *
     * @param requestId the id the write command carried
     * @param failure why it failed, when it did
     */
    record WriteCompleted(long requestId, Optional<String> failure) implements HerderEvent {}

    /**
     * A connector's source offsets were reset or altered, or that failed.
     *
     * @param requestId the id the reset command carried
     * @param failure why it failed, when it did
     */
    record OffsetsReset(long requestId, Optional<String> failure) implements HerderEvent {}

    /**
     * A connector instance started.
     *
     * @param name the connector's name
     * @param generation the generation of its {@link HerderCommand.StartConnector}
     */
    record ConnectorStarted(String name, long generation) implements HerderEvent {}

    /**
     * A connector instance failed to start or failed later; the instance is gone (the worker released it).
     *
     * @param name the connector's name
     * @param generation the instance's generation
     * @param error why
     */
    record ConnectorFailed(String name, long generation, StatusError error) implements HerderEvent {}

    /**
     * A connector instance stopped and is gone.
     *
     * @param name the connector's name
     * @param generation the instance's generation
     */
    record ConnectorStopped(String name, long generation) implements HerderEvent {}

    /**
     * A connector's {@code taskConfigs(maxTasks)} returned.
     *
     * @param name the connector's name
     * @param generation the instance's generation
     * @param configs one config per task
     */
    record TaskConfigsReturned(String name, long generation, List<Map<String, String>> configs) implements HerderEvent {
        /**
         * Copies the configs.
         *
         * @param name the connector's name
         * @param generation the instance's generation
         * @param configs one config per task
         */
        public TaskConfigsReturned {
            Objects.requireNonNull(name, "name");
            configs = configs.stream().map(Map::copyOf).toList();
        }

        /**
         * Renders the record without config values, which may be secrets.
         *
         * @return the rendering
         */
        @Override
        public String toString() {
            return "TaskConfigsReturned[name=" + name + ", generation=" + generation + ", " + Redact.configs(configs)
                    + "]";
        }
    }

    /**
     * A connector's {@code taskConfigs(maxTasks)} threw.
     *
     * @param name the connector's name
     * @param generation the instance's generation
     * @param error why
     */
    record TaskConfigsFailed(String name, long generation, StatusError error) implements HerderEvent {}

    /**
     * A plugin call is past its deadline and still running (the invoker's watchdog says so); the herder does not wait
     * for it, it records it in the status.
     *
     * @param connector the connector's name
     * @param task the task number, or empty for the connector instance
     * @param generation the instance's generation
     * @param stage the method, for example {@code taskConfigs}
     * @param detail for how long, and the stuck thread's stack
     */
    record CallStuck(String connector, OptionalInt task, long generation, String stage, String detail)
            implements HerderEvent {}

    /**
     * A task started.
     *
     * @param id the task
     * @param generation the generation of its {@link HerderCommand.StartTask}
     * @param transactional whether it is an exactly-once source task (it writes in transactions): such a task
     *     restarts on every new task-config commit of its connector, so that each generation runs the leader's round
     *     of zombie fencing (KIP-618)
     */
    record TaskStarted(ConnectorTaskId id, long generation, boolean transactional) implements HerderEvent {

        /**
         * A task that does not write in transactions started.
         *
         * @param id the task
         * @param generation the generation of its {@link HerderCommand.StartTask}
         */
        public TaskStarted(ConnectorTaskId id, long generation) {
            this(id, generation, false);
        }
    }

    /**
     * A task failed to start or failed later; the instance is gone (the worker released it).
     *
     * @param id the task
     * @param generation the instance's generation
     * @param error why
     */
    record TaskFailed(ConnectorTaskId id, long generation, StatusError error) implements HerderEvent {}

    /**
     * A task stopped (or was abandoned after its graceful timeout) and is gone.
     *
     * @param id the task
     * @param generation the instance's generation
     */
    record TaskStopped(ConnectorTaskId id, long generation) implements HerderEvent {}

    /** The group started a rebalance: restarts are refused until the next {@link AssignmentChanged}. */
    record RebalanceStarted() implements HerderEvent {}

    /**
     * The group assigned this worker its work.
     *
     * @param assignment what this worker owns now
     */
    record AssignmentChanged(Assignment assignment) implements HerderEvent {}

    /**
     * A connector asked for its task configs to be regenerated ({@code requestTaskReconfiguration}).
     *
     * @param name the connector's name
     */
    record ReconfigurationRequested(String name) implements HerderEvent {}
}
