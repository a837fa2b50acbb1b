package io.kanal.runtime.store.kafka;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.TargetState;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record of Kafka Connect's config topic ({@code config.storage.topic}), typed. Each kind knows its key; {@link
 * ConfigRecordCodec} gives the value bytes. The {@code toString} of kinds that carry configs shows the number of
 * properties, never their values, which may be secrets.
 */
public sealed interface ConfigRecord
        permits ConfigRecord.ConnectorConfig,
                ConfigRecord.ConnectorRemoved,
                ConfigRecord.TaskConfig,
                ConfigRecord.TaskCommit,
                ConfigRecord.TargetStateChange,
                ConfigRecord.TargetStateRemoved,
                ConfigRecord.RestartRequest,
                ConfigRecord.TaskCount,
                ConfigRecord.SessionKey,
                ConfigRecord.LoggerLevel {

    /** {@code connector-<c>}. */
    String CONNECTOR_PREFIX = "connector-";
    /** {@code task-<c>-<n>}. */
    String TASK_PREFIX = "task-";
    /** {@code commit-<c>}. */
    String COMMIT_PREFIX = "commit-";
    /** {@code target-state-<c>}. */
    String TARGET_STATE_PREFIX = "target-state-";
    /** {@code restart-connector-<c>}. */
    String RESTART_PREFIX = "restart-connector-";
    /** {@code tasks-fencing-<c>}. */
    String TASK_COUNT_PREFIX = "tasks-fencing-";
    /** The one session key record's key. */
    String SESSION_KEY_KEY = "session-key";
    /** {@code logger-cluster-<namespace>}. */
    String LOGGER_PREFIX = "logger-cluster-";

    /**
     * The record's key, as Connect writes it.
     *
     * @return the key
     */
    String key();

    /**
     * A connector's config: {@code {"properties":{...}}}. Applied as soon as it is read.
     *
     * @param connector the connector's name
     * @param properties the config, in order; values may be null, as Connect's schema allows
     */
    record ConnectorConfig(String connector, Map<String, String> properties) implements ConfigRecord {
        /**
         * Copies the properties, keeping their order.
         *
         * @param connector the connector's name
         * @param properties the config
         */
        public ConnectorConfig {
            Objects.requireNonNull(connector, "connector");
            properties = orderedCopy(properties);
        }

        @Override
        public String key() {
            return CONNECTOR_PREFIX + connector;
        }

        @Override
        public String toString() {
            return "ConnectorConfig[" + connector + ", " + properties.size() + " properties]";
        }
    }

    /**
     * A connector's deletion: the tombstone of {@code connector-<c>}. Connect writes it with the target state's.
     *
     * @param connector the connector's name
     */
    record ConnectorRemoved(String connector) implements ConfigRecord {
        /**
         * @param connector the connector's name
         */
        public ConnectorRemoved {
            Objects.requireNonNull(connector, "connector");
        }

        @Override
        public String key() {
            return CONNECTOR_PREFIX + connector;
        }
    }

    /**
     * One task's config: {@code {"properties":{...}}}, applied only when a matching {@link TaskCommit} is read.
     *
     * @param task the task
     * @param properties the config, in order; values may be null
     */
    record TaskConfig(ConnectorTaskId task, Map<String, String> properties) implements ConfigRecord {
        /**
         * Copies the properties, keeping their order.
         *
         * @param task the task
         * @param properties the config
         */
        public TaskConfig {
            Objects.requireNonNull(task, "task");
            properties = orderedCopy(properties);
        }

        @Override
        public String key() {
            return TASK_PREFIX + task.connector() + "-" + task.task();
        }

        @Override
        public String toString() {
            return "TaskConfig[" + task + ", " + properties.size() + " properties]";
        }
    }

    /**
     * Commits a connector's task configs: {@code {"tasks":N}}.
     *
     * @param connector the connector's name
     * @param tasks how many tasks the connector now has
     */
    record TaskCommit(String connector, int tasks) implements ConfigRecord {
        /**
         * @param connector the connector's name
         * @param tasks the task count, at least 0
         */
        public TaskCommit {
            Objects.requireNonNull(connector, "connector");
            if (tasks < 0) {
                throw new IllegalArgumentException("task count must be >= 0: " + tasks);
            }
        }

        @Override
        public String key() {
            return COMMIT_PREFIX + connector;
        }
    }

    /**
     * A connector's target state: {@code {"state":"PAUSED","state.v2":"STOPPED"}}. {@code state} holds what workers
     * older than KIP-875 understand ({@code STOPPED} written as {@code PAUSED}); {@code state.v2} the real state.
     *
     * @param connector the connector's name
     * @param state the target state
     */
    record TargetStateChange(String connector, TargetState state) implements ConfigRecord {
        /**
         * @param connector the connector's name
         * @param state the target state
         */
        public TargetStateChange {
            Objects.requireNonNull(connector, "connector");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String key() {
            return TARGET_STATE_PREFIX + connector;
        }
    }

    /**
     * The tombstone of {@code target-state-<c>}, written when a connector is deleted.
     *
     * @param connector the connector's name
     */
    record TargetStateRemoved(String connector) implements ConfigRecord {
        /**
         * @param connector the connector's name
         */
        public TargetStateRemoved {
            Objects.requireNonNull(connector, "connector");
        }

        @Override
        public String key() {
            return TARGET_STATE_PREFIX + connector;
        }
    }

    /**
     * A restart request (KIP-745): {@code {"include-tasks":bool,"only-failed":bool}}.
     *
     * @param connector the connector's name
     * @param includeTasks whether its tasks restart too
     * @param onlyFailed whether only failed instances restart
     */
    record RestartRequest(String connector, boolean includeTasks, boolean onlyFailed) implements ConfigRecord {
        /**
         * @param connector the connector's name
         * @param includeTasks whether its tasks restart too
         * @param onlyFailed whether only failed instances restart
         */
        public RestartRequest {
            Objects.requireNonNull(connector, "connector");
        }

        @Override
        public String key() {
            return RESTART_PREFIX + connector;
        }
    }

    /**
     * The task count record of exactly-once source support (KIP-618): {@code {"task-count":N}}, written after a round
     * of zombie fencing.
     *
     * @param connector the connector's name
     * @param taskCount the number of tasks fenced
     */
    record TaskCount(String connector, int taskCount) implements ConfigRecord {
        /**
         * @param connector the connector's name
         * @param taskCount the number of tasks fenced
         */
        public TaskCount {
            Objects.requireNonNull(connector, "connector");
        }

        @Override
        public String key() {
            return TASK_COUNT_PREFIX + connector;
        }
    }

    /**
     * The session key that signs internal REST requests (KIP-507): {@code
     * {"key":"<base64>","algorithm":"HmacSHA256","creation-timestamp":ms}}. Its {@code toString} hides the key.
     *
     * @param keyBytes the key's bytes; copied
     * @param algorithm the key's algorithm, such as {@code HmacSHA256}
     * @param creationTimestamp when the leader created it, in epoch milliseconds
     */
    record SessionKey(byte[] keyBytes, String algorithm, long creationTimestamp) implements ConfigRecord {
        /**
         * Copies the key.
         *
         * @param keyBytes the key's bytes
         * @param algorithm the key's algorithm
         * @param creationTimestamp when it was created
         */
        public SessionKey {
            keyBytes = Objects.requireNonNull(keyBytes, "keyBytes").clone();
            Objects.requireNonNull(algorithm, "algorithm");
        }

        /**
         * The key's bytes.
         *
         * @return a copy
         */
        @Override
        public byte[] keyBytes() {
            return keyBytes.clone();
        }

        @Override
        public String key() {
            return SESSION_KEY_KEY;
        }

        /**
         * The key in base64, as the record holds it.
         *
         * @return base64 of the key's bytes
         */
        public String encodedKey() {
            return Base64.getEncoder().encodeToString(keyBytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SessionKey other
                    && Arrays.equals(keyBytes, other.keyBytes)
                    && algorithm.equals(other.algorithm)
                    && creationTimestamp == other.creationTimestamp;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(keyBytes), algorithm, creationTimestamp);
        }

        @Override
        public String toString() {
            return "SessionKey[" + algorithm + ", created " + creationTimestamp + "]";
        }
    }

    /**
     * A cluster-wide log level (KIP-976): {@code {"level":"DEBUG"}}.
     *
     * @param namespace the logger namespace
     * @param level the level's name
     */
    record LoggerLevel(String namespace, String level) implements ConfigRecord {
        /**
         * @param namespace the logger namespace
         * @param level the level's name
         */
        public LoggerLevel {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(level, "level");
        }

        @Override
        public String key() {
            return LOGGER_PREFIX + namespace;
        }
    }

    private static Map<String, String> orderedCopy(Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        // Map.copyOf would reject the null values Connect's OPTIONAL_STRING schema allows, and lose the order.
        return Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
