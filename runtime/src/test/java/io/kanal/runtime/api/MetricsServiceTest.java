package io.kanal.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.codahale.metrics.MetricRegistry;
import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.HerderEvent;
import io.kanal.runtime.herder.HerderReply;
import io.kanal.runtime.herder.HerderView;
import io.kanal.runtime.herder.Status;
import io.kanal.runtime.herder.StatusError;
import io.kanal.runtime.herder.StatusState;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.isolation.PluginRegistry;
import io.kanal.runtime.task.ErrorPolicy;
import io.kanal.runtime.task.TaskMetrics;
import io.kanal.runtime.worker.ConnectorValidator;
import io.kanal.runtime.worker.TaskSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class MetricsServiceTest {

    private static final ErrorPolicy.Stats NO_ERRORS = new ErrorPolicy.Stats(0, 0, 0, 0, 0, 0, 0, 0);

    /** A worker whose view and task samples the test sets. */
    private static final class FakeWorker implements WorkerApi {
        HerderView view = new HerderView(1, "w", false, new TreeMap<>());
        List<TaskSample> samples = new ArrayList<>();
        List<TaskMetrics.PluginMetric> connectorMetrics = new ArrayList<>();

        @Override
        public List<TaskMetrics.PluginMetric> connectorPluginMetrics() {
            return connectorMetrics;
        }

        @Override
        public CompletableFuture<HerderReply> request(LongFunction<? extends HerderEvent.Request> request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public HerderView view() {
            return view;
        }

        @Override
        public List<TaskSample> taskSamples() {
            return samples;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public io.kanal.runtime.task.ActiveTopics activeTopics() {
            throw new UnsupportedOperationException();
        }

        @Override
        public io.kanal.runtime.worker.WorkerOffsets offsets() {
            throw new UnsupportedOperationException();
        }

        @Override
        public PluginRegistry registry() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ConnectorValidator.Outcome validate(String name, Map<String, String> config, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String version() {
            return "test";
        }
    }

    private static MetricFamily family(List<MetricFamily> families, String group, String name) {
        return families.stream()
                .filter(f -> f.group().equals(group) && f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + group + " " + name + " in " + families));
    }

    private static double value(List<MetricFamily> families, String group, String name, List<String> labels) {
        return family(families, group, name).samples().stream()
                .filter(s -> s.labelValues().equals(labels))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + labels))
                .value();
    }

    private static TaskMetrics.Snapshot counted(long in, long out, long age) {
        AtomicLong clock = new AtomicLong();
        TaskMetrics m = new TaskMetrics(clock::get);
        m.batch((int) in);
        m.out(out);
        clock.set(age);
        return m.snapshot();
    }

    @Test
    void statusesAndCountsComeFromTheHerdersView() {
        FakeWorker worker = new FakeWorker();
        HerderView.ConnectorView c = new HerderView.ConnectorView(
                "c",
                Map.of(),
                TargetState.RUNNING,
                Status.of(StatusState.RUNNING, "w"),
                List.of(
                        new HerderView.TaskView(
                                new ConnectorTaskId("c", 0), Map.of(), Status.of(StatusState.RUNNING, "w")),
                        new HerderView.TaskView(
                                new ConnectorTaskId("c", 1),
                                Map.of(),
                                Status.failed("w", StatusError.of("poll", "E", "x")))));
        HerderView.ConnectorView elsewhere = new HerderView.ConnectorView(
                "d", Map.of(), TargetState.RUNNING, Status.of(StatusState.UNASSIGNED, "w"), List.of());
        worker.view = new HerderView(1, "w", false, new TreeMap<>(Map.of("c", c, "d", elsewhere)));

        List<MetricFamily> f = new MetricsService(worker).collect();

        assertThat(value(f, "connect-worker-metrics", "connector-count", List.of()))
                .isEqualTo(1);
        assertThat(value(f, "connect-worker-metrics", "task-count", List.of())).isEqualTo(2);
        assertThat(value(f, "connect-worker-metrics", "connector-failed-task-count", List.of("c")))
                .isEqualTo(1);
        assertThat(value(f, "connect-worker-metrics", "connector-total-task-count", List.of("c")))
                .isEqualTo(2);
        assertThat(value(f, "connector-metrics", "status", List.of("d", "unassigned")))
                .isEqualTo(1);
        assertThat(value(f, "connector-metrics", "status", List.of("d", "running")))
                .isZero();
        assertThat(value(f, "connector-task-metrics", "status", List.of("c", "1", "failed")))
                .isEqualTo(1);
        assertThat(family(f, "connector-task-metrics", "status").samples()).hasSize(2 * StatusState.values().length);
        assertThat(family(f, "connect-worker-metrics", "task-startup-attempts-total")
                        .kind())
                .isEqualTo(MetricFamily.Kind.COUNTER);
        assertThat(family(f, "connect-worker-metrics", "connector-count").kind())
                .isEqualTo(MetricFamily.Kind.GAUGE);
    }

    @Test
    void sourceAndSinkTasksGetTheirOwnGroups() {
        FakeWorker worker = new FakeWorker();
        long age = TimeUnit.SECONDS.toNanos(10);
        worker.samples.add(new TaskSample(new ConnectorTaskId("src", 0), false, counted(100, 90, age), NO_ERRORS));
        worker.samples.add(new TaskSample(
                new ConnectorTaskId("snk", 2),
                true,
                counted(40, 30, age),
                new ErrorPolicy.Stats(5, 4, 1, 1, 1, 1, 0, 7)));

        List<MetricFamily> f = new MetricsService(worker, () -> age).collect();

        List<String> src = List.of("src", "0");
        List<String> snk = List.of("snk", "2");
        assertThat(value(f, "source-task-metrics", "source-record-poll-total", src))
                .isEqualTo(100);
        assertThat(value(f, "source-task-metrics", "source-record-write-total", src))
                .isEqualTo(90);
        assertThat(value(f, "source-task-metrics", "source-record-poll-rate", src))
                .isCloseTo(10, within(1e-9));
        assertThat(value(f, "sink-task-metrics", "sink-record-read-total", snk)).isEqualTo(40);
        assertThat(value(f, "sink-task-metrics", "sink-record-send-total", snk)).isEqualTo(30);
        assertThat(family(f, "sink-task-metrics", "sink-record-read-total").samples())
                .hasSize(1);
        assertThat(family(f, "source-task-metrics", "source-record-poll-total").samples())
                .hasSize(1);
        assertThat(family(f, "source-task-metrics", "source-record-poll-total").labelNames())
                .containsExactly("connector", "task");
        assertThat(value(f, "task-error-metrics", "total-record-failures", snk)).isEqualTo(5);
        assertThat(value(f, "task-error-metrics", "total-retries", snk)).isEqualTo(4);
        assertThat(value(f, "task-error-metrics", "deadletterqueue-produce-requests", snk))
                .isEqualTo(1);
        assertThat(value(f, "task-error-metrics", "last-error-timestamp", snk)).isEqualTo(7);
    }

    @Test
    void ratesLookBackThirtySecondsOnceTheWindowHasFilled() {
        FakeWorker worker = new FakeWorker();
        AtomicLong now = new AtomicLong();
        MetricsService service = new MetricsService(worker, now::get);
        ConnectorTaskId id = new ConnectorTaskId("c", 0);
        long s = TimeUnit.SECONDS.toNanos(1);

        now.set(10 * s);
        worker.samples = List.of(new TaskSample(id, false, counted(100, 0, 10 * s), NO_ERRORS));
        assertThat(rate(service)).isCloseTo(10, within(1e-9)); // over its life: 100 in 10 s
        now.set(20 * s);
        worker.samples = List.of(new TaskSample(id, false, counted(300, 0, 20 * s), NO_ERRORS));
        assertThat(rate(service)).isCloseTo(15, within(1e-9)); // still over its life: 300 in 20 s
        now.set(50 * s);
        worker.samples = List.of(new TaskSample(id, false, counted(600, 0, 50 * s), NO_ERRORS));
        assertThat(rate(service)).isCloseTo(10, within(1e-9)); // last 30 s: 300 in 30 s
        now.set(52 * s);
        worker.samples = List.of(new TaskSample(id, false, counted(20, 0, 2 * s), NO_ERRORS));
        assertThat(rate(service)).isCloseTo(10, within(1e-9)); // a new generation starts again from zero
    }

    private static double rate(MetricsService service) {
        return value(service.collect(), "source-task-metrics", "source-record-poll-rate", List.of("c", "0"));
    }

    @Test
    void clientMetricsUseKafkasClientNames() {
        FakeWorker worker = new FakeWorker();
        MetricRegistry producer = new MetricRegistry();
        producer.meter("producer.record-send").mark(5);
        producer.meter("network.bytes-out").mark(100);
        producer.timer("network.request.Produce").update(Duration.ofMillis(1));
        producer.timer("network.request.Metadata").update(Duration.ofMillis(1));
        producer.counter("network.connections").inc();
        TaskMetrics m = new TaskMetrics();
        m.client(new TaskMetrics.Client("kafka.producer", "connector-producer-c-0", producer));
        worker.samples.add(new TaskSample(new ConnectorTaskId("c", 0), false, m.snapshot(), NO_ERRORS));

        List<MetricFamily> f = new MetricsService(worker).collect();

        List<String> labels = List.of("connector-producer-c-0", "c", "0");
        MetricFamily sends = family(f, "producer-metrics", "record-send-total");
        assertThat(sends.domain()).isEqualTo("kafka.producer");
        assertThat(sends.labelNames()).containsExactly("client_id", "connector", "task");
        assertThat(value(f, "producer-metrics", "record-send-total", labels)).isEqualTo(5);
        assertThat(value(f, "producer-metrics", "outgoing-byte-total", labels)).isEqualTo(100);
        assertThat(value(f, "producer-metrics", "request-total", labels)).isEqualTo(2);
        assertThat(value(f, "producer-metrics", "connection-count", labels)).isEqualTo(1);
        assertThat(value(f, "producer-metrics", "buffer-available-bytes", labels))
                .isNaN();
    }

    @Test
    void bridgedPluginMetricsAreShownUnderConnectsPluginsGroupWithTheirTags() {
        FakeWorker worker = new FakeWorker();
        for (int task = 0; task < 2; task++) {
            TaskMetrics m = new TaskMetrics();
            Map<String, String> tags = new java.util.LinkedHashMap<>();
            tags.put("connector", "files");
            tags.put("task", String.valueOf(task));
            tags.put("kind", "test");
            double value = 10 + task;
            m.plugin(() -> List.of(new TaskMetrics.PluginMetric("plugins", "started-total", "starts", tags, value)));
            worker.samples.add(new TaskSample(new ConnectorTaskId("files", task), true, m.snapshot(), NO_ERRORS));
        }
        // A sample whose tags differ from the family's first is left out rather than break the exposition.
        TaskMetrics odd = new TaskMetrics();
        odd.plugin(() -> List.of(
                new TaskMetrics.PluginMetric("plugins", "started-total", "starts", Map.of("connector", "other"), 99)));
        worker.samples.add(new TaskSample(new ConnectorTaskId("other", 0), true, odd.snapshot(), NO_ERRORS));
        worker.connectorMetrics.add(
                new TaskMetrics.PluginMetric("plugins", "reconfigurations-total", "", Map.of("connector", "files"), 3));

        List<MetricFamily> f = new MetricsService(worker).collect();

        MetricFamily started = family(f, "plugins", "started-total");
        assertThat(started.domain()).isEqualTo("kafka.connect");
        assertThat(started.labelNames()).containsExactly("connector", "task", "kind");
        assertThat(value(f, "plugins", "started-total", List.of("files", "0", "test")))
                .isEqualTo(10);
        assertThat(value(f, "plugins", "started-total", List.of("files", "1", "test")))
                .isEqualTo(11);
        assertThat(started.samples()).hasSize(2);
        assertThat(family(f, "plugins", "reconfigurations-total").labelNames()).containsExactly("connector");
        assertThat(value(f, "plugins", "reconfigurations-total", List.of("files")))
                .isEqualTo(3);
    }
}
