package io.kanal.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.serialization.LongDeserializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The consumer on a 3-node cluster while the leader of the partitions it reads is killed. */
@WithKafkaCluster(nodes = 3)
class ConsumerFailoverIT {

    @Test
    void consumptionContinuesWhenAPartitionLeaderIsKilled(KafkaCluster cluster) throws Exception {
        String topic = "failover";
        TestTopics.create(cluster, topic, 3, 3);
        int perPartition = 20_000;
        TestTopics.fillSequences(cluster, topic, 3, perPartition);
        List<TopicPartition> tps = IntStream.range(0, 3)
                .mapToObj(p -> new TopicPartition(topic, p))
                .toList();
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put("auto.offset.reset", "earliest");
        config.put("max.poll.records", 100);
        // A small prefetch, so that most records must be fetched after the kill, from the new leader.
        config.put("fetch.max.bytes", 64 * 1024);
        config.put("max.partition.fetch.bytes", 16 * 1024);
        long[] next = new long[3];
        long seen = 0;
        try (Consumer<Long, Long> consumer = Consumer.create(config, new LongDeserializer(), new LongDeserializer())) {
            consumer.assign(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen < 3L * perPartition / 3) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                seen += check(consumer.poll(Duration.ofMillis(100)), next);
            }
            int leader = leaderOf(cluster, topic, 0);
            cluster.node(leader).kill();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (seen < 3L * perPartition) {
                assertThat(System.nanoTime())
                        .as("consumption continues after the leader died")
                        .isLessThan(deadline);
                seen += check(consumer.poll(Duration.ofMillis(100)), next);
            }
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> leaderOf(cluster, topic, 0) != leader);
        }
        assertThat(next).containsOnly(perPartition);
    }

    /** Offsets must be consecutive per partition: nothing skipped, nothing twice. */
    private static long check(ConsumerRecords<Long, Long> records, long[] next) {
        for (ConsumerRecord<Long, Long> r : records) {
            assertThat(r.offset()).as("offset of partition %d", r.partition()).isEqualTo(next[r.partition()]);
            next[r.partition()]++;
        }
        return records.count();
    }

    private static int leaderOf(KafkaCluster cluster, String topic, int partition) throws Exception {
        Properties p = new Properties();
        p.putAll(cluster.clientProperties());
        p.put(
                "bootstrap.servers",
                cluster.nodes().stream()
                        .filter(n -> n.isRunning())
                        .map(n -> n.bootstrapServer())
                        .reduce((a, b) -> a + "," + b)
                        .orElseThrow());
        try (Admin admin = Admin.create(p)) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .get(partition)
                    .leader()
                    .id();
        }
    }
}
