package io.kanal.runtime.invoke;

import java.util.Optional;

/**
 * Where in a connector's life something happens: the plugin method being called, or one of the runtime's own steps
 * of the data path ({@link #KAFKA_PRODUCE}, {@link #KAFKA_CONSUME}) that a {@link StageError} can name but that never
 * run plugin code. {@link #label()} is the method's name as users see it in statuses ("stuck in {@code poll}").
 */
public enum Stage {
    /** The plugin's constructor and static initialisers. */
    INSTANTIATE("instantiate", null),
    /** {@code Connector.initialize} / {@code Task.initialize}. */
    INITIALIZE("initialize", null),
    /** {@code configSpec()} of any plugin. */
    CONFIG_SPEC("configSpec", null),
    /** {@code version()} of any plugin. */
    VERSION("version", null),
    /** {@code Connector.validate}. */
    VALIDATE("validate", null),
    /** {@code Connector.start} / {@code Task.start}. */
    START("start", null),
    /** {@code Connector.reconfigure}. */
    RECONFIGURE("reconfigure", null),
    /** {@code Connector.taskClass}. */
    TASK_CLASS("taskClass", null),
    /** {@code Connector.taskConfigs}. */
    TASK_CONFIGS("taskConfigs", null),
    /** {@code alterOffsets} of a source or sink connector. */
    ALTER_OFFSETS("alterOffsets", null),
    /** {@code Connector.stop} / {@code Task.stop}. */
    STOP("stop", null),
    /** {@code SourceTask.poll}. */
    POLL("poll", "TASK_POLL"),
    /** {@code SourceTask.commit}. */
    COMMIT("commit", null),
    /** {@code SourceTask.commitRecord}. */
    COMMIT_RECORD("commitRecord", null),
    /** {@code SinkTask.put}. */
    PUT("put", "TASK_PUT"),
    /** {@code SinkTask.flush}. */
    FLUSH("flush", null),
    /** {@code SinkTask.preCommit}. */
    PRE_COMMIT("preCommit", null),
    /** {@code SinkTask.open}. */
    OPEN("open", null),
    /** {@code SinkTask.close(partitions)}, or {@code close()} of a converter, transform or predicate. */
    CLOSE("close", null),
    /** {@code configure} of a converter, transform or predicate. */
    CONFIGURE("configure", null),
    /** The key converter. */
    KEY_CONVERTER("keyConverter", "KEY_CONVERTER"),
    /** The value converter. */
    VALUE_CONVERTER("valueConverter", "VALUE_CONVERTER"),
    /** The header converter. */
    HEADER_CONVERTER("headerConverter", "HEADER_CONVERTER"),
    /** {@code Transformation.apply}. */
    TRANSFORMATION("transformation", "TRANSFORMATION"),
    /** {@code Predicate.test}: Connect counts predicates as part of the transformation stage. */
    PREDICATE("predicate", "TRANSFORMATION"),
    /** Reading the values of the metrics a plugin keeps itself (Connect's {@code pluginMetrics()}: gauges). */
    PLUGIN_METRICS("pluginMetrics", null),
    /** The runtime's producer sending a source record: not plugin code. */
    KAFKA_PRODUCE("kafkaProduce", "KAFKA_PRODUCE"),
    /** The runtime's consumer reading a sink record: not plugin code. */
    KAFKA_CONSUME("kafkaConsume", "KAFKA_CONSUME");

    private final String label;
    private final String connectErrorStage;

    Stage(String label, String connectErrorStage) {
        this.label = label;
        this.connectErrorStage = connectErrorStage;
    }

    /**
     * The method's name as users read it: {@code poll}, {@code taskConfigs}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * The name Kafka Connect's error reporting gives this stage (the {@code __connect.errors.stage} dead letter
     * queue header), when it has one.
     *
     * @return Connect's stage name, such as {@code TASK_PUT}
     */
    public Optional<String> connectErrorStage() {
        return Optional.ofNullable(connectErrorStage);
    }

    /**
     * Whether the stage runs plugin code, and so may be passed to {@link PluginInvoker}.
     *
     * @return {@code false} for the runtime's own stages
     */
    public boolean isPluginCode() {
        return this != KAFKA_PRODUCE && this != KAFKA_CONSUME;
    }

    @Override
    public String toString() {
        return label;
    }
}
