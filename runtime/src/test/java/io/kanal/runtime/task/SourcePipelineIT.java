package io.kanal.runtime.task;

import static io.kanal.runtime.task.PipelineFixtures.readAll;
import static io.kanal.runtime.task.PipelineFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Transformation;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.worker.TaskFactory;
import io.kanal.runtime.worker.WorkerResources;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A source task through the source pipeline to a real broker. */
@WithKafkaCluster
class SourcePipelineIT {

    private PluginInvoker invoker;
    private WorkerResources clients;

    /** Records every offset write; completes at once. */
    static final class MemoryOffsets implements SourceOffsetStore {
        final List<Map<Map<String, ?>, Map<String, ?>>> writes = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> write(Map<Map<String, ?>, Map<String, ?>> offsets) {
            writes.add(Map.copyOf(offsets));
            return CompletableFuture.completedFuture(null);
        }

        Map<Map<String, ?>, Map<String, ?>> latest() {
            Map<Map<String, ?>, Map<String, ?>> merged = new HashMap<>();
            writes.forEach(merged::putAll);
            return merged;
        }
    }

    private static final OffsetReader NO_OFFSETS = new OffsetReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return null;
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            return Map.of();
        }
    };

    /** Drops every record whose value ends in 7. */
    static final class DropSevens implements Transformation<SourceRecord> {
        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        @Override
        public void configure(ParsedConfig config) {}

        @Override
        public SourceRecord apply(SourceRecord record) {
            return String.valueOf(record.value()).endsWith("7") ? null : record;
        }
    }

    @BeforeEach
    void setUp(KafkaCluster cluster) {
        invoker = PluginInvoker.builder().build();
        invoker.start();
        clients = new WorkerResources(
                "it", Map.of("bootstrap.servers", cluster.bootstrapServers(), "offset.flush.interval.ms", "100"));
    }

    @AfterEach
    void tearDown() {
        clients.close();
        invoker.stop();
    }

    private TaskFactory factory(KafkaCluster cluster) {
        return new TaskFactory(
                invoker,
                clients,
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "offset.flush.interval.ms", "100"));
    }

    @Test
    void everyRecordReachesKafkaAndOffsetsAreWrittenOnlyForAcknowledgedRecords(KafkaCluster cluster) throws Exception {
        String topic = "source-strings";
        PipelineFixtures.createTopic(cluster, topic, 3);
        Owner owner = Owner.task("src", 0);
        TestTasks.CountingSource source = new TestTasks.CountingSource(topic, 1000, 4, 64);
        MemoryOffsets offsets = new MemoryOffsets();
        TaskRunner runner = factory(cluster)
                .source(
                        owner,
                        Plugin.of(owner, source),
                        Map.of(),
                        Map.of(),
                        PipelineFixtures.stringConverters(owner),
                        List.of(new TransformChain.Step<>("drop", Plugin.of(owner, new DropSevens()), null, false)),
                        offsets,
                        NO_OFFSETS,
                        Redactor.NONE,
                        TaskRunner.Listener.NONE);
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> source.committed.size() + source.nullMetadata.get() == 1000);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> offsets.latest().size() == 4
                        && offsets.latest().values().stream().allMatch(o -> ((Integer) o.get("i")) >= 996));
        runner.stop();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.STOPPED);

        assertThat(source.nullMetadata.get()).isEqualTo(100); // the values ending in 7, dropped by the transform
        List<ConsumerRecord<byte[], byte[]>> written = readAll(cluster, topic, 3, 900);
        assertThat(written).hasSize(900);
        Set<String> values = new HashSet<>();
        written.forEach(r -> values.add(text(r.value())));
        assertThat(values).hasSize(900).doesNotContain("v-7", "v-17").contains("v-0", "v-999");
        assertThat(text(written.get(0).key())).startsWith("k-");
        // Each written offset names a record that Kafka holds (or a dropped one), and offsets only grow.
        Map<Integer, Integer> lastPerPartition = new HashMap<>();
        for (Map<Map<String, ?>, Map<String, ?>> write : offsets.writes) {
            write.forEach((partition, offset) -> {
                int p = (Integer) partition.get("p");
                int i = (Integer) offset.get("i");
                assertThat(i % 4).isEqualTo(p);
                assertThat(i % 10 == 7 || values.contains("v-" + i)).isTrue();
                assertThat(i).isGreaterThan(lastPerPartition.getOrDefault(p, -1));
                lastPerPartition.put(p, i);
            });
        }
        assertThat(lastPerPartition)
                .containsEntry(0, 996)
                .containsEntry(1, 997)
                .containsEntry(2, 998)
                .containsEntry(3, 999);
        assertThat(source.commits.get()).isPositive();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("kanal-task-src-0"));
    }

    @Test
    void jsonConverterWithSchemasWritesConnectsEnvelope(KafkaCluster cluster) throws Exception {
        String topic = "source-json";
        PipelineFixtures.createTopic(cluster, topic, 1);
        Owner owner = Owner.task("src-json", 0);
        TestTasks.CountingSource source = new TestTasks.CountingSource(topic, 10, 1, 10);
        TaskRunner runner = factory(cluster)
                .source(
                        owner,
                        Plugin.of(owner, source),
                        Map.of(),
                        Map.of(),
                        PipelineFixtures.jsonValues(owner, true),
                        List.of(),
                        new MemoryOffsets(),
                        NO_OFFSETS,
                        Redactor.NONE,
                        TaskRunner.Listener.NONE);
        runner.start();
        List<ConsumerRecord<byte[], byte[]>> written = readAll(cluster, topic, 1, 10);
        runner.stop();
        assertThat(text(written.get(3).value()))
                .isEqualTo("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"v-3\"}");
        assertThat(text(written.get(3).key())).isEqualTo("k-3");
    }
}
