package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.TopicPartition;
import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.TransactionDescription;
import io.kanal.client.admin.TransactionState;
import io.kanal.client.consumer.Consumer;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.producer.Producer;
import io.kanal.client.producer.ProducerRecord;
import io.kanal.client.serialization.ByteArrayDeserializer;
import io.kanal.client.serialization.ByteArraySerializer;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.StoreException;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The leader's transactional writes to the config topic (KIP-618), two config stores standing for two workers of one
 * group with {@code exactly.once.source.support} {@code preparing} or {@code enabled}: only the leader writes connector
 * configs, one transaction per write, with Connect's transactional id {@code connect-cluster-<group>}; a new leader
 * taking the id fences the old one, whose writes then fail with a clear error and never reach a reader; the fenced
 * worker writes again once it leads again; target states stay writable from any worker.
 */
@WithKafkaCluster
class LeaderConfigWritesIT {

    private static final Map<String, String> CONFIG = Map.of("connector.class", "Src", "tasks.max", "1");

    private static long endOffset(KafkaCluster cluster, String topic) {
        try (Consumer<byte[], byte[]> c = consumer(cluster, "read_uncommitted")) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return c.endOffsets(List.of(tp), Duration.ofSeconds(20)).get(tp);
        }
    }

    private static Consumer<byte[], byte[]> consumer(KafkaCluster cluster, String isolation) {
        Map<String, Object> settings = new HashMap<>(cluster.clientProperties());
        settings.put("isolation.level", isolation);
        settings.put("enable.auto.commit", "false");
        return Consumer.create(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The keys of the topic's records a reader with this isolation level reads. */
    private static List<String> keys(KafkaCluster cluster, String topic, String isolation) {
        List<String> keys = new ArrayList<>();
        try (Consumer<byte[], byte[]> c = consumer(cluster, isolation)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), Duration.ofSeconds(20)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (c.position(tp, Duration.ofSeconds(20)) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    keys.add(new String(r.key(), StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }

    private static TransactionDescription transaction(KafkaCluster cluster, String id) throws Exception {
        try (AdminClient admin = AdminClient.create(cluster.clientProperties())) {
            return admin.describeTransactions(List.of(id))
                    .get(30, TimeUnit.SECONDS)
                    .get(id);
        }
    }

    @Test
    void theLeadersWritesAreTransactionsAndAFencedLeaderWritesAgainOnceItLeadsAgain(KafkaCluster cluster)
            throws Exception {
        KafkaStoreSettings s = KafkaStoresIT.settings(cluster, "ldr", Map.of());
        String topic = s.configTopic().name();
        String id = LeaderWriteRules.transactionalId("ldr");
        AtomicInteger fencedA = new AtomicInteger();
        AtomicInteger fencedB = new AtomicInteger();
        KafkaStoresIT.Events la = new KafkaStoresIT.Events();
        KafkaStoresIT.Events lb = new KafkaStoresIT.Events();
        try (KafkaConfigStore a = new KafkaConfigStore(s, null, true, fencedA::incrementAndGet);
                KafkaConfigStore b = new KafkaConfigStore(s, null, true, fencedB::incrementAndGet)) {
            a.start(la);
            b.start(lb);

            // a is elected: it takes connect-cluster-ldr, and its writes are transactions
            a.leadership(true);
            a.claimWritePrivileges();
            assertThat(a.holdsWritePrivileges()).isTrue();
            long before = endOffset(cluster, topic);
            a.putConnectorConfig("c1", CONFIG, Optional.of(TargetState.PAUSED));
            assertThat(endOffset(cluster, topic) - before)
                    .as("a target state, a config and the transaction's commit marker")
                    .isEqualTo(3);
            TransactionDescription first = transaction(cluster, id);
            assertThat(first.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);

            // b follows: it may not write a connector config, but it writes a target state, without a transaction
            assertThatThrownBy(() -> b.putConnectorConfig("c2", CONFIG, Optional.empty()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("not the leader of group 'ldr'");
            before = endOffset(cluster, topic);
            b.putTargetState("c1", TargetState.RUNNING);
            assertThat(endOffset(cluster, topic) - before).isEqualTo(1);
            assertThat(b.holdsWritePrivileges()).isFalse();

            // a zombie leader's producer takes the id (as a worker cut off from the group would have done when it
            // was elected) and leaves a transaction open with a connector config in it
            Map<String, Object> zombieSettings = new HashMap<>(cluster.clientProperties());
            zombieSettings.put("transactional.id", id);
            zombieSettings.put("enable.idempotence", "true");
            zombieSettings.put("transaction.timeout.ms", "600000");
            try (Producer<byte[], byte[]> zombie =
                    Producer.create(zombieSettings, new ByteArraySerializer(), new ByteArraySerializer())) {
                zombie.initTransactions();
                zombie.beginTransaction();
                zombie.send(ProducerRecord.of(
                        topic,
                        "connector-zombie".getBytes(StandardCharsets.UTF_8),
                        new ConfigRecordCodec().encodeValue(new ConfigRecord.ConnectorConfig("zombie", CONFIG))));
                zombie.flush();

                // a's next write finds it fenced: a clear error, leadership given up, a rejoin asked for
                assertThatThrownBy(() -> a.putConnectorConfig("c2", CONFIG, Optional.empty()))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("fenced out of config topic '" + topic + "'")
                        .hasMessageContaining("Retry the request");
                assertThat(fencedA).hasValue(1);
                assertThat(a.holdsWritePrivileges()).isFalse();
                assertThatThrownBy(() -> a.putConnectorConfig("c2", CONFIG, Optional.empty()))
                        .as("until a new generation says it leads, a does not take the id back")
                        .hasMessageContaining("not the leader");

                // the rebalance says a still leads: it takes the id back, which fences the zombie and aborts its
                // open transaction; the retried write succeeds
                a.leadership(true);
                a.claimWritePrivileges();
                a.putConnectorConfig("c2", CONFIG, Optional.empty());
                assertThatThrownBy(zombie::commitTransaction)
                        .as("the zombie is fenced")
                        .isInstanceOf(KafkaException.class);
            }
            assertThat(transaction(cluster, id).producerEpoch()).isGreaterThan(first.producerEpoch());

            // b is elected next: it takes the id; a, now the zombie, is fenced on its next write
            a.leadership(true); // a has not heard of the new generation yet
            b.leadership(true);
            b.claimWritePrivileges();
            b.putConnectorConfig("c3", CONFIG, Optional.empty());
            assertThatThrownBy(() -> a.putConnectorConfig("zombie", CONFIG, Optional.empty()))
                    .hasMessageContaining("fenced");
            assertThat(fencedA).hasValue(2);
            assertThat(fencedB).hasValue(0);
            b.readToEnd(Duration.ofSeconds(20));
            a.readToEnd(Duration.ofSeconds(20));

            assertThat(a.configSnapshot().connectorConfigs()).containsOnlyKeys("c1", "c2", "c3");
            assertThat(b.configSnapshot().connectorConfigs()).containsOnlyKeys("c1", "c2", "c3");
            assertThat(la.seen).noneMatch(e -> e.contains("zombie"));
            assertThat(lb.seen).noneMatch(e -> e.contains("zombie"));
        }
        List<String> committed = keys(cluster, topic, "read_committed");
        List<String> everything = keys(cluster, topic, "read_uncommitted");
        assertThat(everything).as("the zombie's record reached the log").contains("connector-zombie");
        assertThat(committed).doesNotContain("connector-zombie");
        assertThat(committed.stream().filter(k -> k.startsWith("connector-")).toList())
                .as("each connector config once: nothing duplicated, nothing lost")
                .containsExactly("connector-c1", "connector-c2", "connector-c3");
    }
}
