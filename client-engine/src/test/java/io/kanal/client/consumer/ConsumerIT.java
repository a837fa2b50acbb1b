package io.kanal.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.TopicPartition;
import io.kanal.client.serialization.LongDeserializer;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The consumer against one real broker: manual assignment, fetching, positions, seeks, offsets lookups, pause, wakeup,
 * bad input. Group behaviour is in {@link ConsumerGroupIT}.
 */
@WithKafkaCluster(
        brokerConfig = {
            "group.consumer.min.session.timeout.ms=3000",
            "group.consumer.session.timeout.ms=6000",
            "group.consumer.min.heartbeat.interval.ms=500",
            "group.consumer.heartbeat.interval.ms=1000"
        })
class ConsumerIT {

    static Map<String, Object> config(KafkaCluster cluster, Object... kv) {
        Map<String, Object> c = new HashMap<>(cluster.clientProperties());
        for (int i = 0; i < kv.length; i += 2) {
            c.put((String) kv[i], kv[i + 1]);
        }
        return c;
    }

    static List<TopicPartition> partitions(String topic, int n) {
        return IntStream.range(0, n).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    @Test
    void consumesAMillionRecordsOnSixPartitionsCompletelyAndInOrder(KafkaCluster cluster) throws Exception {
        String topic = "million";
        TestTopics.create(cluster, topic, 6, 1);
        int perPartition = 1_000_000 / 6 + 1;
        long total = TestTopics.fillSequences(cluster, topic, 6, perPartition);
        long[] next = new long[6];
        java.util.BitSet[] values = new java.util.BitSet[6];
        for (int p = 0; p < 6; p++) {
            values[p] = new java.util.BitSet(perPartition);
        }
        long seen = 0;
        try (Consumer<Long, Long> consumer = Consumer.create(
                config(cluster, "auto.offset.reset", "earliest"), new LongDeserializer(), new LongDeserializer())) {
            consumer.assign(partitions(topic, 6));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<Long, Long> r : consumer.poll(Duration.ofMillis(500))) {
                    int p = r.partition();
                    assertThat(r.offset()).as("offset in partition %d", p).isEqualTo(next[p]);
                    assertThat(values[p].get(r.value().intValue()))
                            .as("duplicate value")
                            .isFalse();
                    values[p].set(r.value().intValue());
                    next[p]++;
                    seen++;
                }
            }
            assertThat(seen).isEqualTo(total);
            for (int p = 0; p < 6; p++) {
                assertThat(consumer.position(new TopicPartition(topic, p))).isEqualTo(perPartition);
                assertThat(values[p].cardinality()).isEqualTo(perPartition);
            }
            assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).isTrue();
        }
    }

    @Test
    void seeksOffsetsForTimesBeginningAndEnd(KafkaCluster cluster) throws Exception {
        String topic = "seeks";
        TestTopics.create(cluster, topic, 1, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        long t0;
        try (KafkaProducer<byte[], byte[]> producer = TestTopics.producer(cluster, Map.of())) {
            t0 = System.currentTimeMillis();
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, 0, t0 + i * 1000L, null, TestTopics.longBytes(i)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        try (Consumer<Long, Long> consumer = Consumer.create(
                config(cluster, "auto.offset.reset", "latest"), new LongDeserializer(), new LongDeserializer())) {
            consumer.assign(List.of(tp));
            assertThat(consumer.position(tp)).isEqualTo(100);
            assertThat(consumer.beginningOffsets(List.of(tp), Duration.ofSeconds(30)))
                    .containsEntry(tp, 0L);
            assertThat(consumer.endOffsets(List.of(tp), Duration.ofSeconds(30))).containsEntry(tp, 100L);

            Map<TopicPartition, OffsetAndTimestamp> byTime =
                    consumer.offsetsForTimes(Map.of(tp, t0 + 41_500L), Duration.ofSeconds(30));
            assertThat(byTime.get(tp).offset()).isEqualTo(42);
            assertThat(byTime.get(tp).timestamp()).isEqualTo(t0 + 42_000L);
            assertThat(consumer.offsetsForTimes(Map.of(tp, t0 + 1_000_000L)).get(tp))
                    .isNull();

            consumer.seek(tp, byTime.get(tp).offset());
            assertThat(firstValue(consumer)).isEqualTo(42L);
            consumer.seekToBeginning(List.of());
            assertThat(firstValue(consumer)).isEqualTo(0L);
            consumer.seekToEnd(List.of(tp));
            assertThat(consumer.position(tp)).isEqualTo(100);
            assertThat(consumer.poll(Duration.ofMillis(200)).isEmpty()).isTrue();
        }
    }

    private static Long firstValue(Consumer<Long, Long> consumer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            ConsumerRecords<Long, Long> records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                return records.iterator().next().value();
            }
        }
        throw new AssertionError("no record within 30 s");
    }

    @Test
    void pauseStopsAPartitionAndResumeContinuesWhereItStopped(KafkaCluster cluster) throws Exception {
        String topic = "pause";
        TestTopics.create(cluster, topic, 2, 1);
        TestTopics.fillSequences(cluster, topic, 2, 1_000);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (Consumer<Long, Long> consumer = Consumer.create(
                config(cluster, "auto.offset.reset", "earliest", "max.poll.records", 10),
                new LongDeserializer(),
                new LongDeserializer())) {
            consumer.assign(List.of(p0, p1));
            consumer.pause(List.of(p1));
            assertThat(consumer.paused()).containsExactly(p1);
            Map<Integer, Long> counts = drain(consumer, 1_000, Duration.ofSeconds(30));
            assertThat(counts).containsOnlyKeys(0).containsEntry(0, 1_000L);
            assertThat(consumer.position(p1)).isEqualTo(0);
            consumer.resume(List.of(p1));
            assertThat(drain(consumer, 1_000, Duration.ofSeconds(30)))
                    .containsOnlyKeys(1)
                    .containsEntry(1, 1_000L);
        }
    }

    private static Map<Integer, Long> drain(Consumer<Long, Long> consumer, long expected, Duration max) {
        Map<Integer, Long> counts = new HashMap<>();
        long n = 0;
        long deadline = System.nanoTime() + max.toNanos();
        while (n < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<Long, Long> r : consumer.poll(Duration.ofMillis(200))) {
                counts.merge(r.partition(), 1L, Long::sum);
                n++;
            }
        }
        return counts;
    }

    @Test
    void wakeupFromAnotherThreadInterruptsAPoll(KafkaCluster cluster) throws Exception {
        String topic = "wakeup";
        TestTopics.create(cluster, topic, 1, 1);
        try (Consumer<Long, Long> consumer =
                Consumer.create(config(cluster), new LongDeserializer(), new LongDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            CountDownLatch polling = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    polling.countDown();
                    consumer.poll(Duration.ofSeconds(60));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(polling.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            // The poll may not have started blocking yet: a wakeup before it makes it throw at once anyway.
            consumer.wakeup();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(WakeupException.class);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                    .isLessThan(10);
        }
    }

    @Test
    void aRecordADeserializerRejectsIsReportedWithItsOffsetAndCanBeSkipped(KafkaCluster cluster) throws Exception {
        String topic = "poison";
        TestTopics.create(cluster, topic, 1, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<byte[], byte[]> producer = TestTopics.producer(cluster, Map.of())) {
            for (String v : List.of("a", "b", "POISON", "c")) {
                producer.send(new ProducerRecord<>(topic, 0, null, v.getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        StringDeserializer strings = new StringDeserializer();
        try (Consumer<String, String> consumer = Consumer.create(
                config(cluster, "auto.offset.reset", "earliest"), strings, (topicName, headers, data) -> {
                    String s = strings.deserialize(topicName, headers, data);
                    if (s.equals("POISON")) {
                        throw new IllegalArgumentException("not a letter");
                    }
                    return s;
                })) {
            consumer.assign(List.of(tp));
            List<String> values = new ArrayList<>();
            RecordDeserializationException failure = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < 3 && System.nanoTime() < deadline) {
                try {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                } catch (RecordDeserializationException e) {
                    failure = e;
                    assertThat(e.topicPartition()).isEqualTo(tp);
                    assertThat(e.offset()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("poison-0").contains("offset 2");
                    assertThat(consumer.position(tp)).isEqualTo(2);
                    consumer.seek(tp, e.offset() + 1);
                }
            }
            assertThat(failure).isNotNull();
            assertThat(values).containsExactly("a", "b", "c");
        }
    }

    @Test
    void outOfRangeAndNoCommittedOffsetFollowAutoOffsetReset(KafkaCluster cluster) throws Exception {
        String topic = "reset";
        TestTopics.create(cluster, topic, 1, 1);
        TestTopics.fillSequences(cluster, topic, 1, 10);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Consumer<Long, Long> consumer = Consumer.create(
                config(cluster, "auto.offset.reset", "earliest"), new LongDeserializer(), new LongDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 1_000);
            assertThat(firstValue(consumer)).isEqualTo(0L);
        }
        try (Consumer<Long, Long> consumer = Consumer.create(
                config(cluster, "auto.offset.reset", "none", "group.id", "reset-none", "enable.auto.commit", false),
                new LongDeserializer(),
                new LongDeserializer())) {
            consumer.assign(List.of(tp));
            assertThatThrownBy(() -> {
                        for (int i = 0; i < 100; i++) {
                            consumer.poll(Duration.ofMillis(100));
                        }
                    })
                    .isInstanceOf(NoOffsetForPartitionException.class)
                    .hasMessageContaining("reset-0")
                    .hasMessageContaining("auto.offset.reset");
            consumer.seek(tp, 5);
            assertThat(firstValue(consumer)).isEqualTo(5L);
            consumer.commitSync(Map.of(tp, OffsetAndMetadata.of(7, "checkpoint")));
            assertThat(consumer.committed(Set.of(tp))).containsEntry(tp, OffsetAndMetadata.of(7, "checkpoint"));
        }
        try (Consumer<Long, Long> consumer = Consumer.create(
                config(cluster, "auto.offset.reset", "none", "group.id", "reset-none"),
                new LongDeserializer(),
                new LongDeserializer())) {
            consumer.assign(List.of(tp));
            assertThat(firstValue(consumer))
                    .as("resumes from the committed offset")
                    .isEqualTo(7L);
        }
    }
}
