package io.kanal.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.serialization.LongDeserializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A broker with no room for fetch sessions: the consumer keeps sending full fetches and misses nothing. */
@WithKafkaCluster(brokerConfig = "max.incremental.fetch.session.cache.slots=0")
class FetchSessionFallbackIT {
    @Test
    void withoutSessionSlotsEveryFetchIsFullAndEveryRecordArrivesInOrder(KafkaCluster cluster) throws Exception {
        String topic = "no-sessions";
        TestTopics.create(cluster, topic, 12, 1);
        long total = TestTopics.fillSequences(cluster, topic, 12, 500);
        long[] next = new long[12];
        long seen = 0;
        try (Consumer<Long, Long> consumer = Consumer.create(
                ConsumerIT.config(cluster, "auto.offset.reset", "earliest"),
                new LongDeserializer(),
                new LongDeserializer())) {
            consumer.assign(ConsumerIT.partitions(topic, 12));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<Long, Long> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(r.offset()).isEqualTo(next[r.partition()]);
                    assertThat(r.value()).isEqualTo(r.offset());
                    next[r.partition()]++;
                    seen++;
                }
            }
            assertThat(seen).isEqualTo(total);
            assertThat(consumer.position(new TopicPartition(topic, 11))).isEqualTo(500);
            assertThat(consumer.metrics().meter("consumer.fetch-request").getCount())
                    .isPositive();
            assertThat(consumer.metrics()
                            .meter("consumer.fetch-request-incremental")
                            .getCount())
                    .isZero();
            assertThat(consumer.metrics()
                            .getGauges()
                            .get("consumer.fetch-session-open")
                            .getValue())
                    .isEqualTo(0);
        }
    }
}
