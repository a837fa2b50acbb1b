package io.kanal.bridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.connector.Task;
import io.kanal.api.data.Schema;
import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTaskContext;
import io.kanal.api.sink.TopicPartition;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.testing.FakeContexts;
import io.kanal.config.ConfigSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.connect.file.FileStreamSinkTask;
import org.apache.kafka.connect.file.FileStreamSourceTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache's file tasks, and a Connect sink task that uses every context method, through the adapters with Kanal
 * contexts: records, offsets and requests cross both ways.
 */
class BridgedTasksTest {

    private final ConnectPluginAdapter adapter = new ConnectPluginAdapter();

    @TempDir
    Path dir;

    @Test
    void theFileSourceTaskResumesFromItsConnectOffsetAndPollsKanalRecords() throws Exception {
        Path in = dir.resolve("in.txt");
        Files.writeString(in, "one\ntwo\nthree\n", StandardCharsets.UTF_8);
        Task task = adapter.adapt(FileStreamSourceTask.class, Task.class);
        assertThat(task).isInstanceOf(BridgedSourceTask.class);
        BridgedSourceTask source = (BridgedSourceTask) task;
        Map<String, String> config = Map.of("file", in.toString(), "topic", "t", "batch.size", "10");
        // Connect's offset format: {"filename": path} -> {"position": bytes}; "one\n" is 4 bytes.
        source.initialize(
                FakeContexts.source(config, Map.of(Map.of("filename", in.toString()), Map.of("position", 4L))));
        source.start(ConfigSpec.builder().build().parse(config));
        List<SourceRecord> polled = pollUntil(source, 2);
        assertThat(polled).extracting(SourceRecord::value).containsExactly("two", "three");
        assertThat(polled.get(0).topic()).isEqualTo("t");
        assertThat(polled.get(0).valueSchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(polled.get(0).sourcePartition()).isEqualTo(Map.of("filename", in.toString()));
        assertThat(polled.get(1).sourceOffset()).isEqualTo(Map.of("position", 14L));
        source.commitRecord(polled.get(0), null); // Connect's default commitRecord: nothing to hand back
        source.stop();
        assertThat(source.version()).isEqualTo("4.3.1");
    }

    @Test
    void theFileSinkTaskWritesKanalRecordsAndCommitsWhatItFlushed() throws Exception {
        Path out = dir.resolve("out.txt");
        BridgedSinkTask sink = (BridgedSinkTask) adapter.adapt(FileStreamSinkTask.class, Task.class);
        Map<String, String> config = Map.of("file", out.toString());
        sink.initialize(FakeContexts.sink(config));
        sink.start(ConfigSpec.builder().build().parse(config));
        TopicPartition tp = new TopicPartition("t", 0);
        sink.open(List.of(tp));
        sink.put(List.of(
                new SinkRecord("t", 0, null, null, Schema.STRING_SCHEMA, "a", 0),
                new SinkRecord("t", 0, null, null, Schema.STRING_SCHEMA, "b", 1)));
        Map<TopicPartition, OffsetAndMetadata> committed = sink.preCommit(Map.of(tp, new OffsetAndMetadata(2)));
        assertThat(committed).containsExactly(Map.entry(tp, new OffsetAndMetadata(2)));
        assertThat(Files.readAllLines(out)).containsExactly("a", "b");
        sink.close(List.of(tp));
        sink.stop();
    }

    @Test
    void aSinkTaskReachesEveryKanalContextMethodWithKanalTypes() throws Exception {
        RecordingSinkContext context = new RecordingSinkContext();
        ContextUsingSinkTask connect = new ContextUsingSinkTask();
        BridgedSinkTask sink = new BridgedSinkTask(connect);
        sink.initialize(context);
        sink.start(ConfigSpec.builder().build().parse(Map.of("k", "v")));
        SinkRecord record = new SinkRecord("t", 3, null, null, Schema.STRING_SCHEMA, "x", 42);
        sink.put(List.of(record));

        TopicPartition tp = new TopicPartition("t", 3);
        assertThat(context.rewinds).containsExactly(Map.of(tp, 7L), Map.of(tp, 9L));
        assertThat(context.paused).containsExactly(tp);
        assertThat(context.resumed).containsExactly(tp);
        assertThat(context.timeouts).containsExactly(500L);
        assertThat(context.commitRequests).isEqualTo(1);
        assertThat(context.reported).hasSize(1);
        SinkRecord reported = context.reported.get(0);
        assertThat(List.of(reported.topic(), reported.kafkaPartition(), reported.kafkaOffset(), reported.value()))
                .containsExactly("t", 3, 42L, "x");
        assertThat(connect.configs).containsEntry("k", "v");
        assertThat(connect.assignment).containsExactly(new org.apache.kafka.common.TopicPartition("t", 3));
        assertThat(connect.metricValue).isEqualTo(2.0);
        sink.stop();
    }

    private static List<SourceRecord> pollUntil(BridgedSourceTask task, int count) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        // FileStreamSourceTask returns null until its reader has lines; it reads a local file, so a few polls do.
        for (int i = 0; i < 100 && all.size() < count; i++) {
            List<SourceRecord> polled = task.poll();
            if (polled != null) {
                all.addAll(polled);
            }
        }
        return all;
    }

    /** A Connect sink task that uses every method of its context during {@code put}. */
    public static final class ContextUsingSinkTask extends org.apache.kafka.connect.sink.SinkTask {
        Map<String, String> configs;
        Set<org.apache.kafka.common.TopicPartition> assignment;
        Object metricValue;

        /** As Connect requires. */
        public ContextUsingSinkTask() {}

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {}

        @Override
        public void put(Collection<org.apache.kafka.connect.sink.SinkRecord> records) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("t", 3);
            context.offset(Map.of(tp, 7L));
            context.offset(tp, 9L);
            context.pause(tp);
            context.resume(tp);
            context.timeout(500);
            context.requestCommit();
            configs = context.configs();
            assignment = context.assignment();
            for (org.apache.kafka.connect.sink.SinkRecord record : records) {
                context.errantRecordReporter().report(record, new IllegalStateException("bad"));
            }
            PluginMetrics metrics = context.pluginMetrics();
            var sensor = metrics.addSensor("puts");
            var name = metrics.metricName("put-total", "puts", new LinkedHashMap<>());
            sensor.add(name, new CumulativeSum());
            sensor.record();
            sensor.record();
            metricValue = ((BridgePluginMetrics) metrics).value(name);
        }

        @Override
        public void stop() {}
    }

    /** Kanal's sink context, recording each request. */
    private static final class RecordingSinkContext implements SinkTaskContext {
        final List<Map<TopicPartition, Long>> rewinds = new ArrayList<>();
        final List<TopicPartition> paused = new ArrayList<>();
        final List<TopicPartition> resumed = new ArrayList<>();
        final List<Long> timeouts = new ArrayList<>();
        final List<SinkRecord> reported = new ArrayList<>();
        int commitRequests;

        @Override
        public Map<String, String> configs() {
            return Map.of("k", "v");
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            rewinds.add(new HashMap<>(offsets));
        }

        @Override
        public void offset(TopicPartition partition, long offset) {
            rewinds.add(Map.of(partition, offset));
        }

        @Override
        public void timeout(long timeoutMs) {
            timeouts.add(timeoutMs);
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(new TopicPartition("t", 3));
        }

        @Override
        public void pause(TopicPartition... partitions) {
            paused.addAll(List.of(partitions));
        }

        @Override
        public void resume(TopicPartition... partitions) {
            resumed.addAll(List.of(partitions));
        }

        @Override
        public void requestCommit() {
            commitRequests++;
        }

        @Override
        public ErrantRecordReporter errantRecordReporter() {
            return (record, error) -> {
                reported.add(record);
                return CompletableFuture.completedFuture(null);
            };
        }
    }
}
