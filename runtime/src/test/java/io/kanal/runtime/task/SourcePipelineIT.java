package io.kanal.runtime.task;

import static io.kanal.runtime.task.PipelineFixtures.readAll;
import static io.kanal.runtime.task.PipelineFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.api.errors.DataException;
import io.kanal.api.errors.RetriableException;
import io.kanal.api.source.OffsetReader;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.api.transform.Transformation;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.ConfigEntry;
import io.kanal.client.admin.ConfigResource;
import io.kanal.client.admin.TopicDescription;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.store.file.FileOffsetStore;
import io.kanal.runtime.worker.ConnectorOffsets;
import io.kanal.runtime.worker.TaskFactory;
import io.kanal.runtime.worker.WorkerResources;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** Fails for every record whose value ends in 3. */
    static final class FailThrees implements Transformation<SourceRecord> {
        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        @Override
        public void configure(ParsedConfig config) {}

        @Override
        public SourceRecord apply(SourceRecord record) {
            if (String.valueOf(record.value()).endsWith("3")) {
                throw new DataException("no threes: " + record.value());
            }
            return record;
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

    /** A source runner with no task config, no secrets and no listener: what every test here builds. */
    private static TaskRunner source(
            TaskFactory factory,
            Owner owner,
            SourceTask task,
            Map<String, String> connectorConfig,
            TaskConverters converters,
            List<TransformChain.Step<SourceRecord>> steps,
            SourceOffsetStore offsets,
            OffsetReader reader) {
        return factory.source(
                owner,
                Plugin.of(owner, task),
                connectorConfig,
                Map.of(),
                converters,
                steps,
                offsets,
                reader,
                Redactor.NONE,
                TaskRunner.Listener.NONE);
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
        TaskRunner runner = source(
                factory(cluster),
                owner,
                source,
                Map.of(),
                PipelineFixtures.stringConverters(owner),
                List.of(new TransformChain.Step<>("drop", Plugin.of(owner, new DropSevens()), null, false)),
                offsets,
                NO_OFFSETS);
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
    void aRetriableExceptionFromPollIsPolledAgainAsInConnect(KafkaCluster cluster) throws Exception {
        String topic = "source-retriable";
        PipelineFixtures.createTopic(cluster, topic, 1);
        Owner owner = Owner.task("flaky", 0);
        AtomicInteger failuresLeft = new AtomicInteger(3);
        TestTasks.CountingSource source = new TestTasks.CountingSource(topic, 100, 1, 10) {
            @Override
            public List<SourceRecord> poll() throws InterruptedException {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new RetriableException("the database is briefly away");
                }
                return super.poll();
            }
        };
        TaskRunner runner = source(
                factory(cluster),
                owner,
                source,
                Map.of(),
                PipelineFixtures.stringConverters(owner),
                List.of(),
                new MemoryOffsets(),
                NO_OFFSETS);
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> source.committed.size() == 100);
        assertThat(failuresLeft.get()).as("every retriable failure was thrown").isNegative();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.RUNNING);
        runner.stop();
        assertThat(readAll(cluster, topic, 1, 100)).hasSize(100);
    }

    @Test
    void jsonConverterWithSchemasWritesConnectsEnvelope(KafkaCluster cluster) throws Exception {
        String topic = "source-json";
        PipelineFixtures.createTopic(cluster, topic, 1);
        Owner owner = Owner.task("src-json", 0);
        TestTasks.CountingSource source = new TestTasks.CountingSource(topic, 10, 1, 10);
        TaskRunner runner = source(
                factory(cluster),
                owner,
                source,
                Map.of(),
                PipelineFixtures.jsonValues(owner, true),
                List.of(),
                new MemoryOffsets(),
                NO_OFFSETS);
        runner.start();
        List<ConsumerRecord<byte[], byte[]>> written = readAll(cluster, topic, 1, 10);
        runner.stop();
        assertThat(text(written.get(3).value()))
                .isEqualTo("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"v-3\"}");
        assertThat(text(written.get(3).key())).isEqualTo("k-3");
    }

    @Test
    void failedSourceRecordsGoToKanalsSourceDeadLetterQueueUnderToleranceAll(KafkaCluster cluster) throws Exception {
        String topic = "source-dlq";
        String dlq = "source-dlq-dead";
        PipelineFixtures.createTopic(cluster, topic, 1);
        Owner owner = Owner.task("src-dlq", 0);
        TestTasks.CountingSource source = new TestTasks.CountingSource(topic, 1000, 1, 100);
        MemoryOffsets offsets = new MemoryOffsets();
        Map<String, String> connector = Map.of(
                "errors.tolerance", "all",
                "kanal.errors.deadletterqueue.topic.name", dlq,
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true");
        TaskRunner runner = source(
                factory(cluster),
                owner,
                source,
                connector,
                PipelineFixtures.stringConverters(owner),
                List.of(new TransformChain.Step<>("fail", Plugin.of(owner, new FailThrees()), null, false)),
                offsets,
                NO_OFFSETS);
        runner.start();
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(cluster, dlq, 1, 100);
        List<ConsumerRecord<byte[], byte[]>> written = readAll(cluster, topic, 1, 900);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> offsets.latest().values().stream().anyMatch(o -> ((Integer) o.get("i")) == 999));
        runner.stop();
        assertThat(written).hasSize(900);
        assertThat(dead).hasSize(100);
        for (int n = 0; n < 100; n++) {
            ConsumerRecord<byte[], byte[]> r = dead.get(n);
            int i = 10 * n + 3;
            assertThat(text(r.value())).isEqualTo("v-" + i);
            assertThat(text(r.key())).isEqualTo("k-" + i);
            Map<String, String> headers = new HashMap<>();
            r.headers().forEach(h -> headers.put(h.key(), text(h.valueBytes())));
            assertThat(headers)
                    .containsEntry("__connect.errors.stage", "TRANSFORMATION")
                    .containsEntry("__connect.errors.class.name", FailThrees.class.getName())
                    .containsEntry("__connect.errors.connector.name", "src-dlq")
                    .containsEntry("__connect.errors.exception.message", "no threes: v-" + i)
                    .containsEntry(SourceDeadLetters.SOURCE_PARTITION_HEADER, "{p=0}")
                    .containsEntry(SourceDeadLetters.SOURCE_OFFSET_HEADER, "{i=" + i + "}")
                    .doesNotContainKey("__connect.errors.topic");
        }
        assertThat(source.nullMetadata.get()).isEqualTo(100);
    }

    @Test
    void toleranceNoneFailsTheSourceTaskAtTheFirstFailedRecord(KafkaCluster cluster) throws Exception {
        String topic = "source-strict";
        PipelineFixtures.createTopic(cluster, topic, 1);
        Owner owner = Owner.task("src-strict", 0);
        TestTasks.CountingSource source = new TestTasks.CountingSource(topic, 100, 1, 10);
        MemoryOffsets offsets = new MemoryOffsets();
        TaskRunner runner = source(
                factory(cluster),
                owner,
                source,
                Map.of(),
                PipelineFixtures.stringConverters(owner),
                List.of(new TransformChain.Step<>("fail", Plugin.of(owner, new FailThrees()), null, false)),
                offsets,
                NO_OFFSETS);
        runner.start();
        assertThat(runner.awaitFinished(Duration.ofSeconds(60))).isTrue();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.FAILED);
        assertThat(runner.failure().stage()).isEqualTo(Stage.TRANSFORMATION);
        assertThat(runner.failure().exceptionClass()).isEqualTo(DataException.class.getName());
        assertThat(runner.failure().message()).isEqualTo("no threes: v-3");
        // The three records before it were written and their offsets committed on the way out, nothing after.
        assertThat(readAll(cluster, topic, 1, 3))
                .extracting(r -> text(r.value()))
                .containsExactly("v-0", "v-1", "v-2");
        assertThat(offsets.latest()).containsEntry(Map.of("p", 0), Map.of("i", 2));
        runner.stop();
    }

    @Test
    void aCleanStopAndRestartFromTheFileOffsetStoreLosesAndDuplicatesNothing(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        String topic = "source-resume";
        PipelineFixtures.createTopic(cluster, topic, 1);
        Owner owner = Owner.task("resume", 0);
        try (FileOffsetStore store = new FileOffsetStore(dir.resolve("offsets.json"), FileOffsetStore.Format.AUTO)) {
            store.start();
            ConnectorOffsets offsets = new ConnectorOffsets(store, "resume");
            TestTasks.CountingSource first = new TestTasks.CountingSource(topic, 500, 1, 50);
            TaskRunner runner = source(
                    factory(cluster),
                    owner,
                    first,
                    Map.of(),
                    PipelineFixtures.stringConverters(owner),
                    List.of(),
                    offsets,
                    offsets);
            runner.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> first.committed.size() == 500);
            runner.stop();
            assertThat(store.offset("resume", Map.of("p", 0))).contains(Map.of("i", 499L));

            TestTasks.CountingSource second = new TestTasks.CountingSource(topic, 1000, 1, 50);
            TaskRunner again = source(
                    factory(cluster),
                    owner,
                    second,
                    Map.of(),
                    PipelineFixtures.stringConverters(owner),
                    List.of(),
                    offsets,
                    offsets);
            again.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> second.committed.size() == 500);
            again.stop();
        }
        List<String> values = readAll(cluster, topic, 1, 1000).stream()
                .map(r -> text(r.value()))
                .toList();
        assertThat(values).hasSize(1000).doesNotHaveDuplicates();
        assertThat(values.get(0)).isEqualTo("v-0");
        assertThat(values.get(999)).isEqualTo("v-999");
    }

    @Test
    void aFullProducerBufferIsBackPressureNotLoss(KafkaCluster cluster) throws Exception {
        String topic = "source-backpressure";
        PipelineFixtures.createTopic(cluster, topic, 1);
        Owner owner = Owner.task("pressure", 0);
        Map<String, String> worker = Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "offset.flush.interval.ms", "100",
                "connector.client.config.override.policy", "All");
        try (WorkerResources permissive = new WorkerResources("it-all", worker)) {
            TestTasks.CountingSource source = new TestTasks.CountingSource(topic, 300, 1, 100, 20_000);
            Map<String, String> connector = Map.of(
                    "producer.override.buffer.memory", "65536",
                    "producer.override.max.block.ms", "1");
            TaskRunner runner = new TaskFactory(invoker, permissive, worker)
                    .source(
                            owner,
                            Plugin.of(owner, source),
                            connector,
                            Map.of(),
                            PipelineFixtures.stringConverters(owner),
                            List.of(),
                            new MemoryOffsets(),
                            NO_OFFSETS,
                            Redactor.NONE,
                            TaskRunner.Listener.NONE);
            runner.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> source.committed.size() == 300);
            runner.stop();
            assertThat(runner.taskState()).isEqualTo(TaskRunner.State.STOPPED);
        }
        List<ConsumerRecord<byte[], byte[]>> written = readAll(cluster, topic, 1, 300);
        assertThat(written).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(text(written.get(i).value()))
                    .startsWith("v-" + i + ":")
                    .hasSize(("v-" + i + ":").length() + 20_000);
        }
    }

    @Test
    void topicsAreCreatedWithTheirGroupsSettingsBeforeTheFirstRecord(KafkaCluster cluster) throws Exception {
        String topic = "created-compacted";
        Owner owner = Owner.task("creator", 0);
        TestTasks.CountingSource source = new TestTasks.CountingSource(topic, 20, 1, 20);
        Map<String, String> connector = Map.of(
                "topic.creation.default.replication.factor", "1",
                "topic.creation.default.partitions", "3",
                "topic.creation.groups", "compacted",
                "topic.creation.compacted.include", "created-compacted.*",
                "topic.creation.compacted.partitions", "2",
                "topic.creation.compacted.cleanup.policy", "compact");
        TaskRunner runner = source(
                factory(cluster),
                owner,
                source,
                connector,
                PipelineFixtures.stringConverters(owner),
                List.of(),
                new MemoryOffsets(),
                NO_OFFSETS);
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> source.committed.size() == 20);
        runner.stop();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicDescription description =
                    admin.describeTopics(List.of(topic)).get().orThrow().get(topic);
            assertThat(description.partitions()).hasSize(2);
            Map<String, ConfigEntry> configs = admin.describeConfigs(List.of(ConfigResource.topic(topic)))
                    .get()
                    .orThrow()
                    .get(ConfigResource.topic(topic));
            assertThat(configs.get("cleanup.policy").value()).isEqualTo("compact");
        }
        assertThat(readAll(cluster, topic, 2, 20)).hasSize(20);
    }

    @Test
    void aRecordKafkaRefusesFailsTheTaskOrIsSkippedUnderToleranceAll(KafkaCluster cluster) throws Exception {
        String topic = "source-too-large";
        PipelineFixtures.createTopic(cluster, topic, 1);
        Map<String, String> worker = Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "offset.flush.interval.ms", "100",
                "connector.client.config.override.policy", "All");
        try (WorkerResources permissive = new WorkerResources("it-large", worker)) {
            TaskFactory factory = new TaskFactory(invoker, permissive, worker);
            Owner strictOwner = Owner.task("large-strict", 0);
            TestTasks.CountingSource strict = new TestTasks.CountingSource(topic, 5, 1, 5, 5_000);
            TaskRunner failing = factory.source(
                    strictOwner,
                    Plugin.of(strictOwner, strict),
                    Map.of("producer.override.max.request.size", "2000"),
                    Map.of(),
                    PipelineFixtures.stringConverters(strictOwner),
                    List.of(),
                    new MemoryOffsets(),
                    NO_OFFSETS,
                    Redactor.NONE,
                    TaskRunner.Listener.NONE);
            failing.start();
            assertThat(failing.awaitFinished(Duration.ofSeconds(60))).isTrue();
            assertThat(failing.taskState()).isEqualTo(TaskRunner.State.FAILED);
            assertThat(failing.failure().stage()).isEqualTo(Stage.KAFKA_PRODUCE);
            assertThat(failing.failure().topic()).isEqualTo(topic);
            failing.stop();

            Owner tolerantOwner = Owner.task("large-tolerant", 0);
            TestTasks.CountingSource tolerant = new TestTasks.CountingSource(topic, 5, 1, 5, 5_000);
            MemoryOffsets offsets = new MemoryOffsets();
            TaskRunner skipping = factory.source(
                    tolerantOwner,
                    Plugin.of(tolerantOwner, tolerant),
                    Map.of("producer.override.max.request.size", "2000", "errors.tolerance", "all"),
                    Map.of(),
                    PipelineFixtures.stringConverters(tolerantOwner),
                    List.of(),
                    offsets,
                    NO_OFFSETS,
                    Redactor.NONE,
                    TaskRunner.Listener.NONE);
            skipping.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> tolerant.nullMetadata.get() == 5
                            && offsets.latest().equals(Map.of(Map.of("p", 0), Map.of("i", 4))));
            skipping.stop();
            assertThat(skipping.taskState()).isEqualTo(TaskRunner.State.STOPPED);
        }
    }

    @Test
    void headersAConverterAddsWhileSerialisingReachKafka(KafkaCluster cluster) throws Exception {
        String topic = "source-converter-headers";
        PipelineFixtures.createTopic(cluster, topic, 1);
        Owner owner = Owner.task("conv-headers", 0);
        io.kanal.api.convert.Converter value = new io.kanal.api.convert.Converter() {
            private final io.kanal.runtime.convert.StringConverter strings =
                    new io.kanal.runtime.convert.StringConverter();

            @Override
            public ConfigSpec configSpec() {
                return strings.configSpec();
            }

            @Override
            public void configure(ParsedConfig config, boolean isKey) {
                strings.configure(config, isKey);
            }

            @Override
            public byte[] fromConnectData(
                    String t, io.kanal.api.data.Headers headers, io.kanal.api.data.Schema schema, Object v) {
                return strings.fromConnectData(t, headers, schema, v);
            }

            @Override
            public io.kanal.api.convert.Serialized serialize(
                    String t, io.kanal.api.data.Headers headers, io.kanal.api.data.Schema schema, Object v) {
                return new io.kanal.api.convert.Serialized(
                        fromConnectData(t, headers, schema, v),
                        headers.add("schema-id", io.kanal.api.data.Schema.STRING_SCHEMA, "42"));
            }

            @Override
            public io.kanal.api.data.SchemaAndValue toConnectData(
                    String t, io.kanal.api.data.Headers headers, byte[] bytes) {
                return strings.toConnectData(t, headers, bytes);
            }
        };
        TestTasks.CountingSource source = new TestTasks.CountingSource(topic, 3, 1, 3);
        TaskRunner runner = factory(cluster)
                .source(
                        owner,
                        Plugin.of(owner, source),
                        Map.of(),
                        Map.of(),
                        PipelineFixtures.converters(
                                owner, new io.kanal.runtime.convert.StringConverter(), Map.of(), value, Map.of()),
                        List.of(),
                        new MemoryOffsets(),
                        NO_OFFSETS,
                        Redactor.NONE,
                        TaskRunner.Listener.NONE);
        runner.start();
        List<ConsumerRecord<byte[], byte[]>> written = readAll(cluster, topic, 1, 3);
        runner.stop();
        assertThat(written.get(2).headers()).singleElement().satisfies(h -> {
            assertThat(h.key()).isEqualTo("schema-id");
            assertThat(text(h.valueBytes())).isEqualTo("42");
        });
        assertThat(text(written.get(2).value())).isEqualTo("v-2");
    }
}
