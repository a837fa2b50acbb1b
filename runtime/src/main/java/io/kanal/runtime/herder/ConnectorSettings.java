package io.kanal.runtime.herder;

import io.kanal.config.ConfigException;
import io.kanal.config.ConfigKey;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigType;
import io.kanal.config.Importance;
import io.kanal.config.ParsedConfig;
import io.kanal.config.Validators;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The few connector keys the herder itself obeys: {@code tasks.max}, {@code tasks.max.enforce} (KIP-1004) and the
 * Kanal restart policy. Everything else in a connector config is the worker's and the plugin's business.
 *
 * @param tasksMax the most tasks the connector may have
 * @param enforceTasksMax whether more task configs than {@code tasks.max} fail the connector (KIP-1004)
 * @param restartPolicy how failed tasks restart
 */
public record ConnectorSettings(int tasksMax, boolean enforceTasksMax, TaskRestartPolicy restartPolicy) {

    /** {@code tasks.max}, as Connect defines it. */
    public static final ConfigKey<Integer> TASKS_MAX = ConfigKey.builder("tasks.max", ConfigType.INT)
            .defaultValue(1)
            .validator(Validators.atLeast(1))
            .importance(Importance.HIGH)
            .documentation("Maximum number of tasks to use for this connector.")
            .build();

    /** {@code tasks.max.enforce}, as Connect defines it (KIP-1004). */
    public static final ConfigKey<Boolean> TASKS_MAX_ENFORCE = ConfigKey.builder(
                    "tasks.max.enforce", ConfigType.BOOLEAN)
            .defaultValue(true)
            .importance(Importance.LOW)
            .documentation("(Deprecated) Whether to enforce that the tasks.max property is respected by the"
                    + " connector. When true, a connector that generates more task configs than tasks.max fails.")
            .build();

    /** The herder's keys: Connect's two and Kanal's three restart keys. */
    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(TASKS_MAX)
            .define(TASKS_MAX_ENFORCE)
            .define(TaskRestartPolicy.POLICY)
            .define(TaskRestartPolicy.INITIAL_BACKOFF_MS)
            .define(TaskRestartPolicy.MAX_BACKOFF_MS)
            .build();

    /**
     * Parses a connector config, with the worker's restart keys as defaults.
     *
     * @param connectorConfig the connector's config
     * @param workerDefaults the worker's {@code kanal.task.restart.*} keys (others are ignored)
     * @return the settings
     * @throws ConfigException naming the key, when a value is invalid
     */
    public static ConnectorSettings parse(Map<String, String> connectorConfig, Map<String, String> workerDefaults) {
        Map<String, String> merged = new HashMap<>();
        for (ConfigKey<?> key : SPEC.keys()) {
            String name = key.name();
            if (name.startsWith("kanal.") && workerDefaults.containsKey(name)) {
                merged.put(name, workerDefaults.get(name));
            }
            if (connectorConfig.containsKey(name)) {
                merged.put(name, connectorConfig.get(name));
            }
        }
        ParsedConfig parsed = SPEC.parse(merged);
        TaskRestartPolicy.Kind kind = TaskRestartPolicy.Kind.valueOf(
                parsed.get(TaskRestartPolicy.POLICY).toUpperCase(Locale.ROOT));
        return new ConnectorSettings(
                parsed.get(TASKS_MAX),
                parsed.get(TASKS_MAX_ENFORCE),
                new TaskRestartPolicy(
                        kind,
                        parsed.get(TaskRestartPolicy.INITIAL_BACKOFF_MS),
                        parsed.get(TaskRestartPolicy.MAX_BACKOFF_MS)));
    }
}
