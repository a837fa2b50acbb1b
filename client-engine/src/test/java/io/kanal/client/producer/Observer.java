package io.kanal.client.producer;

import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Kafka's own clients as an independent observer: creates topics and reads back what Kanal wrote. */
final class Observer {
    private Observer() {}

    static void createTopic(
            KafkaCluster cluster, String topic, int partitions, int replication, Map<String, String> config)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replication).configs(config)))
                    .all()
                    .get();
            // CreateTopics returns once the controller committed the topic; a broker can list the partition's leader
            // in Metadata before its replica manager serves the partition. Produce with acks=0 in that window gets
            // NOT_LEADER_OR_FOLLOWER, and the broker answers acks=0 errors by closing the connection, which drops
            // whatever the client had already written. ListOffsets is served by the replica manager, and Admin
            // retries it until the leader serves the partition. Admin does not retry when the broker it asks for
            // metadata does not know the topic yet (several brokers), so ask again until every partition answers.
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> admin.listOffsets(latest).all().get().size() == partitions);
        }
    }

    /** Reads every partition from the start until {@code expected} records arrived, or fails after the timeout. */
    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll(
            KafkaCluster cluster, String topic, int partitions, long expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                byPartition.put(p, new ArrayList<>());
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + timeout.toNanos();
            long count = 0;
            while (count < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.get(r.partition()).add(r);
                    count++;
                }
            }
            // One more poll: anything beyond the expected count is a duplicate the test must see.
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                byPartition.get(r.partition()).add(r);
            }
        }
        return byPartition;
    }
}
