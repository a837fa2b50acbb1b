package io.kanal.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.errors.NoOffsetForPartitionException;
import io.kanal.client.errors.RecordDeserializationException;
import io.kanal.client.errors.WakeupException;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.LongDeserializer;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Nested;
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
    void anIncrementalFetchSessionCarriesIdlePartitionsAndClosesWithTheConsumer(KafkaCluster cluster) throws Exception {
        String topic = "sessions";
        TestTopics.create(cluster, topic, 12, 1);
        long total = TestTopics.fillSequences(cluster, topic, 12, 100);
        Consumer<Long, Long> consumer = Consumer.create(
                config(cluster, "auto.offset.reset", "earliest"), new LongDeserializer(), new LongDeserializer());
        try {
            consumer.assign(partitions(topic, 12));
            assertThat(pollCount(consumer, total)).isEqualTo(total);
            // Only partition 3 gets more: the other eleven stay in the broker's session without being listed again.
            try (KafkaProducer<byte[], byte[]> producer = TestTopics.producer(cluster, Map.of())) {
                for (long i = 100; i < 150; i++) {
                    producer.send(new ProducerRecord<>(topic, 3, null, TestTopics.longBytes(i)));
                }
            }
            assertThat(pollCount(consumer, 50)).isEqualTo(50);
            assertThat(consumer.position(new TopicPartition(topic, 3))).isEqualTo(150);
            assertThat(consumer.position(new TopicPartition(topic, 4))).isEqualTo(100);
            assertThat(consumer.metrics()
                            .getGauges()
                            .get("consumer.fetch-session-open")
                            .getValue())
                    .isEqualTo(1);
            assertThat(consumer.metrics()
                            .meter("consumer.fetch-request-incremental")
                            .getCount())
                    .isPositive();
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
        assertThat(consumer.metrics()
                        .getGauges()
                        .get("consumer.fetch-session-open")
                        .getValue())
                .isEqualTo(0);
    }

    @Test
    void consumesBatchesOfEveryCodecInOrder(KafkaCluster cluster) throws Exception {
        List<String> codecs = List.of("gzip", "snappy", "lz4", "zstd");
        int perCodec = 2_000;
        String topic = "codecs";
        TestTopics.create(cluster, topic, 1, 1);
        for (String codec : codecs) {
            try (KafkaProducer<byte[], byte[]> producer = TestTopics.producer(
                    cluster, Map.of("compression.type", codec, "linger.ms", 20, "batch.size", 16_384))) {
                for (int i = 0; i < perCodec; i++) {
                    producer.send(
                            new ProducerRecord<>(topic, 0, null, (codec + "-" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        List<String> values = new ArrayList<>();
        try (Consumer<String, String> consumer = Consumer.create(
                config(cluster, "auto.offset.reset", "earliest", "max.partition.fetch.bytes", 4_096),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(partitions(topic, 1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long lagSeen = -1;
            while (values.size() < codecs.size() * perCodec && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(r.offset()).isEqualTo(values.size());
                    values.add(r.value());
                }
                lagSeen = Math.max(lagSeen, gauge(consumer, "consumer.records-lag-max"));
            }
            assertThat(lagSeen)
                    .as("records were still to come after the first polls")
                    .isPositive();
            assertThat(gauge(consumer, "consumer.records-lag-max")).isZero();
            assertThat(consumer.metrics().meter("consumer.records-consumed").getCount())
                    .isEqualTo(values.size());
            assertThat(consumer.metrics().meter("consumer.bytes-consumed").getCount())
                    .isEqualTo(values.stream().mapToLong(String::length).sum());
        }
        List<String> expected = new ArrayList<>();
        for (String codec : codecs) {
            for (int i = 0; i < perCodec; i++) {
                expected.add(codec + "-" + i);
            }
        }
        assertThat(values).isEqualTo(expected);
    }

    @Test
    void aPartitionWaitingForBufferSpaceIsNotHeldUpByALongPollForCaughtUpPartitions(KafkaCluster cluster)
            throws Exception {
        String topic = "held-back";
        TestTopics.create(cluster, topic, 2, 1);
        int total = 1_000;
        try (KafkaProducer<byte[], byte[]> producer = TestTopics.producer(cluster, Map.of("linger.ms", 20))) {
            for (int i = 0; i < total; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, new byte[1_000]));
            }
        }
        // One batch per fetch, each batch well over the partition's share of the buffer; partition 1 stays empty.
        // A broker holds a fetch for partition 1 alone for fetch.max.wait.ms (longer than pollCount waits), so
        // partition 0 would come one batch per fetch.max.wait.ms if such a fetch were sent while partition 0 waits.
        Map<String, Object> config = config(
                cluster,
                "auto.offset.reset",
                "earliest",
                "max.partition.fetch.bytes",
                1_024,
                "fetch.max.wait.ms",
                29_000,
                "request.timeout.ms",
                60_000);
        Consumer<byte[], byte[]> consumer =
                Consumer.create(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.assign(partitions(topic, 2));
            // Without a poll the consumer prefetches until partition 0 holds more than its share.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> (Long) consumer.metrics()
                                    .getGauges()
                                    .get("consumer.fetch-buffer-bytes")
                                    .getValue()
                            > 4 * 1_024);
            assertThat(pollCount(consumer, total)).isEqualTo(total);
            assertThat(consumer.position(new TopicPartition(topic, 0))).isEqualTo(total);
        } finally {
            // Both partitions are caught up now, so a fetch waits at the broker; close does not wait for it.
            long start = System.nanoTime();
            consumer.close(Duration.ofSeconds(60));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    private static long gauge(Consumer<?, ?> consumer, String name) {
        return ((Number) consumer.metrics().getGauges().get(name).getValue()).longValue();
    }

    private static long pollCount(Consumer<?, ?> consumer, long expected) {
        long seen = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen < expected && System.nanoTime() < deadline) {
            seen += consumer.poll(Duration.ofMillis(200)).count();
        }
        return seen;
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

    /** Group membership with the KIP-848 protocol. */
    @Nested
    class Groups {
        private final Map<String, Object> noAutoCommit =
                Map.of("enable.auto.commit", false, "auto.offset.reset", "earliest");

        private Consumer<String, String> member(KafkaCluster cluster, String group, Object... kv) {
            Map<String, Object> c = config(cluster, kv);
            c.put("group.id", group);
            noAutoCommit.forEach(c::putIfAbsent);
            return Consumer.create(c, new StringDeserializer(), new StringDeserializer());
        }

        /** Commits what it consumed before partitions go, so nothing committed is delivered twice. */
        private RebalanceListener committingListener(
                Consumer<String, String> consumer, List<Set<TopicPartition>> history) {
            return new RebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                    consumer.commitSync();
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    history.add(consumer.assignment());
                }
            };
        }

        @Test
        void membersJoinAndLeavePartitionsMoveAndNothingIsLostOrDeliveredTwice(KafkaCluster cluster) throws Exception {
            String topic = "churn";
            TestTopics.create(cluster, topic, 6, 1);
            int total = 30_000;
            TestTopics.fillStrings(cluster, topic, 6, total, "v");
            Map<String, Integer> deliveries = new HashMap<>();
            List<Consumer<String, String>> members = new ArrayList<>();
            List<List<Set<TopicPartition>>> histories = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    members.add(member(cluster, "churn-group", "max.poll.records", 50));
                    histories.add(new java.util.concurrent.CopyOnWriteArrayList<>());
                }
                members.get(0).subscribe(List.of(topic), committingListener(members.get(0), histories.get(0)));
                pollUntil(members.subList(0, 1), deliveries, () -> deliveries.size() >= 3_000);
                for (int i = 1; i < 3; i++) {
                    members.get(i).subscribe(List.of(topic), committingListener(members.get(i), histories.get(i)));
                }
                pollUntil(members, deliveries, () -> members.stream()
                        .allMatch(m -> !m.assignment().isEmpty()));
                assertThat(members.get(0).assignment())
                        .as("partitions moved away from the first member")
                        .hasSizeLessThan(6);
                pollUntil(members, deliveries, () -> deliveries.size() >= 15_000);
                members.remove(1).close(); // leaves the group: its partitions move to the others
                pollUntil(members, deliveries, () -> deliveries.size() >= total);
                Set<TopicPartition> all = new HashSet<>(members.get(0).assignment());
                all.addAll(members.get(1).assignment());
                assertThat(all).hasSize(6);
            } finally {
                members.forEach(Consumer::close);
            }
            assertThat(deliveries).hasSize(total);
            assertThat(deliveries.values()).as("records delivered twice").allMatch(n -> n == 1);
            assertThat(histories.get(1))
                    .as("the member that left had partitions")
                    .isNotEmpty();
        }

        private void pollUntil(
                List<Consumer<String, String>> members,
                Map<String, Integer> deliveries,
                java.util.function.BooleanSupplier done) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!done.getAsBoolean()) {
                assertThat(System.nanoTime())
                        .as("condition not met within 60 s")
                        .isLessThan(deadline);
                for (Consumer<String, String> m : members) {
                    ConsumerRecords<String, String> records = m.poll(Duration.ofMillis(20));
                    records.forEach(r -> deliveries.merge(r.value(), 1, Integer::sum));
                    if (!records.isEmpty()) {
                        m.commitSync();
                    }
                }
            }
        }

        @Test
        void aMemberKilledWithSigkillLosesItsPartitionsToTheOthersAndNothingCommittedComesBack(KafkaCluster cluster)
                throws Exception {
            String topic = "killed";
            TestTopics.create(cluster, topic, 4, 1);
            int total = 20_000;
            TestTopics.fillStrings(cluster, topic, 4, total, "k");
            ProcessBuilder pb = new ProcessBuilder(
                    java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    GroupMemberMain.class.getName(),
                    cluster.bootstrapServers(),
                    topic,
                    "killed-group");
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process child = pb.start();
            List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (java.io.BufferedReader r = child.inputReader()) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    lines.add("X " + e);
                }
            });
            reader.start();
            Map<String, Integer> deliveries = new HashMap<>();
            Map<Integer, Long> firstOffsetSeen = new HashMap<>();
            try (Consumer<String, String> survivor = member(cluster, "killed-group")) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream()
                        .anyMatch(l -> l.startsWith("C ")));
                survivor.subscribe(List.of(topic));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (survivor.assignment().isEmpty() || deliveries.size() < 100) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    consume(survivor, deliveries, firstOffsetSeen);
                }
                assertThat(survivor.assignment())
                        .as("the group split the partitions")
                        .hasSizeLessThan(4);
                child.destroyForcibly(); // SIGKILL: no leave heartbeat, no revocation callback
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                reader.join(10_000);
                long killedAt = System.nanoTime();
                while (survivor.assignment().size() < 4) {
                    assertThat(System.nanoTime() - killedAt)
                            .as("partitions move after the session timeout")
                            .isLessThan(TimeUnit.SECONDS.toNanos(45));
                    consume(survivor, deliveries, firstOffsetSeen);
                }
                Map<Integer, Long> committedByChild = new HashMap<>();
                java.util.Set<String> childRecords = new HashSet<>();
                for (String l : lines) {
                    String[] f = l.split(" ");
                    if (f[0].equals("C")) {
                        committedByChild.merge(Integer.parseInt(f[1]), Long.parseLong(f[2]), Math::max);
                    } else if (f[0].equals("R")) {
                        childRecords.add(f[1] + "-" + f[2]);
                    }
                }
                while (deliveries.size() + countCommittedOnlyByChild(committedByChild, firstOffsetSeen) < total) {
                    assertThat(System.nanoTime() - killedAt).isLessThan(TimeUnit.SECONDS.toNanos(90));
                    consume(survivor, deliveries, firstOffsetSeen);
                }
                for (Map.Entry<Integer, Long> e : committedByChild.entrySet()) {
                    Long first = firstOffsetSeen.get(e.getKey());
                    if (first != null && first > 0) {
                        assertThat(first)
                                .as("partition %d resumes exactly at the killed member's last commit", e.getKey())
                                .isGreaterThanOrEqualTo(e.getValue());
                    }
                }
                assertThat(childRecords)
                        .as("the killed member consumed records")
                        .isNotEmpty();
            } finally {
                child.destroyForcibly();
            }
            assertThat(deliveries.values()).allMatch(n -> n == 1);
        }

        /** Records below each partition's first offset seen by the survivor were consumed and committed by the child. */
        private long countCommittedOnlyByChild(Map<Integer, Long> committed, Map<Integer, Long> firstSeen) {
            long n = 0;
            for (Map.Entry<Integer, Long> e : firstSeen.entrySet()) {
                n += e.getValue();
            }
            return n;
        }

        private void consume(Consumer<String, String> c, Map<String, Integer> deliveries, Map<Integer, Long> first) {
            ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(100));
            for (ConsumerRecord<String, String> r : records) {
                deliveries.merge(r.partition() + "-" + r.offset(), 1, Integer::sum);
                first.putIfAbsent(r.partition(), r.offset());
            }
            if (!records.isEmpty()) {
                c.commitSync();
            }
        }

        @Test
        void kanalAndKafkaClientsConsumersShareOneGroup(KafkaCluster cluster) throws Exception {
            String topic = "mixed";
            TestTopics.create(cluster, topic, 4, 1);
            int total = 8_000;
            TestTopics.fillStrings(cluster, topic, 4, total, "m");
            java.util.Properties props = new java.util.Properties();
            props.putAll(cluster.clientProperties());
            props.put("group.id", "mixed-group");
            props.put("group.protocol", "consumer");
            props.put("enable.auto.commit", "false");
            props.put("auto.offset.reset", "earliest");
            props.put("max.poll.records", "50");
            Map<String, Integer> deliveries = new HashMap<>();
            Set<Integer> kanalPartitions = new HashSet<>();
            Set<Integer> apachePartitions = new HashSet<>();
            try (Consumer<String, String> kanal = member(cluster, "mixed-group", "max.poll.records", 50);
                    org.apache.kafka.clients.consumer.KafkaConsumer<String, String> apache =
                            new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                                    props,
                                    new org.apache.kafka.common.serialization.StringDeserializer(),
                                    new org.apache.kafka.common.serialization.StringDeserializer())) {
                kanal.subscribe(List.of(topic));
                apache.subscribe(List.of(topic));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (deliveries.size() < total) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    ConsumerRecords<String, String> k = kanal.poll(Duration.ofMillis(50));
                    k.forEach(r -> {
                        deliveries.merge(r.value(), 1, Integer::sum);
                        kanalPartitions.add(r.partition());
                    });
                    if (!k.isEmpty()) {
                        kanal.commitSync();
                    }
                    var a = apache.poll(Duration.ofMillis(50));
                    a.forEach(r -> {
                        deliveries.merge(r.value(), 1, Integer::sum);
                        apachePartitions.add(r.partition());
                    });
                    if (!a.isEmpty()) {
                        apache.commitSync();
                    }
                }
                assertThat(kanal.assignment()).isNotEmpty();
                assertThat(apache.assignment()).isNotEmpty();
            }
            assertThat(kanalPartitions).isNotEmpty();
            assertThat(apachePartitions).isNotEmpty();
            assertThat(deliveries).hasSize(total);
            assertThat(deliveries.values()).allMatch(n -> n == 1);
        }

        @Test
        void autoCommitCommitsTheConsumedPositions(KafkaCluster cluster) throws Exception {
            String topic = "autocommit";
            TestTopics.create(cluster, topic, 2, 1);
            TestTopics.fillStrings(cluster, topic, 2, 200, "a");
            Set<TopicPartition> tps = Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            try (Consumer<String, String> c =
                    member(cluster, "auto-group", "enable.auto.commit", true, "auto.commit.interval.ms", 100)) {
                c.subscribe(List.of(topic));
                int n = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (n < 200) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    n += c.poll(Duration.ofMillis(100)).count();
                }
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    c.poll(Duration.ofMillis(50));
                    Map<TopicPartition, OffsetAndMetadata> committed = c.committed(tps);
                    assertThat(committed.get(new TopicPartition(topic, 0)).offset())
                            .isEqualTo(100);
                    assertThat(committed.get(new TopicPartition(topic, 1)).offset())
                            .isEqualTo(100);
                });
                assertThat(c.groupMetadata().memberEpoch()).isPositive();
                assertThat(c.groupMetadata().memberId()).isNotEmpty();
            }
        }

        @Test
        void patternsMatchedOnTheClientAndRegexesOnTheBrokerSubscribeToEveryMatchingTopic(KafkaCluster cluster)
                throws Exception {
            TestTopics.create(cluster, "pat-a", 1, 1);
            TestTopics.create(cluster, "pat-b", 1, 1);
            TestTopics.create(cluster, "other", 1, 1);
            try (Consumer<String, String> client = member(cluster, "pattern-group");
                    Consumer<String, String> broker = member(cluster, "regex-group")) {
                client.subscribe(java.util.regex.Pattern.compile("pat-.*"), RebalanceListener.NONE);
                broker.subscribe(new SubscriptionPattern("pat-.*"), RebalanceListener.NONE);
                Set<TopicPartition> expected = Set.of(new TopicPartition("pat-a", 0), new TopicPartition("pat-b", 0));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    client.poll(Duration.ofMillis(50));
                    broker.poll(Duration.ofMillis(50));
                    assertThat(client.assignment()).isEqualTo(expected);
                    assertThat(broker.assignment()).isEqualTo(expected);
                });
                assertThat(client.subscription()).containsExactlyInAnyOrder("pat-a", "pat-b");
            }
        }
    }

    /** read_committed against transactions written by kafka-clients' transactional producer. */
    @Nested
    class Transactions {
        @Test
        void readCommittedNeverShowsAbortedRecordsAndReadUncommittedShowsEveryDataRecord(KafkaCluster cluster)
                throws Exception {
            String topic = "txn";
            TestTopics.create(cluster, topic, 2, 1);
            List<String> committed = new ArrayList<>();
            int allData = 0;
            try (KafkaProducer<byte[], byte[]> producer = TestTopics.producer(
                    cluster, Map.of("transactional.id", "txn-writer", "enable.idempotence", true))) {
                producer.initTransactions();
                for (int t = 0; t < 20; t++) {
                    producer.beginTransaction();
                    boolean commit = t % 3 != 1;
                    for (int i = 0; i < 50; i++) {
                        String v = (commit ? "c-" : "a-") + t + "-" + i;
                        producer.send(new ProducerRecord<>(topic, i % 2, null, v.getBytes(StandardCharsets.UTF_8)));
                        allData++;
                        if (commit) {
                            committed.add(v);
                        }
                    }
                    producer.flush(); // so the aborted records reach the log rather than being dropped unsent
                    if (commit) {
                        producer.commitTransaction();
                    } else {
                        producer.abortTransaction();
                    }
                }
            }
            List<TopicPartition> tps = partitions(topic, 2);
            List<String> seen = readAll(cluster, tps, "read_committed", committed.size());
            assertThat(seen).containsExactlyInAnyOrderElementsOf(committed);
            assertThat(seen).noneMatch(v -> v.startsWith("a-"));
            List<String> everything = readAll(cluster, tps, "read_uncommitted", allData);
            assertThat(everything).hasSize(allData).anyMatch(v -> v.startsWith("a-"));
        }

        private List<String> readAll(KafkaCluster cluster, List<TopicPartition> tps, String isolation, int expected) {
            List<String> out = new ArrayList<>();
            try (Consumer<String, String> c = Consumer.create(
                    config(cluster, "auto.offset.reset", "earliest", "isolation.level", isolation),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                c.assign(tps);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (out.size() < expected && System.nanoTime() < deadline) {
                    c.poll(Duration.ofMillis(100)).forEach(r -> out.add(r.value()));
                }
                // Nothing more arrives, and the positions passed the control records at the end.
                out.addAll(c.poll(Duration.ofMillis(300)).records(tps.get(0)).stream()
                        .map(ConsumerRecord::value)
                        .toList());
                Map<TopicPartition, Long> ends = c.endOffsets(tps, Duration.ofSeconds(30));
                for (TopicPartition tp : tps) {
                    assertThat(c.position(tp)).isEqualTo(ends.get(tp));
                }
            }
            return out;
        }
    }
}
