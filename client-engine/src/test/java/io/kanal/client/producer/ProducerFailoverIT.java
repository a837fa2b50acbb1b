package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.client.serialization.LongSerializer;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.KafkaNode;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Idempotence under fire: partition leaders are killed (SIGKILL) and restarted while 200k records are sent with
 * acks=all, and a Kafka consumer then checks that nothing was lost, duplicated or reordered.
 */
@WithKafkaCluster(nodes = 3)
class ProducerFailoverIT {
    private static final String TOPIC = "failover";
    private static final int PARTITIONS = 6;
    private static final int TOTAL = 200_000;

    @Test
    void killingAndRestartingLeadersLosesDuplicatesAndReordersNothing(KafkaCluster cluster) throws Exception {
        Observer.createTopic(cluster, TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, Object> config = Map.of(
                "bootstrap.servers", cluster.bootstrapServers(),
                "acks", "all",
                "enable.idempotence", "true",
                "linger.ms", "5",
                "request.timeout.ms", "10000",
                "delivery.timeout.ms", "120000");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
                Producer<String, Long> producer =
                        Producer.create(config, new StringSerializer(), new LongSerializer())) {
            KafkaNode down = null;
            for (long i = 0; i < TOTAL; i++) {
                if (i % 50_000 == 25_000) {
                    // Let what was sent reach the brokers, so that the kill hits a producer with requests in flight.
                    long target = i - 5_000;
                    await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() >= target);
                    down = cluster.node(leaderOf(admin, (int) (i / 50_000)));
                    down.kill();
                } else if (i % 50_000 == 45_000 && down != null) {
                    down.start();
                    down = null;
                }
                producer.send(new ProducerRecord<>(TOPIC, null, null, "key-" + (i % 500), i, List.of()), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        assertThat(failure.get()).isNull();
        assertThat(acked.get()).isEqualTo(TOTAL);

        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read =
                Observer.readAll(cluster, TOPIC, PARTITIONS, TOTAL, Duration.ofSeconds(60));
        BitSet seen = new BitSet(TOTAL);
        long count = 0;
        for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> e : read.entrySet()) {
            long previous = -1;
            for (ConsumerRecord<byte[], byte[]> r : e.getValue()) {
                long value = ByteBuffer.wrap(r.value()).getLong();
                assertThat(seen.get((int) value))
                        .as("duplicate of record %d", value)
                        .isFalse();
                assertThat(value).as("order in partition %d", e.getKey()).isGreaterThan(previous);
                assertThat(r.partition()).isEqualTo(BuiltInPartitioner.partitionForKey(r.key(), PARTITIONS));
                previous = value;
                seen.set((int) value);
                count++;
            }
        }
        assertThat(count).as("records read").isEqualTo(TOTAL);
        assertThat(seen.cardinality()).as("distinct records").isEqualTo(TOTAL);
    }

    private static int leaderOf(Admin admin, int partition) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(TOPIC))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(TOPIC);
        TopicPartitionInfo p = d.partitions().get(partition % PARTITIONS);
        return p.leader().id();
    }
}
