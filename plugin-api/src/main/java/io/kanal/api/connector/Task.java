package io.kanal.api.connector;

import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * One unit of a connector's work, the counterpart of Kafka Connect's {@code Task}. Source tasks extend {@link
 * io.kanal.api.source.SourceTask}, sink tasks {@link io.kanal.api.sink.SinkTask}.
 *
 * <p>Threading: the runtime creates one instance per task and calls every method of it on that task's own thread
 * ({@code kanal-task-<connector>-<id>}), one call at a time, except {@link #version()}. An instance is never reused
 * after {@link #stop()}.
 */
public interface Task extends Versioned {

    /**
     * The keys this task's configuration (one map of {@link Connector#taskConfigs(int)}) is parsed against.
     *
     * @return the spec
     */
    ConfigSpec configSpec();

    /**
     * Starts the task with its configuration, parsed and validated against {@link #configSpec()}.
     *
     * @param config the task's configuration
     */
    void start(ParsedConfig config);

    /**
     * Stops the task: release what {@link #start} acquired. Called once, on the task's thread, after the last
     * {@code poll} or {@code put} returned; it should return within {@code task.shutdown.graceful.timeout.ms}.
     */
    void stop();
}
