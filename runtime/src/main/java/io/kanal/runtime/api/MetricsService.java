package io.kanal.runtime.api;

import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.task.ErrorPolicy;
import io.kanal.runtime.task.TaskMetrics;
import io.kanal.runtime.worker.StartupCounters;
import io.kanal.runtime.worker.TaskSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The worker's metrics under Kafka Connect's metric groups and names, for {@code GET /metrics}: {@code
 * connect-worker-metrics} (connector and task counts, start-up counters, per-connector task counts by state), {@code
 * connector-metrics} and {@code connector-task-metrics} ({@code status}, as a state set), {@code source-task-metrics},
 * {@code sink-task-metrics}, {@code task-error-metrics}, the {@code plugins} metrics bridged tasks keep themselves
 * (Connect's {@code pluginMetrics()}), and the task clients' {@code producer-metrics}, {@code
 * consumer-metrics} and {@code consumer-fetch-manager-metrics}. Everything is read at collection time from the herder's
 * view and from counters the tasks keep per batch: a scrape costs the record path nothing.
 *
 * <p>Connect reports string attributes ({@code status}) over JMX, which Prometheus cannot carry as values; they become
 * one sample per possible state, 1 for the current one and 0 for the others, with the state in a {@code status} label.
 *
 * <p><b>Threading.</b> Any thread; concurrent collections are independent but for the rate windows, which are
 * thread-safe.
 */
public final class MetricsService {

    /** Connect's rates look back 30 s. */
    static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final String CONNECT = "kafka.connect";
    private static final String WORKER = "connect-worker-metrics";
    private static final String CONNECTOR = "connector-metrics";
    private static final String TASK = "connector-task-metrics";
    private static final String SOURCE = "source-task-metrics";
    private static final String SINK = "sink-task-metrics";
    private static final String ERRORS = "task-error-metrics";
    private static final List<String> NO_LABELS = List.of();
    private static final List<String> CONNECTOR_LABELS = List.of("connector");
    private static final List<String> TASK_LABELS = List.of("connector", "task");
    private static final List<String> CONNECTOR_STATUS_LABELS = List.of("connector", "status");
    private static final List<String> TASK_STATUS_LABELS = List.of("connector", "task", "status");

    private final WorkerApi worker;
    private final LongSupplier nanoClock;
    private final RateWindows rates = new RateWindows(RATE_WINDOW_NANOS);

    /**
     * The metrics of a worker.
     *
     * @param worker the worker
     */
    public MetricsService(WorkerApi worker) {
        this(worker, System::nanoTime);
    }

    /**
     * The metrics of a worker, on a given clock (tests).
     *
     * @param worker the worker
     * @param nanoClock monotonic nanoseconds, the same clock the tasks' counters use
     */
    MetricsService(WorkerApi worker, LongSupplier nanoClock) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Every metric now.
     *
     * @return the families: worker first, then connectors, tasks and clients
     */
    public List<MetricFamily> collect() {
        MetricFamilies out = new MetricFamilies();
        HerderView view = worker.view();
        workerMetrics(out, view, worker.startups());
        connectorMetrics(out, view);
        List<TaskSample> samples = worker.taskSamples();
        taskMetrics(out, samples);
        pluginMetrics(out, worker.connectorPluginMetrics(), samples);
        return out.build();
    }

    private static void workerMetrics(MetricFamilies out, HerderView view, StartupCounters.Snapshot s) {
        int connectors = 0;
        int tasks = 0;
        for (HerderView.ConnectorView c : view.connectors().values()) {
            if (assignedHere(view, c.status())) {
                connectors++;
            }
            for (HerderView.TaskView t : c.tasks()) {
                if (assignedHere(view, t.status())) {
                    tasks++;
                }
            }
        }
        worker(out, "connector-count", "Connectors run by this worker.", connectors);
        worker(out, "task-count", "Tasks run by this worker.", tasks);
        worker(out, "connector-startup-attempts-total", "Connector starts attempted.", s.connectorAttempts());
        worker(out, "connector-startup-success-total", "Connector starts that succeeded.", s.connectorSuccesses());
        worker(out, "connector-startup-failure-total", "Connector starts that failed.", s.connectorFailures());
        worker(
                out,
                "connector-startup-success-percentage",
                "Fraction of connector starts that succeeded.",
                ratio(s.connectorSuccesses(), s.connectorAttempts()));
        worker(
                out,
                "connector-startup-failure-percentage",
                "Fraction of connector starts that failed.",
                ratio(s.connectorFailures(), s.connectorAttempts()));
        worker(out, "task-startup-attempts-total", "Task starts attempted.", s.taskAttempts());
        worker(out, "task-startup-success-total", "Task starts that succeeded.", s.taskSuccesses());
        worker(out, "task-startup-failure-total", "Task starts that failed.", s.taskFailures());
        worker(
                out,
                "task-startup-success-percentage",
                "Fraction of task starts that succeeded.",
                ratio(s.taskSuccesses(), s.taskAttempts()));
        worker(
                out,
                "task-startup-failure-percentage",
                "Fraction of task starts that failed.",
                ratio(s.taskFailures(), s.taskAttempts()));
    }

    private static void worker(MetricFamilies out, String name, String help, double value) {
        out.add(CONNECT, WORKER, name, help, NO_LABELS, NO_LABELS, value);
    }

    private static boolean assignedHere(HerderView view, Status status) {
        return status.state() != StatusState.UNASSIGNED && status.workerId().equals(view.workerId());
    }

    private static void connectorMetrics(MetricFamilies out, HerderView view) {
        for (HerderView.ConnectorView c : view.connectors().values()) {
            List<String> connector = List.of(c.name());
            Map<StatusState, Integer> byState = new EnumMap<>(StatusState.class);
            for (HerderView.TaskView t : c.tasks()) {
                byState.merge(t.status().state(), 1, Integer::sum);
            }
            out.add(
                    CONNECT,
                    WORKER,
                    "connector-total-task-count",
                    "Tasks of the connector.",
                    CONNECTOR_LABELS,
                    connector,
                    c.tasks().size());
            for (StatusState state : StatusState.values()) {
                String lower = state.name().toLowerCase(Locale.ROOT);
                out.add(
                        CONNECT,
                        WORKER,
                        "connector-" + lower + "-task-count",
                        "Tasks of the connector in state " + state.name() + ".",
                        CONNECTOR_LABELS,
                        connector,
                        byState.getOrDefault(state, 0));
            }
            for (StatusState state : StatusState.values()) {
                out.add(
                        CONNECT,
                        CONNECTOR,
                        "status",
                        "The connector's state: 1 for the current one.",
                        CONNECTOR_STATUS_LABELS,
                        List.of(c.name(), state.name().toLowerCase(Locale.ROOT)),
                        c.status().state() == state ? 1 : 0);
            }
        }
        for (HerderView.ConnectorView c : view.connectors().values()) {
            for (HerderView.TaskView t : c.tasks()) {
                for (StatusState state : StatusState.values()) {
                    out.add(
                            CONNECT,
                            TASK,
                            "status",
                            "The task's state: 1 for the current one.",
                            TASK_STATUS_LABELS,
                            List.of(
                                    c.name(),
                                    String.valueOf(t.id().task()),
                                    state.name().toLowerCase(Locale.ROOT)),
                            t.status().state() == state ? 1 : 0);
                }
            }
        }
    }

    private void taskMetrics(MetricFamilies out, List<TaskSample> samples) {
        long now = nanoClock.getAsLong();
        Set<String> seen = new HashSet<>();
        List<TaskSample> sorted = samples.stream()
                .sorted((a, b) -> a.id().connector().equals(b.id().connector())
                        ? Integer.compare(a.id().task(), b.id().task())
                        : a.id().connector().compareTo(b.id().connector()))
                .toList();
        for (TaskSample sample : sorted) {
            TaskMetrics.Snapshot m = sample.metrics();
            List<String> task =
                    List.of(sample.id().connector(), String.valueOf(sample.id().task()));
            String key = sample.id().connector() + "\u0000" + sample.id().task() + "\u0000";
            task(out, TASK, "running-ratio", "Fraction of its life the task was not paused.", task, m.runningRatio());
            task(out, TASK, "pause-ratio", "Fraction of its life the task was paused.", task, m.pausedRatio());
            task(out, TASK, "batch-size-max", "Largest batch of records polled or fetched.", task, m.batchMax());
            task(
                    out,
                    TASK,
                    "batch-size-avg",
                    "Average batch of records polled or fetched.",
                    task,
                    m.batches() == 0 ? 0 : (double) m.batchRecords() / m.batches());
            long commits = m.commitSuccess() + m.commitFailure();
            task(
                    out,
                    TASK,
                    "offset-commit-success-percentage",
                    "Fraction of offset commits that succeeded.",
                    task,
                    ratio(m.commitSuccess(), commits));
            task(
                    out,
                    TASK,
                    "offset-commit-failure-percentage",
                    "Fraction of offset commits that failed.",
                    task,
                    ratio(m.commitFailure(), commits));
            task(
                    out,
                    TASK,
                    "offset-commit-avg-time-ms",
                    "Average time of an offset commit.",
                    task,
                    commits == 0 ? 0 : m.commitNanos() / 1e6 / commits);
            task(out, TASK, "offset-commit-max-time-ms", "Longest offset commit.", task, m.commitMaxNanos() / 1e6);
            double callAvgMs = m.batches() == 0 ? 0 : m.callNanos() / 1e6 / m.batches();
            if (sample.sink()) {
                task(out, SINK, "sink-record-read-total", "Records read from Kafka.", task, m.recordsIn());
                task(
                        out,
                        SINK,
                        "sink-record-read-rate",
                        "Records read from Kafka per second.",
                        task,
                        rate(seen, key + "read", now, m.recordsIn(), m.ageNanos()));
                task(out, SINK, "sink-record-send-total", "Records passed to put.", task, m.recordsOut());
                task(
                        out,
                        SINK,
                        "sink-record-send-rate",
                        "Records passed to put per second.",
                        task,
                        rate(seen, key + "send", now, m.recordsOut(), m.ageNanos()));
                task(out, SINK, "partition-count", "Partitions assigned to the task.", task, m.partitions());
                task(out, SINK, "offset-commit-seq-no", "Offset commits attempted.", task, commits);
                task(out, SINK, "offset-commit-completion-total", "Offset commits completed.", task, m.commitSuccess());
                task(out, SINK, "put-batch-avg-time-ms", "Average time of a put.", task, callAvgMs);
                task(out, SINK, "put-batch-max-time-ms", "Longest put.", task, m.callMaxNanos() / 1e6);
            } else {
                task(out, SOURCE, "source-record-poll-total", "Records polled from the task.", task, m.recordsIn());
                task(
                        out,
                        SOURCE,
                        "source-record-poll-rate",
                        "Records polled from the task per second.",
                        task,
                        rate(seen, key + "poll", now, m.recordsIn(), m.ageNanos()));
                task(
                        out,
                        SOURCE,
                        "source-record-write-total",
                        "Records written to Kafka (acknowledged).",
                        task,
                        m.recordsOut());
                task(
                        out,
                        SOURCE,
                        "source-record-write-rate",
                        "Records written to Kafka per second.",
                        task,
                        rate(seen, key + "write", now, m.recordsOut(), m.ageNanos()));
                task(
                        out,
                        SOURCE,
                        "poll-batch-avg-time-ms",
                        "Average time of a poll that returned records.",
                        task,
                        callAvgMs);
                task(
                        out,
                        SOURCE,
                        "poll-batch-max-time-ms",
                        "Longest poll that returned records.",
                        task,
                        m.callMaxNanos() / 1e6);
            }
            errorMetrics(out, task, sample.errors());
        }
        rates.retain(seen);
        for (TaskSample sample : sorted) {
            String connector = sample.id().connector();
            String task = String.valueOf(sample.id().task());
            for (TaskMetrics.Client client : sample.metrics().clients()) {
                ClientMetrics.collect(out, client, connector, task);
            }
        }
    }

    /**
     * The metrics bridged connectors and tasks keep themselves (Connect's {@code pluginMetrics()}), under Connect's
     * {@code kafka.connect:type=plugins} with their tags as labels, {@code connector} (and {@code task}) first. A family
     * keeps the labels its first sample gave; a sample of the same name with other tags is left out, as Prometheus
     * wants.
     */
    private static void pluginMetrics(
            MetricFamilies out, List<TaskMetrics.PluginMetric> connectors, List<TaskSample> tasks) {
        List<TaskMetrics.PluginMetric> all = new ArrayList<>(connectors);
        tasks.stream()
                .sorted(Comparator.comparing((TaskSample t) -> t.id().connector())
                        .thenComparingInt(t -> t.id().task()))
                .forEach(t -> all.addAll(t.metrics().plugin()));
        Map<String, List<String>> labelsByFamily = new HashMap<>();
        for (TaskMetrics.PluginMetric m : all) {
            List<String> labels = List.copyOf(m.tags().keySet());
            if (labelsByFamily
                    .computeIfAbsent(m.group() + "\u0000" + m.name(), k -> labels)
                    .equals(labels)) {
                out.add(
                        CONNECT,
                        m.group(),
                        m.name(),
                        m.description(),
                        labels,
                        List.copyOf(m.tags().values()),
                        m.value());
            }
        }
    }

    private static void errorMetrics(MetricFamilies out, List<String> task, ErrorPolicy.Stats e) {
        task(out, ERRORS, "total-record-failures", "Failed attempts, retried or not.", task, e.failures());
        task(out, ERRORS, "total-record-errors", "Records that failed after their retries.", task, e.errors());
        task(out, ERRORS, "total-records-skipped", "Records skipped under errors.tolerance=all.", task, e.skipped());
        task(out, ERRORS, "total-retries", "Attempts made again after a retriable failure.", task, e.retries());
        task(out, ERRORS, "total-errors-logged", "Errors written to the log.", task, e.logged());
        task(
                out,
                ERRORS,
                "deadletterqueue-produce-requests",
                "Records written to the dead letter queue.",
                task,
                e.deadLettered());
        task(
                out,
                ERRORS,
                "deadletterqueue-produce-failures",
                "Dead letter queue writes that failed.",
                task,
                e.deadLetterFailures());
        task(
                out,
                ERRORS,
                "last-error-timestamp",
                "Epoch milliseconds of the last record error; 0 when none.",
                task,
                e.lastErrorMs());
    }

    private static void task(MetricFamilies out, String group, String name, String help, List<String> task, double v) {
        out.add(CONNECT, group, name, help, TASK_LABELS, task, v);
    }

    private double rate(Set<String> seen, String key, long now, long value, long ageNanos) {
        seen.add(key);
        return rates.rate(key, now, value, ageNanos);
    }

    /** Connect's percentages are fractions in [0, 1]. */
    private static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }
}
