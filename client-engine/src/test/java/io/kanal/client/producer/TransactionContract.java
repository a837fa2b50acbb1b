package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.ProducerFencedException;
import io.kanal.client.serialization.StringDeserializer;
import io.kanal.client.serialization.StringSerializer;
import io.kanal.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transactional producer against a real broker, written once and run under transactions V1 and V2 (the cluster's
 * {@code transaction.version} is set before each test): what commits is read exactly, what aborts is invisible to
 * {@code read_committed} readers (Kanal's and kafka-clients') and visible to {@code read_uncommitted} ones, a zombie is
 * fenced, a timed-out transaction is reported and the producer goes on after re-initialising, and consumer offsets
 * commit with the transaction.
 */
abstract class TransactionContract {
    private final KafkaCluster cluster;
    private final short transactionVersion;

    TransactionContract(KafkaCluster cluster, short transactionVersion) {
        this.cluster = cluster;
        this.transactionVersion = transactionVersion;
    }

    @BeforeEach
    void setTransactionVersion() throws Exception {
        ReferenceClients.setTransactionVersion(cluster, transactionVersion);
    }

    private String name(String base) {
        return base + "-v" + transactionVersion;
    }

    private Producer<String, String> producer(String transactionalId, Object... extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("transactional.id", transactionalId);
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return Producer.create(config, new StringSerializer(), new StringSerializer());
    }

    private void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void send(Producer<String, String> producer, String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, i % 2, null, null, prefix + i, List.of()));
        }
    }

    /** The records of a topic as kafka-clients reads them at an isolation level, sorted. */
    private List<String> readWithKafkaClients(String topic, String isolation) {
        List<String> out = new ArrayList<>();
        ReferenceClients.read(cluster, topic, 2, isolation).values().forEach(out::addAll);
        out.sort(String::compareTo);
        return out;
    }

    /** The records Kanal's read_committed consumer reads up to the last stable offsets. */
    private List<String> readWithKanal(String topic) {
        List<String> out = new ArrayList<>();
        try (Consumer<String, String> consumer = Consumer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "isolation.level", "read_committed"),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    out.add(r.value());
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        out.sort(String::compareTo);
        return out;
    }

    private static List<String> values(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static List<String> sorted(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(String::compareTo);
        return all;
    }

    @Test
    void committedRecordsAreReadExactlyAndAbortedOnesOnlyByReadUncommittedReaders() throws Exception {
        String topic = name("txn-visibility");
        createTopic(topic, 2);
        try (Producer<String, String> producer = producer(name("visibility"))) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topic, "a", 100);
            producer.commitTransaction();
            producer.beginTransaction();
            send(producer, topic, "x", 50);
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            send(producer, topic, "b", 30);
            producer.commitTransaction();
            long addPartitionsRequests = producer.metrics()
                    .timer("network.request.AddPartitionsToTxn")
                    .getCount();
            if (transactionVersion >= 2) {
                assertThat(addPartitionsRequests)
                        .as("V2 adds partitions implicitly")
                        .isZero();
            } else {
                assertThat(addPartitionsRequests).as("V1 adds partitions first").isPositive();
            }
        }
        List<String> committed = sorted(values("a", 100), values("b", 30));
        assertThat(readWithKafkaClients(topic, "read_committed")).isEqualTo(committed);
        assertThat(readWithKanal(topic)).isEqualTo(committed);
        assertThat(readWithKafkaClients(topic, "read_uncommitted"))
                .as("aborted records are in the log for read_uncommitted readers")
                .isEqualTo(sorted(committed, values("x", 50)));
    }

    @Test
    void aZombieWithTheSameTransactionalIdIsFencedAndNoneOfItsLaterRecordsBecomesVisible() throws Exception {
        String topic = name("txn-zombie");
        createTopic(topic, 2);
        try (Producer<String, String> zombie = producer(name("zombie"));
                Producer<String, String> successor = producer(name("zombie"))) {
            zombie.initTransactions();
            zombie.beginTransaction();
            send(zombie, topic, "z", 10);
            zombie.flush();
            successor.initTransactions();
            send(zombie, topic, "late", 5);
            assertThatThrownBy(zombie::commitTransaction).isInstanceOf(ProducerFencedException.class);
            // Initialising again names the zombie's old epoch: it is told it is fenced, and fences nobody.
            assertThatThrownBy(zombie::initTransactions).isInstanceOf(ProducerFencedException.class);
            successor.beginTransaction();
            send(successor, topic, "s", 3);
            successor.commitTransaction();
        }
        assertThat(readWithKafkaClients(topic, "read_committed")).isEqualTo(values("s", 3));
    }

    @Test
    void aTransactionTheCoordinatorTimesOutIsReportedAndTheNextOneCommitsAfterReInitialising() throws Exception {
        String topic = name("txn-timeout");
        String id = name("timeout");
        createTopic(topic, 2);
        try (Producer<String, String> producer = producer(id, "transaction.timeout.ms", 2_000);
                Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topic, "expired", 4);
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                TransactionDescription d =
                        admin.describeTransactions(List.of(id)).all().get().get(id);
                return d.state() == TransactionState.COMPLETE_ABORT;
            });
            // The coordinator bumped the epoch when it aborted: V1 answers the old epoch with PRODUCER_FENCED, V2's
            // EndTxn finds no transaction to commit.
            Throwable commitFailure = catchThrowable(producer::commitTransaction);
            assertThat(brokerError(commitFailure))
                    .as("%s", commitFailure)
                    .isEqualTo(transactionVersion >= 2 ? Errors.INVALID_TXN_STATE : Errors.PRODUCER_FENCED);
            if (transactionVersion >= 2) {
                // V2's coordinator keeps the epoch it aborted as the previous one: initialising again from it
                // (KIP-588) is accepted, on the same instance.
                producer.initTransactions();
                producer.beginTransaction();
                send(producer, topic, "fresh", 6);
                producer.commitTransaction();
            } else {
                // V1's coordinator forgets the old epoch: the instance cannot tell a time-out from a successor, is
                // refused, and fences nobody.
                assertThatThrownBy(producer::initTransactions).isInstanceOf(ProducerFencedException.class);
            }
        }
        if (transactionVersion < 2) {
            // A new instance re-initialises: it takes the id, and its transactions commit.
            try (Producer<String, String> producer = producer(id, "transaction.timeout.ms", 2_000)) {
                producer.initTransactions();
                producer.beginTransaction();
                send(producer, topic, "fresh", 6);
                producer.commitTransaction();
            }
        }
        assertThat(readWithKafkaClients(topic, "read_committed")).isEqualTo(values("fresh", 6));
    }

    /** The broker error code of the first Kanal exception in the chain that carries one. */
    private static Errors brokerError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KafkaException k && k.error().isPresent()) {
                return k.error().get();
            }
        }
        return null;
    }

    @Test
    void consumerOffsetsCommitWithTheTransactionAndNotWithAnAbortedOne() throws Exception {
        String input = name("txn-offsets-in");
        String output = name("txn-offsets-out");
        String group = name("offsets-group");
        createTopic(input, 2);
        createTopic(output, 2);
        try (Producer<String, String> plain = Producer.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 40; i++) {
                plain.send(new ProducerRecord<>(input, i % 2, null, null, "in" + i, List.of()));
            }
            plain.flush();
        }
        try (Producer<String, String> producer = producer(name("offsets"));
                Consumer<String, String> consumer = Consumer.create(
                        Map.of(
                                "bootstrap.servers",
                                cluster.bootstrapServers(),
                                "group.id",
                                group,
                                "auto.offset.reset",
                                "earliest",
                                "enable.auto.commit",
                                false),
                        new StringDeserializer(),
                        new StringDeserializer());
                Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            producer.initTransactions();
            consumer.subscribe(List.of(input));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= 40;
            });
            ConsumerGroupMetadata member = consumer.groupMetadata();
            assertThat(member.memberEpoch())
                    .as("a member of the group (KIP-848)")
                    .isPositive();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            producer.beginTransaction();
            for (ConsumerRecord<String, String> r : read) {
                producer.send(new ProducerRecord<>(output, r.partition(), null, null, r.value(), List.of()));
                offsets.put(r.topicPartition(), OffsetAndMetadata.of(r.offset() + 1));
            }
            producer.sendOffsetsToTransaction(offsets, member);
            producer.commitTransaction();
            await().atMost(Duration.ofSeconds(30)).until(() -> total(admin, group) == 40);

            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(input, 0), OffsetAndMetadata.of(0)), member);
            producer.abortTransaction();
            String id = name("offsets");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.describeTransactions(List.of(id))
                                    .all()
                                    .get()
                                    .get(id)
                                    .state()
                            == TransactionState.COMPLETE_ABORT);
            assertThat(total(admin, group))
                    .as("the aborted offsets did not count")
                    .isEqualTo(40);
        }
        assertThat(readWithKafkaClients(output, "read_committed")).hasSize(40);
    }

    private static long total(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                .mapToLong(org.apache.kafka.clients.consumer.OffsetAndMetadata::offset)
                .sum();
    }
}
