package io.kanal.runtime.task;

import io.kanal.config.InvalidConfigValueException;
import java.util.Locale;
import java.util.Map;

/**
 * The worker key {@value #KEY} (KIP-618), with Kafka Connect's values and upgrade semantics: {@code disabled} (the
 * default), {@code preparing} (the first rolling restart of an existing cluster: the leader writes the config topic
 * transactionally, so a zombie leader is fenced, but source tasks still write without transactions), {@code enabled}
 * (that, and source tasks write their records and offsets in transactions). A new cluster may go straight to {@code
 * enabled}; an existing one goes through {@code preparing} on every worker first, as Connect's does. Every Kanal worker
 * reads the internal topics {@code read_committed} whatever the mode ({@code InternalTopicLog}).
 *
 * <p>Kanal offers it in both modes (Connect only in distributed mode): a standalone worker with {@code enabled} keeps
 * its source offsets in a Kafka topic, which the transactions write to; it treats {@code preparing} as {@code
 * disabled}.
 *
 * <p>Immutable; any thread.
 */
public enum ExactlyOnceMode {
    /** No exactly-once support: source tasks are at least once. */
    DISABLED,
    /** Getting ready for {@link #ENABLED}: a transactional leader, tasks still at least once. */
    PREPARING,
    /** Source tasks commit their records and offsets in one transaction per boundary. */
    ENABLED;

    /** The worker key. */
    public static final String KEY = "exactly.once.source.support";

    /**
     * The mode a worker config sets.
     *
     * @param workerConfig the worker's config
     * @return the mode; {@link #DISABLED} when the key is absent
     * @throws InvalidConfigValueException when the value is none of the three (case-insensitive, trimmed)
     */
    public static ExactlyOnceMode fromWorkerConfig(Map<String, String> workerConfig) {
        String value = workerConfig.get(KEY);
        if (value == null) {
            return DISABLED;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "disabled" -> DISABLED;
            case "preparing" -> PREPARING;
            case "enabled" -> ENABLED;
            default ->
                throw new InvalidConfigValueException(
                        KEY, value, "String must be one of: disabled, preparing, enabled");
        };
    }

    /**
     * Whether source tasks write in transactions (Connect's {@code exactlyOnceSourceEnabled()}).
     *
     * @return true for {@link #ENABLED}
     */
    public boolean transactionalTasks() {
        return this == ENABLED;
    }

    /**
     * Whether the leader writes the config topic through a transactional producer that fences earlier leaders
     * (Connect's {@code transactionalLeaderEnabled()}).
     *
     * @return true for {@link #PREPARING} and {@link #ENABLED}
     */
    public boolean transactionalLeader() {
        return this != DISABLED;
    }

    /**
     * The value as written in a config.
     *
     * @return {@code disabled}, {@code preparing} or {@code enabled}
     */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
