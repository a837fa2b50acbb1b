package io.kanal.runtime.task;

import static io.kanal.runtime.task.PipelineFixtures.produce;
import static io.kanal.runtime.task.PipelineFixtures.readAll;
import static io.kanal.runtime.task.PipelineFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.SinkTask;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.record.Header;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.runtime.convert.JsonConverter;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import io.kanal.runtime.invoke.StageError;
import io.kanal.runtime.worker.TaskFactory;
import io.kanal.runtime.worker.WorkerResources;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink pipeline against a real broker: reading back, errors and dead letter queue, retries. */
@WithKafkaCluster
class SinkPipelineIT {

    private PluginInvoker invoker;
    private WorkerResources clients;
    private TaskFactory factory;

    @BeforeEach
    void setUp(KafkaCluster cluster) {
        invoker = PluginInvoker.builder().build();
        invoker.start();
        Map<String, String> worker = Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "offset.flush.interval.ms", "200",
                "connector.client.config.override.policy", "All");
        clients = new WorkerResources("it", worker);
        factory = new TaskFactory(invoker, clients, worker);
    }

    @AfterEach
    void tearDown() {
        clients.close();
        invoker.stop();
    }

    private static Map<String, OffsetAndMetadata> committed(KafkaCluster cluster, String group, String topic) {
        try (Consumer<byte[], byte[]> consumer = Consumer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "group.id", group),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<String, OffsetAndMetadata> out = new HashMap<>();
            consumer.committed(Set.of(new TopicPartition(topic, 0))).forEach((p, o) -> out.put(p.toString(), o));
            return out;
        }
    }

    private static List<String> numbered(int n) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add("line-" + i);
        }
        return values;
    }

    /** A sink runner with no task config, no transforms, no secrets and no listener: what most tests here build. */
    private static TaskRunner sink(
            TaskFactory factory,
            Owner owner,
            SinkTask task,
            Map<String, String> connectorConfig,
            TaskConverters converters) {
        return factory.sink(
                owner,
                Plugin.of(owner, task),
                connectorConfig,
                Map.of(),
                converters,
                List.of(),
                Redactor.NONE,
                TaskRunner.Listener.NONE);
    }

    @Test
    void readsEveryRecordBackInOrderAndCommitsTheGroupOffsets(KafkaCluster cluster) throws Exception {
        String topic = "sink-read";
        PipelineFixtures.createTopic(cluster, topic, 1);
        produce(cluster, topic, numbered(300));
        Owner owner = Owner.task("reader", 0);
        TestTasks.CollectingSink sink = new TestTasks.CollectingSink();
        TaskRunner runner =
                sink(factory, owner, sink, Map.of("topics", topic), PipelineFixtures.stringConverters(owner));
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.records.size() >= 300);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> committed(cluster, "connect-reader", topic)
                                .getOrDefault(topic + "-0", OffsetAndMetadata.of(0))
                                .offset()
                        == 300);
        runner.stop();
        assertThat(sink.records).extracting(SinkRecord::value).containsExactlyElementsOf(numbered(300));
        assertThat(sink.records.get(5).kafkaOffset()).isEqualTo(5);
        assertThat(sink.opened).containsExactly(List.of(new io.kanal.api.sink.TopicPartition(topic, 0)));
        assertThat(sink.closed).containsExactly(List.of(new io.kanal.api.sink.TopicPartition(topic, 0)));
        assertThat(sink.stopped).isTrue();
    }

    private static List<String> halfMalformed() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(i % 2 == 0 ? "{\"n\":" + i + "}" : "{\"n\":" + i + ",broken");
        }
        return values;
    }

    @Test
    void toleranceAllSends500MalformedRecordsToTheDeadLetterQueueInOrderWithContextHeaders(KafkaCluster cluster)
            throws Exception {
        String topic = "sink-json";
        String dlq = "sink-json-dlq";
        PipelineFixtures.createTopic(cluster, topic, 1);
        produce(cluster, topic, halfMalformed());
        Owner owner = Owner.task("json-sink", 0);
        TestTasks.CollectingSink sink = new TestTasks.CollectingSink();
        Map<String, String> connector = Map.of(
                "topics", topic,
                "errors.tolerance", "all",
                "errors.log.enable", "true",
                "errors.deadletterqueue.topic.name", dlq,
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true");
        TaskRunner runner = sink(factory, owner, sink, connector, PipelineFixtures.jsonValues(owner, false));
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.records.size() >= 500);
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(cluster, dlq, 1, 500);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> committed(cluster, "connect-json-sink", topic)
                                .getOrDefault(topic + "-0", OffsetAndMetadata.of(0))
                                .offset()
                        == 1000);
        runner.stop();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.STOPPED);

        assertThat(sink.records).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(sink.records.get(i).value()).isEqualTo(Map.of("n", (long) (2 * i)));
            assertThat(sink.records.get(i).kafkaOffset()).isEqualTo(2L * i);
        }
        assertThat(dead).hasSize(500);
        for (int i = 0; i < 500; i++) {
            ConsumerRecord<byte[], byte[]> r = dead.get(i);
            int original = 2 * i + 1;
            assertThat(text(r.value())).isEqualTo("{\"n\":" + original + ",broken");
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), text(h.valueBytes()));
            }
            assertThat(headers)
                    .containsEntry("__connect.errors.topic", topic)
                    .containsEntry("__connect.errors.partition", "0")
                    .containsEntry("__connect.errors.offset", String.valueOf(original))
                    .containsEntry("__connect.errors.connector.name", "json-sink")
                    .containsEntry("__connect.errors.task.id", "0")
                    .containsEntry("__connect.errors.stage", "VALUE_CONVERTER")
                    .containsEntry("__connect.errors.class.name", JsonConverter.class.getName())
                    .containsKeys(
                            "__connect.errors.exception.class.name",
                            "__connect.errors.exception.message",
                            "__connect.errors.exception.stacktrace");
            assertThat(headers.get("__connect.errors.exception.class.name")).isNotBlank();
        }
    }

    @Test
    void toleranceNoneFailsTheTaskAtTheFirstBadRecordWithAStructuredError(KafkaCluster cluster) throws Exception {
        String topic = "sink-json-none";
        PipelineFixtures.createTopic(cluster, topic, 1);
        produce(cluster, topic, List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "not json", "{\"n\":4}"));
        Owner owner = Owner.task("strict", 0);
        TestTasks.CollectingSink sink = new TestTasks.CollectingSink();
        List<StageError> reported = new ArrayList<>();
        TaskRunner runner = factory.sink(
                owner,
                Plugin.of(owner, sink),
                Map.of("topics", topic),
                Map.of(),
                PipelineFixtures.jsonValues(owner, false),
                List.of(),
                Redactor.NONE,
                new TaskRunner.Listener() {
                    @Override
                    public void failed(Owner o, StageError error) {
                        reported.add(error);
                    }
                });
        runner.start();
        assertThat(runner.awaitFinished(Duration.ofSeconds(60))).isTrue();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.FAILED);
        StageError error = runner.failure();
        assertThat(reported).containsExactly(error);
        assertThat(error.stage()).isEqualTo(Stage.VALUE_CONVERTER);
        assertThat(error.topic()).isEqualTo(topic);
        assertThat(error.partition()).isZero();
        assertThat(error.offset()).isEqualTo(3L);
        assertThat(error.exceptionClass()).isEqualTo(io.kanal.api.errors.DataException.class.getName());
        assertThat(sink.records).extracting(SinkRecord::kafkaOffset).allMatch(o -> o < 3);
        assertThat(sink.stopped).isTrue();
        runner.stop();
    }

    @Test
    void retriableExceptionInPutPassesTheSameBatchAgainAndKeepsTheGroup(KafkaCluster cluster) throws Exception {
        String topic = "sink-retry";
        PipelineFixtures.createTopic(cluster, topic, 1);
        produce(cluster, topic, numbered(50));
        Owner owner = Owner.task("retrying", 0);
        TestTasks.CollectingSink sink = new TestTasks.CollectingSink(3, 300);
        TaskRunner runner =
                sink(factory, owner, sink, Map.of("topics", topic), PipelineFixtures.stringConverters(owner));
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.records.size() >= 50);
        assertThat(sink.batches.size()).isGreaterThanOrEqualTo(4);
        List<SinkRecord> first = sink.batches.get(0);
        assertThat(sink.batches.subList(1, 4)).allSatisfy(b -> assertThat(b).isEqualTo(first));
        assertThat(sink.records).extracting(SinkRecord::value).containsExactlyElementsOf(numbered(50));
        // The membership survived the retries: one assignment, never revoked while running.
        assertThat(sink.opened).hasSize(1);
        assertThat(sink.closed).isEmpty();
        runner.stop();
        assertThat(sink.closed).hasSize(1);
    }

    @Test
    void errantRecordReporterSendsTheReportedRecordsToTheDeadLetterQueue(KafkaCluster cluster) throws Exception {
        String topic = "sink-errant";
        String dlq = "sink-errant-dlq";
        PipelineFixtures.createTopic(cluster, topic, 1);
        produce(cluster, topic, numbered(100));
        Owner owner = Owner.task("errant", 0);
        TestTasks.ReportingSink sink = new TestTasks.ReportingSink();
        Map<String, String> connector = Map.of(
                "topics", topic,
                "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", dlq,
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true");
        TaskRunner runner = sink(factory, owner, sink, connector, PipelineFixtures.stringConverters(owner));
        runner.start();
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(cluster, dlq, 1, 10);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> committed(cluster, "connect-errant", topic)
                                .getOrDefault(topic + "-0", OffsetAndMetadata.of(0))
                                .offset()
                        == 100);
        runner.stop();
        assertThat(sink.records).hasSize(90);
        assertThat(dead)
                .extracting(r -> text(r.value()))
                .containsExactly(
                        "line-3", "line-13", "line-23", "line-33", "line-43", "line-53", "line-63", "line-73",
                        "line-83", "line-93");
        Map<String, String> headers = new HashMap<>();
        dead.get(1).headers().forEach(h -> headers.put(h.key(), text(h.valueBytes())));
        assertThat(headers)
                .containsEntry("__connect.errors.stage", "TASK_PUT")
                .containsEntry("__connect.errors.class.name", TestTasks.ReportingSink.class.getName())
                .containsEntry("__connect.errors.offset", "13")
                .containsEntry("__connect.errors.exception.class.name", IllegalArgumentException.class.getName())
                .containsEntry("__connect.errors.exception.message", "rejected line-13");
    }

    @Test
    void topicsRegexSubscribesToEveryMatchingTopic(KafkaCluster cluster) throws Exception {
        PipelineFixtures.createTopic(cluster, "regex-a", 1);
        PipelineFixtures.createTopic(cluster, "regex-b", 1);
        PipelineFixtures.createTopic(cluster, "regex-other", 1);
        produce(cluster, "regex-a", List.of("a0", "a1"));
        produce(cluster, "regex-b", List.of("b0"));
        produce(cluster, "regex-other", List.of("x"));
        Owner owner = Owner.task("regex", 0);
        TestTasks.CollectingSink sink = new TestTasks.CollectingSink();
        TaskRunner runner = sink(
                factory, owner, sink, Map.of("topics.regex", "regex-[ab]"), PipelineFixtures.stringConverters(owner));
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.records.size() >= 3);
        runner.stop();
        assertThat(sink.records).extracting(SinkRecord::value).containsExactlyInAnyOrder("a0", "a1", "b0");
    }

    @Test
    void theTaskContextRewindsPausesResumesAndRequestsCommits(KafkaCluster cluster) throws Exception {
        String topic = "sink-context";
        PipelineFixtures.createTopic(cluster, topic, 1);
        produce(cluster, topic, numbered(20));
        Owner owner = Owner.task("ctx", 0);
        TestTasks.RewindingSink sink = new TestTasks.RewindingSink();
        TaskRunner runner = sink(
                factory,
                owner,
                sink,
                Map.of("topics", topic, "consumer.override.max.poll.records", "4"),
                PipelineFixtures.stringConverters(owner));
        runner.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.records.size() >= 15);
        runner.stop();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.STOPPED);
        assertThat(sink.records)
                .extracting(SinkRecord::value)
                .containsExactlyElementsOf(numbered(20).subList(5, 20));
        assertThat(sink.emptyPutsWhilePaused.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aReportedRecordUnderToleranceNoneFailsTheTaskAfterPut(KafkaCluster cluster) throws Exception {
        String topic = "sink-errant-none";
        PipelineFixtures.createTopic(cluster, topic, 1);
        produce(cluster, topic, numbered(10));
        Owner owner = Owner.task("errant-none", 0);
        TestTasks.ReportingSink sink = new TestTasks.ReportingSink();
        TaskRunner runner =
                sink(factory, owner, sink, Map.of("topics", topic), PipelineFixtures.stringConverters(owner));
        runner.start();
        assertThat(runner.awaitFinished(Duration.ofSeconds(60))).isTrue();
        assertThat(runner.taskState()).isEqualTo(TaskRunner.State.FAILED);
        assertThat(runner.failure().stage()).isEqualTo(Stage.PUT);
        assertThat(runner.failure().offset()).isEqualTo(3L);
        assertThat(runner.failure().message()).isEqualTo("rejected line-3");
        runner.stop();
        // The failed batch was not committed past: a restart reads the reported record again.
        assertThat(committed(cluster, "connect-errant-none", topic)
                        .getOrDefault(topic + "-0", OffsetAndMetadata.of(0))
                        .offset())
                .isLessThanOrEqualTo(3);
    }
}
