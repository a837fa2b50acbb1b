package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanal.testkit.ChildJvm;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once copy under crashes: a consume-transform-produce loop with {@code sendOffsetsToTransaction}, run as a
 * child process and SIGKILLed ten times at random points while it copies 200,000 records. A {@code read_committed}
 * reader of the output then sees every input record exactly once, in per-partition order. Run under transactions V1
 * and V2. The copier assigns its partitions rather than subscribing, so that a kill costs no session time-out; fencing
 * by the consumer's generation (KIP-447) is covered by {@link TransactionContract}.
 */
@WithKafkaCluster
class TransactionalCopyIT {
    private final KafkaCluster cluster;

    TransactionalCopyIT(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalCopyIT.class);
    private static final int PARTITIONS = 4;
    private static final int PER_PARTITION = 50_000;
    private static final int KILLS = 10;

    @ParameterizedTest(name = "transaction.version {0}")
    @ValueSource(shorts = {1, 2})
    void everyRecordIsCopiedExactlyOnceThroughTenKills(short transactionVersion) throws Exception {
        ReferenceClients.setTransactionVersion(cluster, transactionVersion);
        String input = "copy-in-v" + transactionVersion;
        String output = "copy-out-v" + transactionVersion;
        String group = "copier-v" + transactionVersion;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(input, PARTITIONS, (short) 1), new NewTopic(output, PARTITIONS, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        fill(cluster, input);
        long seed = System.nanoTime();
        LOG.info("kill points from seed {}", seed);
        Random random = new Random(seed);
        String[] args = {
            cluster.bootstrapServers(),
            input,
            output,
            Integer.toString(PARTITIONS),
            "copier-tx-v" + transactionVersion,
            group
        };
        for (int kill = 1; kill <= KILLS; kill++) {
            try (ChildJvm copier = ChildJvm.start(TransactionalCopyMain.class, args)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> copier.count("READY") == 1 || !copier.isAlive());
                assertThat(copier.isAlive()).as("copier %d started", kill).isTrue();
                // Kill after a random number of commits: the copier runs on meanwhile, so the kill lands anywhere
                // in a transaction (polling, sending, committing offsets, ending it).
                int commits = 1 + random.nextInt(30);
                await().atMost(Duration.ofSeconds(90)).until(() -> copier.count("C ") >= commits);
                copier.kill();
                LOG.info("killed copier {} after {} commits", kill, copier.count("C "));
            }
        }
        try (ChildJvm last = ChildJvm.start(TransactionalCopyMain.class, args);
                Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(last.isAlive())
                                .as("the last copier runs until the end: %s", last.lines())
                                .isTrue();
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        long total = committed.values().stream()
                                .mapToLong(OffsetAndMetadata::offset)
                                .sum();
                        return total == (long) PARTITIONS * PER_PARTITION;
                    });
        }
        Map<Integer, List<String>> copied = ReferenceClients.read(cluster, output, PARTITIONS, "read_committed");
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> expected = new ArrayList<>(PER_PARTITION);
            for (int i = 0; i < PER_PARTITION; i++) {
                expected.add(p + "-" + i);
            }
            List<String> actual = copied.getOrDefault(p, List.of());
            assertThat(actual.size()).as("records of partition %d", p).isEqualTo(PER_PARTITION);
            assertThat(actual)
                    .as("partition %d: every record once, in order", p)
                    .isEqualTo(expected);
        }
    }

    /**
     * Writes the input with kafka-clients. One request in flight: seen in CI right after the topic's creation, the
     * first batch of a partition was refused (its leader not ready yet) while later batches of the same idempotent
     * producer were accepted, the broker having no state for it there yet; the retried first batch then failed with
     * OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms, and the input was short of records.
     */
    private static void fill(KafkaCluster cluster, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < PER_PARTITION; i++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    producer.send(
                            new org.apache.kafka.clients.producer.ProducerRecord<>(topic, p, null, p + "-" + i),
                            (metadata, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                }
                            });
                }
            }
            producer.flush();
        }
        assertThat(failure.get()).as("every input record was written").isNull();
    }
}
