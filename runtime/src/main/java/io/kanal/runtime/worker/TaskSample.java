package io.kanal.runtime.worker;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.task.ErrorPolicy;
import io.kanal.runtime.task.TaskMetrics;
import java.util.Objects;

/**
 * The counters of one running task at one instant, for the worker's metrics.
 *
 * @param id the task
 * @param sink whether it is a sink task (else a source task)
 * @param metrics its pipeline's counters
 * @param errors its error policy's counters
 */
public record TaskSample(ConnectorTaskId id, boolean sink, TaskMetrics.Snapshot metrics, ErrorPolicy.Stats errors) {
    /**
     * Checks the sample.
     *
     * @param id the task
     * @param sink whether it is a sink task
     * @param metrics its counters
     * @param errors its error counters
     */
    public TaskSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(errors, "errors");
    }
}
