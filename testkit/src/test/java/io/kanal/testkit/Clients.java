package io.kanal.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Apache kafka-clients as an independent observer of the testkit's brokers. */
final class Clients {
    private Clients() {}

    static Admin admin(KafkaCluster cluster) {
        return Admin.create(properties(cluster, Map.of()));
    }

    static void createTopic(
            KafkaCluster cluster, String topic, int partitions, short replication, Map<String, String> config)
            throws Exception {
        try (Admin admin = admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replication).configs(config)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    static KafkaProducer<String, String> producer(KafkaCluster cluster, Map<String, Object> overrides) {
        Properties props = properties(cluster, overrides);
        props.putIfAbsent("acks", "all");
        props.putIfAbsent("enable.idempotence", "true");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    static RecordMetadata send(KafkaProducer<String, String> producer, String topic, String key, String value)
            throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get(60, TimeUnit.SECONDS);
    }

    static List<String> consumeValues(KafkaCluster cluster, String topic, String group, int expected) {
        Properties props = properties(cluster, Map.of());
        props.put("group.id", group);
        props.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            consumer.commitSync();
        }
        return values;
    }

    private static Properties properties(KafkaCluster cluster, Map<String, Object> overrides) {
        Properties props = new Properties();
        props.putAll(cluster.clientProperties());
        props.putAll(overrides);
        return props;
    }
}
