package io.kanal.runtime.task;

import static org.awaitility.Awaitility.await;

import io.kanal.api.data.Schema;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.source.SourceTask;
import io.kanal.api.source.TransactionContext;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.worker.ConnectorOffsets;
import io.kanal.runtime.worker.TaskFactory;
import io.kanal.runtime.worker.WorkerResources;
import io.kanal.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Shared pieces of the exactly-once source ITs ({@link ExactlyOnceSourceIT}, {@link ConnectorOffsetsTopicIT}): a
 * sequence-emitting source task, a source task runner built by the real task factory, and a reader that counts each
 * sequence number in a topic.
 */
final class ExactlyOnceFixtures {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private ExactlyOnceFixtures() {}

    /**
     * Emits {@code "0-<seq>"} keys with source partition {@code {"task":0}} and offset {@code {"seq":n}}, {@code batch}
     * per poll, up to {@code limit}, resuming after its committed offset; {@code control} may end transactions.
     */
    static class Sequence extends SourceTask {
        private final String topic;
        private final int limit;
        private final int batch;
        private final BiConsumer<TransactionContext, List<SourceRecord>> control;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private long next;

        Sequence(String topic, int limit, int batch, BiConsumer<TransactionContext, List<SourceRecord>> control) {
            this.topic = topic;
            this.limit = limit;
            this.batch = batch;
            this.control = control;
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public ConfigSpec configSpec() {
            return ConfigSpec.builder().build();
        }

        @Override
        public void start(ParsedConfig config) {
            Map<String, Object> committed = context().offsetReader().offset(Map.of("task", 0));
            next = committed == null ? 0 : ((Number) committed.get("seq")).longValue() + 1;
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            // a steady trickle, so that a transaction is open most of the time
            if (stopped.await(2, TimeUnit.MILLISECONDS) || next >= limit) {
                return List.of();
            }
            List<SourceRecord> out = new ArrayList<>();
            for (int i = 0; i < batch && next < limit; i++, next++) {
                out.add(new SourceRecord(
                        Map.of("task", 0),
                        Map.of("seq", next),
                        topic,
                        null,
                        Schema.STRING_SCHEMA,
                        "0-" + next,
                        Schema.STRING_SCHEMA,
                        "v-" + next));
            }
            context().transactionContext().ifPresent(t -> control.accept(t, out));
            return out;
        }

        @Override
        public void stop() {
            stopped.countDown();
        }
    }

    /**
     * A source task runner built by the real task factory, with string converters, no transforms, and {@code offsets}
     * as both the task's offset reader and writer. Not started.
     */
    static TaskRunner sourceRunner(
            PluginInvoker invoker,
            WorkerResources clients,
            Map<String, String> workerConfig,
            String connector,
            SourceTask task,
            Map<String, String> connectorConfig,
            ConnectorOffsets offsets) {
        Owner owner = Owner.task(connector, 0);
        return new TaskFactory(invoker, clients, workerConfig)
                .source(
                        owner,
                        Plugin.of(owner, task),
                        connectorConfig,
                        Map.of(),
                        PipelineFixtures.stringConverters(owner),
                        List.of(),
                        offsets,
                        offsets,
                        Redactor.NONE,
                        TaskRunner.Listener.NONE);
    }

    /** Every sequence number in the topic, with how often it is there, as a reader of the given isolation sees it. */
    static TreeMap<Long, Integer> read(KafkaCluster cluster, String topic, String isolation) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("isolation.level", isolation);
        TreeMap<Long, Integer> seen = new TreeMap<>();
        try (Consumer<String, byte[]> consumer =
                Consumer.create(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), WAIT).get(tp);
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.merge(Long.parseLong(r.key().substring(2)), 1, Integer::sum);
                }
                return consumer.position(tp) >= end;
            });
        }
        return seen;
    }
}
