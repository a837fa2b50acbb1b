package io.kanal.api.connector;

import io.kanal.config.ConfigSpec;
import io.kanal.config.ConfigValidationResult;
import io.kanal.config.ParsedConfig;
import java.util.List;
import java.util.Map;

/**
 * A connector: it reads its configuration, decides how to split the work and hands the runtime one configuration
 * per task. The counterpart of Kafka Connect's {@code Connector}; extend {@link SourceConnector} or {@link
 * SinkConnector}.
 *
 * <p>Threading: the runtime calls {@link #initialize}, {@link #start}, {@link #taskConfigs}, {@link #reconfigure}
 * and {@link #stop} on the connector's own thread ({@code kanal-connector-<name>}), one call at a time, each within
 * a deadline; a call past it is reported as stuck and never blocks the rest of the worker. {@link #configSpec()},
 * {@link #validate} and {@link #version()} may be called on a REST thread, on an instance that is never started.
 */
public abstract class Connector implements Versioned {

    /** For subclasses: the runtime creates a connector through its public no-argument constructor. */
    protected Connector() {}

    private ConnectorContext context;

    /**
     * Hands the connector its context; called once, before {@link #start}.
     *
     * @param context the context
     */
    public void initialize(ConnectorContext context) {
        this.context = context;
    }

    /**
     * The context given to {@link #initialize}.
     *
     * @return the context, or {@code null} before initialisation
     */
    protected ConnectorContext context() {
        return context;
    }

    /**
     * The connector's own configuration keys (not the runtime's: {@code name}, {@code tasks.max}, converters and
     * transforms are declared by the runtime).
     *
     * @return the spec
     */
    public abstract ConfigSpec configSpec();

    /**
     * Starts the connector with its configuration, parsed against {@link #configSpec()}.
     *
     * @param config the configuration
     */
    public abstract void start(ParsedConfig config);

    /**
     * Applies a new configuration to a running connector. By default {@link #stop()} then {@link #start}.
     *
     * @param config the new configuration
     */
    public void reconfigure(ParsedConfig config) {
        stop();
        start(config);
    }

    /**
     * The class the runtime instantiates for each task.
     *
     * @return the task class
     */
    public abstract Class<? extends Task> taskClass();

    /**
     * Splits the work: one configuration per task, at most {@code maxTasks} of them. The maps are stored as they are
     * (in Connect's config topic in distributed mode) and each is parsed by the task's {@link Task#configSpec()}.
     *
     * @param maxTasks the connector's {@code tasks.max}
     * @return the task configurations
     */
    public abstract List<Map<String, String>> taskConfigs(int maxTasks);

    /** Stops the connector: release what {@link #start} acquired. Its tasks are stopped before this is called. */
    public abstract void stop();

    /**
     * Validates a configuration for {@code PUT /connector-plugins/{name}/config/validate} and before every create
     * or update. By default, checks it against {@link #configSpec()}; override to add checks across keys or against
     * the source system, and report each problem on the key it concerns.
     *
     * @param connectorConfig the connector's configuration as the user wrote it
     * @return every key's value and problems
     */
    public ConfigValidationResult validate(Map<String, String> connectorConfig) {
        return configSpec().validate(connectorConfig);
    }
}
