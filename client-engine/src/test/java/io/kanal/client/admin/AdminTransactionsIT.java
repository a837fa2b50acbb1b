package io.kanal.client.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanal.client.IsolationLevel;
import io.kanal.client.TopicPartition;
import io.kanal.client.errors.BrokerErrorException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.UnsupportedVersionException;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transaction operations against a real broker, on transactions that kafka-clients' producer opens; effects are
 * checked through kafka-clients' own Admin and {@code read_committed} consumer.
 */
@WithKafkaCluster
class AdminTransactionsIT {
    private static AdminClient kanal;
    private static Admin reference;

    @BeforeAll
    static void start(KafkaCluster cluster) {
        kanal = AdminClient.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "client.id", "kanal-txn-it"));
        reference = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        kanal.close(Duration.ofSeconds(5));
        reference.close();
    }

    private static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    @Test
    void listsDescribesAndAbortsAHangingTransaction(KafkaCluster cluster) throws Exception {
        String topic = "txn-abort";
        String txnId = "admin-abort-tx";
        TopicPartition tp = new TopicPartition(topic, 0);
        var refTp = new org.apache.kafka.common.TopicPartition(topic, 0);
        result(kanal.createTopics(List.of(NewTopic.of(topic, 1, 1)))).orThrow();
        // Fencing an id nobody uses yet gives it a producer, so the producer below starts one epoch later.
        FencedProducer first = result(kanal.fenceProducers(List.of(txnId))).get(txnId);

        try (KafkaProducer<String, String> transactional = transactionalProducer(cluster, txnId);
                KafkaProducer<String, String> plain = plainProducer(cluster)) {
            transactional.initTransactions();
            transactional.beginTransaction();
            for (int i = 0; i < 3; i++) {
                transactional.send(new ProducerRecord<>(topic, 0, "k", "aborted-" + i));
            }
            transactional.flush();
            plain.send(new ProducerRecord<>(topic, 0, "k", "after")).get();

            assertThat(latest(tp, IsolationLevel.READ_COMMITTED)).isZero();
            assertThat(latest(tp, IsolationLevel.READ_UNCOMMITTED)).isEqualTo(4);

            TransactionListing listed = result(kanal.listTransactions()).stream()
                    .filter(t -> t.transactionalId().equals(txnId))
                    .findFirst()
                    .orElseThrow();
            assertThat(listed.state()).isEqualTo(TransactionState.ONGOING);
            assertThat(listed.producerId()).isEqualTo(first.producerId());
            ListTransactionsOptions ongoingOfThisProducer = ListTransactionsOptions.all()
                    .filterStates(List.of(TransactionState.ONGOING))
                    .filterProducerIds(List.of(listed.producerId()));
            assertThat(result(kanal.listTransactions(ongoingOfThisProducer))).containsExactly(listed);
            assertThat(result(kanal.listTransactions(ListTransactionsOptions.all()
                            .filterStates(List.of(TransactionState.COMPLETE_COMMIT))
                            .filterProducerIds(List.of(listed.producerId())))))
                    .isEmpty();
            // ListTransactions v2 (KIP-1152) came with Kafka 4.1: an older broker must fail the call rather than drop
            // the
            // pattern, which would list every transaction.
            CompletableFuture<List<TransactionListing>> byPattern = kanal.listTransactions(
                    ListTransactionsOptions.all().filterOnTransactionalIdPattern("admin-abort-.*"));
            if (atLeast(cluster.kafkaVersion(), 4, 1)) {
                assertThat(result(byPattern)).containsExactly(listed);
            } else {
                assertThatThrownBy(() -> result(byPattern))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(UnsupportedVersionException.class);
            }
            assertThat(result(
                            kanal.listTransactions(ListTransactionsOptions.all().filterOnDuration(3_600_000))))
                    .doesNotContain(listed);

            BatchResult<String, TransactionDescription> described =
                    result(kanal.describeTransactions(List.of(txnId, "no-such-tx")));
            TransactionDescription description = described.get(txnId);
            assertThat(description.state()).isEqualTo(TransactionState.ONGOING);
            assertThat(description.producerId()).isEqualTo(first.producerId());
            assertThat(description.producerEpoch()).isGreaterThan(first.producerEpoch());
            assertThat(description.topicPartitions()).containsExactly(tp);
            assertThat(description.transactionStartTimeMs()).isPresent();
            assertThat(description.transactionTimeoutMs()).isEqualTo(120_000);
            var refDescription = reference
                    .describeTransactions(List.of(txnId))
                    .description(txnId)
                    .get();
            assertThat(description.coordinatorId()).isEqualTo(refDescription.coordinatorId());
            assertThat(description.producerEpoch()).isEqualTo(refDescription.producerEpoch());
            assertThat(described.error("no-such-tx").orElseThrow().error()).contains(Errors.TRANSACTIONAL_ID_NOT_FOUND);

            List<ProducerState> producers =
                    result(kanal.describeProducers(List.of(tp))).get(tp);
            ProducerState open = producers.stream()
                    .filter(p -> p.currentTransactionStartOffset().isPresent())
                    .findFirst()
                    .orElseThrow();
            assertThat(open.producerId()).isEqualTo(description.producerId());
            assertThat(open.producerEpoch()).isEqualTo(description.producerEpoch());
            assertThat(open.currentTransactionStartOffset()).hasValue(0);
            assertThat(open.lastSequence()).isEqualTo(2);
            var refOpen =
                    reference.describeProducers(List.of(refTp)).partitionResult(refTp).get().activeProducers().stream()
                            .filter(p -> p.producerId() == open.producerId())
                            .findFirst()
                            .orElseThrow();
            assertThat(open.producerEpoch()).isEqualTo(refOpen.producerEpoch());
            assertThat(open.lastTimestamp()).isEqualTo(refOpen.lastTimestamp());
            assertThat(producers).hasSize(2);

            // A spec with an epoch older than the one the leader saw is refused.
            AbortTransactionSpec stale = new AbortTransactionSpec(tp, open.producerId(), first.producerEpoch(), 0);
            KafkaException refused = failure(kanal.abortTransaction(stale));
            assertThat(refused).isInstanceOf(BrokerErrorException.class);
            assertThat(refused.error()).contains(Errors.INVALID_PRODUCER_EPOCH);

            result(kanal.abortTransaction(AbortTransactionSpec.forProducer(tp, open)));

            await().atMost(Duration.ofSeconds(30)).until(() -> latest(tp, IsolationLevel.READ_COMMITTED) == 5);
            assertThat(readCommitted(cluster, refTp, 5)).containsExactly("after");
            assertThat(result(kanal.describeProducers(List.of(tp))).get(tp))
                    .noneMatch(p -> p.currentTransactionStartOffset().isPresent());
            transactional.close(Duration.ZERO);
        }
    }

    @Test
    void fencingAbortsTheOpenTransactionAndTheProducersCommitFails(KafkaCluster cluster) throws Exception {
        String topic = "txn-fence";
        String txnId = "admin-fence-tx";
        TopicPartition tp = new TopicPartition(topic, 0);
        var refTp = new org.apache.kafka.common.TopicPartition(topic, 0);
        result(kanal.createTopics(List.of(NewTopic.of(topic, 1, 1)))).orThrow();

        try (KafkaProducer<String, String> transactional = transactionalProducer(cluster, txnId)) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, 0, "k", "fenced"));
            transactional.flush();
            TransactionDescription before =
                    result(kanal.describeTransactions(List.of(txnId))).get(txnId);
            assertThat(before.state()).isEqualTo(TransactionState.ONGOING);

            BatchResult<String, FencedProducer> fenced = result(kanal.fenceProducers(List.of(txnId, "admin-fresh-tx")));
            FencedProducer mine = fenced.get(txnId);
            assertThat(mine.producerId()).isEqualTo(before.producerId());
            assertThat((int) mine.producerEpoch()).isGreaterThan(before.producerEpoch());
            assertThat(fenced.get("admin-fresh-tx").producerId()).isNotEqualTo(mine.producerId());

            // The coordinator aborted the open transaction: its marker frees the last stable offset.
            await().atMost(Duration.ofSeconds(30)).until(() -> latest(tp, IsolationLevel.READ_COMMITTED) == 2);
            TransactionDescription after =
                    result(kanal.describeTransactions(List.of(txnId))).get(txnId);
            // Fencing is InitProducerId: once the abort is written it completes, leaving the id Empty at the new epoch.
            assertThat(after.state()).isEqualTo(TransactionState.EMPTY);
            assertThat(after.producerEpoch()).isEqualTo(mine.producerEpoch());
            assertThat(after.topicPartitions()).isEmpty();
            assertThat(readCommitted(cluster, refTp, 2)).isEmpty();

            assertThatThrownBy(transactional::commitTransaction).isInstanceOf(ProducerFencedException.class);
            transactional.close(Duration.ZERO);
        }
    }

    @Test
    void unknownPartitionsAndEmptyIdsAreRefused() throws Exception {
        TopicPartition missing = new TopicPartition("no-such-txn-topic", 0);
        KafkaException unknown =
                result(kanal.describeProducers(List.of(missing))).error(missing).orElseThrow();
        assertThat(unknown.error()).contains(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        KafkaException noPartition =
                failure(kanal.abortTransaction(new AbortTransactionSpec(missing, 1, (short) 0, 0)));
        assertThat(noPartition.error()).contains(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThatThrownBy(() -> kanal.fenceProducers(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }

    private static long latest(TopicPartition tp, IsolationLevel isolation) throws Exception {
        return result(kanal.listOffsets(Map.of(tp, OffsetSpec.latest()), isolation))
                .get(tp)
                .offset();
    }

    private static KafkaException failure(CompletableFuture<?> future) {
        return (KafkaException) assertThatThrownBy(() -> result(future))
                .cause()
                .isInstanceOf(KafkaException.class)
                .actual();
    }

    /** Whether a Kafka version such as {@code 4.0.2} is at least {@code major.minor}. */
    private static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("[.-]");
        int actualMajor = Integer.parseInt(parts[0]);
        int actualMinor = Integer.parseInt(parts[1]);
        return actualMajor > major || (actualMajor == major && actualMinor >= minor);
    }

    /** Every record value a {@code read_committed} consumer reads from the partition up to an offset. */
    private static List<String> readCommitted(
            KafkaCluster cluster, org.apache.kafka.common.TopicPartition tp, long endOffset) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                return consumer.position(tp) >= endOffset;
            });
        }
        return values;
    }

    private static KafkaProducer<String, String> transactionalProducer(KafkaCluster cluster, String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 120_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaProducer<String, String> plainProducer(KafkaCluster cluster) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
