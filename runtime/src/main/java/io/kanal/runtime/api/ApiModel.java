package io.kanal.runtime.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values the API services return. Component names in snake case are Connect's JSON field names; a {@code null}
 * component is one Connect omits. All are immutable.
 */
public final class ApiModel {

    private ApiModel() {}

    /**
     * A task's id, as Connect's {@code ConnectorTaskId} JSON shows it.
     *
     * @param connector the connector's name
     * @param task the task number
     */
    public record TaskId(String connector, int task) {
        /**
         * Checks the id.
         *
         * @param connector the connector's name
         * @param task the task number
         */
        public TaskId {
            Objects.requireNonNull(connector, "connector");
        }
    }

    /**
     * Connect's {@code ConnectorInfo}.
     *
     * @param name the connector's name
     * @param config its config as stored (provider placeholders unresolved)
     * @param tasks its task ids
     * @param type {@code source}, {@code sink} or {@code unknown}
     */
    public record ConnectorInfo(String name, Map<String, String> config, List<TaskId> tasks, String type) {
        /**
         * Copies the collections.
         *
         * @param name the connector's name
         * @param config its config
         * @param tasks its task ids
         * @param type its type
         */
        public ConnectorInfo {
            Objects.requireNonNull(name, "name");
            config = Map.copyOf(config);
            tasks = List.copyOf(tasks);
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A connector that was created or whose config was replaced.
     *
     * @param created whether it is new (201) or replaced (200)
     * @param info the connector
     */
    public record Written(boolean created, ConnectorInfo info) {}

    /**
     * Kanal's structured form of a failure, shown next to Connect's {@code trace} as an extra {@code error} field of a
     * connector's or task's status (Connect's clients ignore fields they do not know).
     *
     * @param stage what was being done: {@code start}, {@code poll}, {@code put}, {@code valueConverter}, ...
     * @param exceptionClass the exception's class name; empty when the failure was not an exception
     * @param message the exception's message, secrets masked
     * @param record the record involved; null when there is none
     */
    public record ErrorInfo(String stage, String exceptionClass, String message, RecordInfo record) {}

    /**
     * The record a failure is about.
     *
     * @param topic its topic
     * @param partition its partition; null when unknown (a source record not written yet)
     * @param offset its offset; null when unknown
     */
    public record RecordInfo(String topic, Integer partition, Long offset) {}

    /**
     * The state of a connector instance, as the {@code connector} object of Connect's status shows it.
     *
     * @param state {@code RUNNING}, {@code FAILED}, ...
     * @param workerId the worker that runs it
     * @param trace the failure's stack trace; null when there is none
     * @param error Kanal's structured failure; null when there is none
     */
    public record ConnectorState(String state, String workerId, String trace, ErrorInfo error) {
        /**
         * A state without Kanal's structured error.
         *
         * @param state the state
         * @param workerId the worker
         * @param trace the stack trace, or null
         */
        public ConnectorState(String state, String workerId, String trace) {
            this(state, workerId, trace, null);
        }
    }

    /**
     * The state of a task, as Connect's {@code TaskState} shows it.
     *
     * @param id the task number
     * @param state {@code RUNNING}, {@code FAILED}, ...
     * @param workerId the worker that runs it
     * @param trace the failure's stack trace; null when there is none
     * @param error Kanal's structured failure; null when there is none
     */
    public record TaskState(int id, String state, String workerId, String trace, ErrorInfo error) {
        /**
         * A state without Kanal's structured error.
         *
         * @param id the task number
         * @param state the state
         * @param workerId the worker
         * @param trace the stack trace, or null
         */
        public TaskState(int id, String state, String workerId, String trace) {
            this(id, state, workerId, trace, null);
        }
    }

    /**
     * Connect's {@code ConnectorStateInfo}.
     *
     * @param name the connector's name
     * @param connector the connector instance's state
     * @param tasks its tasks' states
     * @param type {@code source}, {@code sink} or {@code unknown}
     */
    public record ConnectorStatus(String name, ConnectorState connector, List<TaskState> tasks, String type) {
        /**
         * Copies the tasks.
         *
         * @param name the connector's name
         * @param connector its state
         * @param tasks its tasks' states
         * @param type its type
         */
        public ConnectorStatus {
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * One entry of {@code GET /connectors/{c}/tasks}.
     *
     * @param id the task's id
     * @param config the task's config
     */
    public record TaskInfo(TaskId id, Map<String, String> config) {
        /**
         * Copies the config.
         *
         * @param id the task's id
         * @param config its config
         */
        public TaskInfo {
            config = Map.copyOf(config);
        }
    }

    /**
     * One entry of {@code GET /connectors?expand=...}: whichever parts were asked for.
     *
     * @param status the status, or null when not asked for
     * @param info the info, or null when not asked for
     */
    public record Expanded(ConnectorStatus status, ConnectorInfo info) {}

    /**
     * One entry of {@code GET /connector-plugins}; REST shows {@code className} as {@code class}.
     *
     * @param className the plugin's class
     * @param type {@code source}, {@code sink}, {@code converter}, ...
     * @param version its version
     */
    public record PluginInfo(String className, String type, String version) {}

    /**
     * What {@code GET /} answers.
     *
     * @param version the runtime's version
     * @param commit the commit it was built from
     * @param kafkaClusterId the Kafka cluster's id; null while unknown
     */
    public record ServerInfo(String version, String commit, String kafkaClusterId) {}
}
