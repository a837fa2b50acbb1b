package io.kanal.runtime.store.kafka;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.StatusState;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of Kafka Connect's status topic ({@code status.storage.topic}), typed. Each kind knows its key; {@link
 * StatusRecordCodec} gives the value bytes.
 */
public sealed interface StatusRecord
        permits StatusRecord.ConnectorStatus,
                StatusRecord.TaskStatus,
                StatusRecord.ConnectorStatusRemoved,
                StatusRecord.TaskStatusRemoved,
                StatusRecord.TopicStatus,
                StatusRecord.TopicStatusRemoved {

    /** {@code status-connector-<c>}. */
    String CONNECTOR_PREFIX = "status-connector-";
    /** {@code status-task-<c>-<n>}. */
    String TASK_PREFIX = "status-task-";
    /** {@code status-topic-<topic>:connector-<c>}. */
    String TOPIC_PREFIX = "status-topic-";
    /** Between the topic and the connector in a topic status key. */
    String TOPIC_SEPARATOR = ":connector-";

    /**
     * The record's key, as Connect writes it.
     *
     * @return the key
     */
    String key();

    /**
     * A connector's or a task's status as the status topic holds it: {@code
     * {"state","trace","worker_id","generation","version"}}.
     *
     * @param state the state; Connect's {@code DESTROYED} is never written (a tombstone is)
     * @param trace the failure's stack trace
     * @param workerId the worker that wrote it
     * @param generation the group generation the worker was in when it wrote it
     * @param version the connector's or task's plugin version (Connect 4.1+), when known
     */
    record StatusValue(
            StatusState state, Optional<String> trace, String workerId, int generation, Optional<String> version) {
        /**
         * Checks the value.
         *
         * @param state the state
         * @param trace the stack trace
         * @param workerId the worker
         * @param generation the generation
         * @param version the plugin version
         */
        public StatusValue {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(trace, "trace");
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * A connector's status.
     *
     * @param connector the connector's name
     * @param value the status
     */
    record ConnectorStatus(String connector, StatusValue value) implements StatusRecord {
        /**
         * @param connector the connector's name
         * @param value the status
         */
        public ConnectorStatus {
            Objects.requireNonNull(connector, "connector");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String key() {
            return CONNECTOR_PREFIX + connector;
        }
    }

    /**
     * A task's status.
     *
     * @param task the task
     * @param value the status
     */
    record TaskStatus(ConnectorTaskId task, StatusValue value) implements StatusRecord {
        /**
         * @param task the task
         * @param value the status
         */
        public TaskStatus {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String key() {
            return TASK_PREFIX + task.connector() + "-" + task.task();
        }
    }

    /**
     * The tombstone of a connector's status: Connect removes the connector's and all its tasks' statuses.
     *
     * @param connector the connector's name
     */
    record ConnectorStatusRemoved(String connector) implements StatusRecord {
        /**
         * @param connector the connector's name
         */
        public ConnectorStatusRemoved {
            Objects.requireNonNull(connector, "connector");
        }

        @Override
        public String key() {
            return CONNECTOR_PREFIX + connector;
        }
    }

    /**
     * The tombstone of a task's status.
     *
     * @param task the task
     */
    record TaskStatusRemoved(ConnectorTaskId task) implements StatusRecord {
        /**
         * @param task the task
         */
        public TaskStatusRemoved {
            Objects.requireNonNull(task, "task");
        }

        @Override
        public String key() {
            return TASK_PREFIX + task.connector() + "-" + task.task();
        }
    }

    /**
     * A topic a connector has used (KIP-558, {@code GET /connectors/{c}/topics}): {@code
     * {"topic":{"name","connector","task","discoverTimestamp"}}}.
     *
     * @param topic the topic
     * @param connector the connector's name
     * @param task the task that first used it
     * @param discoverTimestamp when, in epoch milliseconds
     */
    record TopicStatus(String topic, String connector, int task, long discoverTimestamp) implements StatusRecord {
        /**
         * @param topic the topic
         * @param connector the connector's name
         * @param task the task
         * @param discoverTimestamp when
         */
        public TopicStatus {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(connector, "connector");
        }

        @Override
        public String key() {
            return TOPIC_PREFIX + topic + TOPIC_SEPARATOR + connector;
        }
    }

    /**
     * The tombstone of a topic status ({@code PUT /connectors/{c}/topics/reset}).
     *
     * @param topic the topic
     * @param connector the connector's name
     */
    record TopicStatusRemoved(String topic, String connector) implements StatusRecord {
        /**
         * @param topic the topic
         * @param connector the connector's name
         */
        public TopicStatusRemoved {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(connector, "connector");
        }

        @Override
        public String key() {
            return TOPIC_PREFIX + topic + TOPIC_SEPARATOR + connector;
        }
    }
}
