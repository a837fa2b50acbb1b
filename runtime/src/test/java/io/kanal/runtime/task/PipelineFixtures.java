package io.kanal.runtime.task;

import static org.awaitility.Awaitility.await;

import io.kanal.api.convert.Converter;
import io.kanal.api.convert.HeaderConverter;
import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.ByteArraySerializer;
import io.kanal.runtime.convert.JsonConverter;
import io.kanal.runtime.convert.SimpleHeaderConverter;
import io.kanal.runtime.convert.StringConverter;
import io.kanal.runtime.invoke.Owner;
import io.kanal.runtime.invoke.Plugin;
import io.kanal.testkit.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared set-up of the pipeline ITs: topics, converters, reading and writing raw records. */
public final class PipelineFixtures {

    private PipelineFixtures() {}

    public static void createTopic(KafkaCluster cluster, String topic, int partitions) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(NewTopic.of(topic, partitions, 1)), false)
                    .get()
                    .orThrow();
        }
    }

    public static TaskConverters stringConverters(Owner owner) {
        return converters(owner, new StringConverter(), Map.of(), new StringConverter(), Map.of());
    }

    public static TaskConverters jsonValues(Owner owner, boolean schemas) {
        return converters(
                owner,
                new StringConverter(),
                Map.of(),
                new JsonConverter(),
                Map.of("schemas.enable", String.valueOf(schemas)));
    }

    public static TaskConverters converters(
            Owner owner,
            Converter key,
            Map<String, String> keyConfig,
            Converter value,
            Map<String, String> valueConfig) {
        key.configure(key.configSpec().parse(keyConfig), true);
        value.configure(value.configSpec().parse(valueConfig), false);
        HeaderConverter header = new SimpleHeaderConverter();
        header.configure(header.configSpec().parse(Map.of()));
        return new TaskConverters(Plugin.of(owner, key), Plugin.of(owner, value), Plugin.of(owner, header));
    }

    public static void produce(KafkaCluster cluster, String topic, List<String> values) {
        try (Producer<byte[], byte[]> producer = Producer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (String v : values) {
                producer.send(ProducerRecord.of(topic, v.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Reads a single-partition topic from the start until {@code expected} records arrived. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(
            KafkaCluster cluster, String topic, int partitions, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = Consumer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
        }
        return out;
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
