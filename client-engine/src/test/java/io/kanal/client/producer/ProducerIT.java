package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanal.client.errors.ClientClosedException;
import io.kanal.client.errors.RecordTooLargeException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.record.Header;
import io.kanal.client.serialization.ByteArraySerializer;
import io.kanal.client.serialization.LongSerializer;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@WithKafkaCluster
class ProducerIT {
    private static Map<String, Object> config(KafkaCluster cluster, Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void acksZeroRecordsCompleteWithoutOffsetsAndArrive(KafkaCluster cluster) throws Exception {
        String topic = "fire-and-forget";
        int total = 20_000;
        Observer.createTopic(cluster, topic, 2, 1, Map.of());
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        try (Producer<String, Long> producer =
                Producer.create(config(cluster, "acks", "0"), new StringSerializer(), new LongSerializer())) {
            for (long i = 0; i < total; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, null, null, "k" + (i % 10), i, List.of())));
            }
            producer.flush();
        }
        for (CompletableFuture<RecordMetadata> f : sends) {
            assertThat(f.get(30, TimeUnit.SECONDS).offset()).isEqualTo(-1);
        }
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read =
                Observer.readAll(cluster, topic, 2, total, Duration.ofSeconds(60));
        assertThat(read.values().stream().mapToInt(List::size).sum()).isEqualTo(total);
    }

    @Test
    void aMillionRecordsArriveExactlyOnceInOrderOnKafkasPartitions(KafkaCluster cluster) throws Exception {
        String topic = "million";
        int partitions = 6;
        int total = 1_000_000;
        Observer.createTopic(cluster, topic, partitions, 1, Map.of());
        AtomicLong failures = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        try (Producer<String, Long> producer =
                Producer.create(config(cluster, "batch.size", "65536"), new StringSerializer(), new LongSerializer())) {
            for (long i = 0; i < total; i++) {
                // Two thirds keyed (1000 distinct keys), one third keyless (sticky partitioning).
                String key = i % 3 == 0 ? null : "key-" + (i % 1000);
                producer.send(new ProducerRecord<>(topic, null, null, key, i, List.of()), (m, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        assertThat(firstFailure.get()).isNull();
        assertThat(failures.get()).isZero();

        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> read =
                Observer.readAll(cluster, topic, partitions, total, Duration.ofSeconds(60));
        BitSet seen = new BitSet(total);
        long count = 0;
        for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> e : read.entrySet()) {
            long previous = -1;
            for (ConsumerRecord<byte[], byte[]> r : e.getValue()) {
                long value = ByteBuffer.wrap(r.value()).getLong();
                assertThat(value)
                        .as("send order within partition %d", e.getKey())
                        .isGreaterThan(previous);
                previous = value;
                assertThat(seen.get((int) value))
                        .as("record %d seen twice", value)
                        .isFalse();
                seen.set((int) value);
                count++;
                if (r.key() != null) {
                    assertThat(r.partition()).isEqualTo(BuiltInPartitioner.partitionForKey(r.key(), partitions));
                    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("key-" + (value % 1000));
                } else {
                    assertThat(value % 3).isZero();
                }
            }
        }
        assertThat(count).isEqualTo(total);
        assertThat(seen.cardinality()).isEqualTo(total);
        // Keyless records were spread by the sticky partitioner, not stuck on one partition.
        assertThat(read.values()).allSatisfy(list -> assertThat(list).isNotEmpty());
    }

    @Test
    void futuresCarryOffsetsTimestampsAndHeadersReachTheBroker(KafkaCluster cluster) throws Exception {
        String topic = "metadata";
        Observer.createTopic(cluster, topic, 2, 1, Map.of());
        try (Producer<String, String> producer =
                Producer.create(config(cluster), new StringSerializer(), new StringSerializer())) {
            assertThat(producer.partitionsFor(topic)).hasSize(2);
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futures.add(producer.send(new ProducerRecord<>(
                        topic, 1, 1_000_000L + i, "k" + i, "v" + i, List.of(Header.of("h", "x" + i)))));
            }
            for (int i = 0; i < 10; i++) {
                RecordMetadata m = futures.get(i).get(30, TimeUnit.SECONDS);
                assertThat(m.topicPartition().partition()).isEqualTo(1);
                assertThat(m.offset()).isEqualTo(i);
                assertThat(m.timestamp()).isEqualTo(1_000_000L + i);
                assertThat(m.serializedKeySize()).isEqualTo(2);
                assertThat(m.serializedValueSize()).isEqualTo(2);
            }
            assertThat(producer.metrics().meter("producer.record-send").getCount())
                    .isEqualTo(10);
        }
        List<ConsumerRecord<byte[], byte[]>> read =
                Observer.readAll(cluster, topic, 2, 10, Duration.ofSeconds(30)).get(1);
        assertThat(read).hasSize(10);
        assertThat(new String(read.get(3).headers().lastHeader("h").value(), StandardCharsets.UTF_8))
                .isEqualTo("x3");
        assertThat(read.get(3).timestamp()).isEqualTo(1_000_003L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCodecGoesThroughTheBrokerAndBack(String codec, KafkaCluster cluster) throws Exception {
        String topic = "codec-" + codec;
        Observer.createTopic(cluster, topic, 1, 1, Map.of());
        int total = 5_000;
        try (Producer<String, String> producer = Producer.create(
                config(cluster, "compression.type", codec), new StringSerializer(), new StringSerializer())) {
            CompletableFuture<RecordMetadata> last = null;
            for (int i = 0; i < total; i++) {
                last = producer.send(ProducerRecord.of(topic, "value-" + i + "-" + "x".repeat(i % 50)));
            }
            assertThat(last.get(30, TimeUnit.SECONDS).offset()).isEqualTo(total - 1);
        }
        List<ConsumerRecord<byte[], byte[]>> read = Observer.readAll(cluster, topic, 1, total, Duration.ofSeconds(30))
                .get(0);
        assertThat(read).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(new String(read.get(i).value(), StandardCharsets.UTF_8))
                    .isEqualTo("value-" + i + "-" + "x".repeat(i % 50));
        }
    }

    @Test
    void aTinyBufferMemoryMakesSendWaitButLosesNothing(KafkaCluster cluster) throws Exception {
        String topic = "backpressure";
        Observer.createTopic(cluster, topic, 3, 1, Map.of());
        int total = 20_000;
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (Producer<byte[], byte[]> producer = Producer.create(
                config(cluster, "buffer.memory", "32768", "batch.size", "4096", "linger.ms", "20"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < total; i++) {
                producer.send(ProducerRecord.of(topic, new byte[200]), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            assertThat(failure.get()).isNull();
            assertThat(acked.get()).isEqualTo(total);
            // 4 MB went through a 32 KiB pool, so send waited many times; all memory comes back. The sender thread
            // frees a batch's buffer just after completing its records, so flush() can return a moment before the
            // last release: wait for it rather than read the gauge once.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(producer.metrics()
                            .getGauges()
                            .get("producer.buffer-available-bytes")
                            .getValue())
                    .isEqualTo(32768L));
        }
        long read = Observer.readAll(cluster, topic, 3, total, Duration.ofSeconds(30)).values().stream()
                .mapToLong(List::size)
                .sum();
        assertThat(read).isEqualTo(total);
    }

    @Test
    @WithKafkaCluster
    void withTheBrokerGoneSendBlocksThenRecordsExpireAndCloseFailsTheRest(KafkaCluster cluster) throws Exception {
        String topic = "broker-gone";
        Observer.createTopic(cluster, topic, 1, 1, Map.of());
        try (Producer<byte[], byte[]> producer = Producer.create(
                config(
                        cluster,
                        "buffer.memory",
                        "8192",
                        "batch.size",
                        "4096",
                        "linger.ms",
                        "0",
                        "max.block.ms",
                        "300",
                        "request.timeout.ms",
                        "1000",
                        "delivery.timeout.ms",
                        "3000"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertThat(producer.send(ProducerRecord.of(topic, new byte[10]))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isZero();
            cluster.nodes().get(0).kill();

            long start = System.nanoTime();
            CompletableFuture<RecordMetadata> first = producer.send(ProducerRecord.of(topic, new byte[3000]));
            CompletableFuture<RecordMetadata> second = producer.send(ProducerRecord.of(topic, new byte[3000]));
            // Both batches hold all of buffer.memory: the next send waits max.block.ms, then fails alone.
            CompletableFuture<RecordMetadata> blocked = producer.send(ProducerRecord.of(topic, new byte[3000]));
            assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("max.block.ms");

            // delivery.timeout.ms bounds the queued records.
            assertThatThrownBy(() -> first.get(20, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("delivery.timeout.ms");
            assertThatThrownBy(() -> second.get(20, TimeUnit.SECONDS)).cause().isInstanceOf(TimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

            // Memory is back: a new record is queued, and close fails it clearly when it cannot be sent in time.
            CompletableFuture<RecordMetadata> unsent = producer.send(ProducerRecord.of(topic, new byte[3000]));
            producer.close(Duration.ofMillis(200));
            assertThatThrownBy(() -> unsent.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(ClientClosedException.class)
                    .hasMessageContaining("closed before the record was acknowledged");
        }
    }

    @Test
    void anOversizedRecordFailsAloneWhileTheOthersGoOn(KafkaCluster cluster) throws Exception {
        String topic = "too-large";
        Observer.createTopic(cluster, topic, 1, 1, Map.of("max.message.bytes", "20000"));
        try (Producer<String, byte[]> producer = Producer.create(
                config(cluster, "max.request.size", "100000", "linger.ms", "50"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            CompletableFuture<RecordMetadata> before = producer.send(ProducerRecord.of(topic, new byte[100]));
            CompletableFuture<RecordMetadata> overRequest = producer.send(ProducerRecord.of(topic, new byte[200_000]));
            CompletableFuture<RecordMetadata> overTopic = producer.send(ProducerRecord.of(topic, new byte[50_000]));
            CompletableFuture<RecordMetadata> after = producer.send(ProducerRecord.of(topic, new byte[100]));
            assertThatThrownBy(() -> overRequest.get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("max.request.size");
            assertThatThrownBy(() -> overTopic.get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("max.message.bytes");
            assertThat(before.get(30, TimeUnit.SECONDS).offset()).isGreaterThanOrEqualTo(0);
            assertThat(after.get(30, TimeUnit.SECONDS).offset()).isGreaterThanOrEqualTo(0);
            // Idempotence recovered from the gap the rejected batch left: later records still go through.
            assertThat(producer.send(ProducerRecord.of(topic, new byte[10]))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isGreaterThan(after.get().offset());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "lz4"})
    void aBatchTheTopicRefusesIsSplitSoOnlyTheOversizedRecordFails(String compression, KafkaCluster cluster)
            throws Exception {
        String topic = "split-" + compression;
        Observer.createTopic(cluster, topic, 1, 1, Map.of("max.message.bytes", "2000"));
        byte[] big = new byte[5000];
        // Random bytes, so that compression cannot bring the record under the topic's limit.
        new SplittableRandom(7).nextBytes(big);
        List<CompletableFuture<RecordMetadata>> small = new ArrayList<>();
        CompletableFuture<RecordMetadata> oversized = null;
        try (Producer<String, byte[]> producer = Producer.create(
                config(cluster, "linger.ms", "60000", "compression.type", compression),
                new StringSerializer(),
                new ByteArraySerializer())) {
            // All of it fits batch.size (16384): one batch, which the topic refuses as a whole (6 KB > 2000 B).
            for (int i = 0; i < 60; i++) {
                if (i == 30) {
                    oversized = producer.send(ProducerRecord.of(topic, big));
                }
                small.add(producer.send(ProducerRecord.of(
                        topic, ByteBuffer.allocate(100).putInt(i).array())));
            }
            producer.flush();
            assertThatThrownBy(oversized::join)
                    .cause()
                    .isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("max.message.bytes");
            long previous = -1;
            for (CompletableFuture<RecordMetadata> f : small) {
                long offset = f.join().offset();
                assertThat(offset).isGreaterThan(previous);
                previous = offset;
            }
            // The split batches' memory went back to the pool with the refused batch's buffer.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(producer.metrics()
                            .getGauges()
                            .get("producer.buffer-available-bytes")
                            .getValue())
                    .isEqualTo(32L * 1024 * 1024));
        }
        List<ConsumerRecord<byte[], byte[]>> read =
                Observer.readAll(cluster, topic, 1, 60, Duration.ofSeconds(30)).get(0);
        assertThat(read).hasSize(60);
        for (int i = 0; i < 60; i++) {
            assertThat(ByteBuffer.wrap(read.get(i).value()).getInt()).isEqualTo(i);
        }
    }

    @Test
    void anUnknownTopicFailsAfterMaxBlock(KafkaCluster cluster) {
        try (Producer<String, String> producer = Producer.create(
                config(cluster, "max.block.ms", "500"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            CompletableFuture<RecordMetadata> f = producer.send(ProducerRecord.of("no-such-topic", "x"));
            assertThat(f).isCompletedExceptionally();
            assertThatThrownBy(f::join)
                    .cause()
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("no-such-topic");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        }
    }

    @Test
    void sendAfterCloseFails(KafkaCluster cluster) {
        Producer<String, String> producer =
                Producer.create(config(cluster), new StringSerializer(), new StringSerializer());
        producer.close(Duration.ofSeconds(5));
        assertThatThrownBy(() -> producer.send(ProducerRecord.of("any", "x")).join())
                .cause()
                .isInstanceOf(ClientClosedException.class);
    }
}
