package io.kanal.client.producer;

import static org.awaitility.Awaitility.await;

import io.kanal.testkit.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * kafka-clients as the independent observer and operator of the transaction tests: it reads what the brokers
 * expose at an isolation level, and sets the cluster's {@code transaction.version}.
 */
final class ReferenceClients {
    private ReferenceClients() {}

    /**
     * Every record value of the topic, per partition in offset order, that kafka-clients' consumer reads from the
     * beginning up to the end offsets (for {@code read_committed}, the last stable offsets).
     */
    static Map<Integer, List<String>> read(KafkaCluster cluster, String topic, int partitions, String isolation) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Map<Integer, List<String>> out = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            await().atMost(Duration.ofSeconds(120)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.value());
                }
                return tps.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return out;
    }

    /** Finalizes the cluster's {@code transaction.version} at a level and waits until the brokers serve it. */
    static void setTransactionVersion(KafkaCluster cluster, short version) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            short current = transactionVersion(admin);
            if (current == version) {
                return;
            }
            FeatureUpdate.UpgradeType type =
                    version > current ? FeatureUpdate.UpgradeType.UPGRADE : FeatureUpdate.UpgradeType.SAFE_DOWNGRADE;
            admin.updateFeatures(
                            Map.of("transaction.version", new FeatureUpdate(version, type)),
                            new UpdateFeaturesOptions())
                    .all()
                    .get(30, TimeUnit.SECONDS);
            // The brokers learn the new level from the metadata log.
            await().atMost(Duration.ofSeconds(30)).until(() -> transactionVersion(admin) == version);
        }
    }

    private static short transactionVersion(Admin admin) throws Exception {
        return admin.describeFeatures()
                .featureMetadata()
                .get()
                .finalizedFeatures()
                .get("transaction.version")
                .maxVersionLevel();
    }
}
