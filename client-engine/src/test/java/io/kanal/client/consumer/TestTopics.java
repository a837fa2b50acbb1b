package io.kanal.client.consumer;

import io.kanal.testkit.KafkaCluster;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topic set-up and filling with kafka-clients (test scope), an independent peer of the consumer under test. */
final class TestTopics {
    private TestTopics() {}

    static void create(KafkaCluster cluster, String topic, int partitions, int replication) throws Exception {
        Properties p = new Properties();
        p.putAll(cluster.clientProperties());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replication)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            // Creation returns before every partition has a leader everywhere: wait until the metadata says so. A
            // broker that has not caught up yet answers UNKNOWN_TOPIC_OR_PARTITION meanwhile (seen with 4.0.2).
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() ->
                            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                                    .allMatch(i ->
                                            i.leader() != null && i.leader().id() >= 0));
        }
    }

    static KafkaProducer<byte[], byte[]> producer(KafkaCluster cluster, Map<String, Object> overrides) {
        Properties p = new Properties();
        p.putAll(cluster.clientProperties());
        p.put("linger.ms", 5);
        p.put("batch.size", 256 * 1024);
        p.put("acks", "all");
        p.putAll(overrides);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(0, v).array();
    }

    /**
     * Writes {@code perPartition} records to each partition; record i of a partition has the value i (8 bytes).
     *
     * @return records written
     */
    static long fillSequences(KafkaCluster cluster, String topic, int partitions, int perPartition) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Exception> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(cluster, Map.of())) {
            for (int i = 0; i < perPartition; i++) {
                for (int p = 0; p < partitions; p++) {
                    producer.send(new ProducerRecord<>(topic, p, null, longBytes(i)), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new AssertionError("kafka-clients failed to write the test data", failure.get());
        }
        return (long) partitions * perPartition;
    }

    /** Writes values "prefix-i" round-robin; returns value by partition and offset. */
    static Map<Integer, List<String>> fillStrings(
            KafkaCluster cluster, String topic, int partitions, int count, String prefix) throws Exception {
        Map<Integer, List<String>> byPartition = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(cluster, Map.of())) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int p = i % partitions;
                String v = prefix + "-" + i;
                byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(v);
                futures.add(producer.send(
                        new ProducerRecord<>(topic, p, null, v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            }
            for (Future<RecordMetadata> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        return byPartition;
    }
}
