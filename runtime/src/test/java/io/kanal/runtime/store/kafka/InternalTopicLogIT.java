package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.admin.AdminClient;
import io.kanal.client.admin.ConfigResource;
import io.kanal.client.admin.NewTopic;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.KafkaStoreSettings.TopicSettings;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The internal topic log against a real broker. */
@WithKafkaCluster
class InternalTopicLogIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static InternalTopicLog log(KafkaCluster cluster, TopicSettings topic, List<String> seen) {
        return new InternalTopicLog(
                "offset.storage.topic",
                topic,
                false,
                Map.of("bootstrap.servers", cluster.bootstrapServers()),
                "it-" + topic.name(),
                null,
                r -> seen.add(text(r)),
                TIMEOUT);
    }

    private static String text(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8) + "="
                + (r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createsACompactedTopicWithThePartitions_readsItAllAtStart_thenTails(KafkaCluster cluster) throws Exception {
        TopicSettings topic = new TopicSettings("log-created", 3, (short) 1);
        List<String> first = new CopyOnWriteArrayList<>();
        try (InternalTopicLog writer = log(cluster, topic, first)) {
            writer.start();
            for (int i = 0; i < 6; i++) {
                writer.send(bytes("k" + i), bytes("v" + i)).get(30, TimeUnit.SECONDS);
            }
            writer.readToEnd(TIMEOUT);
            assertThat(first).hasSize(6);
        }
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            var description = admin.describeTopics(List.of(topic.name())).get().get(topic.name());
            assertThat(description.partitions()).hasSize(3);
            var configs = admin.describeConfigs(List.of(ConfigResource.topic(topic.name())))
                    .get()
                    .get(ConfigResource.topic(topic.name()));
            assertThat(configs.get("cleanup.policy").value()).isEqualTo("compact");
        }

        List<String> second = new CopyOnWriteArrayList<>();
        List<String> other = new ArrayList<>();
        try (InternalTopicLog reader = log(cluster, topic, second);
                InternalTopicLog writer = log(cluster, topic, other)) {
            reader.start();
            // every record in the topic was handed over before start returned
            assertThat(second).containsExactlyInAnyOrderElementsOf(first);
            writer.start();
            writer.send(bytes("late"), null).get(30, TimeUnit.SECONDS);
            reader.readToEnd(TIMEOUT);
            assertThat(second).hasSize(7).contains("late=null");
        }
    }

    @Test
    void anExistingTopicThatIsNotCompactedIsRefused(KafkaCluster cluster) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(
                            List.of(NewTopic.of("log-deleting", 1, 1).withConfigs(Map.of("cleanup.policy", "delete"))))
                    .get()
                    .orThrow();
        }
        try (InternalTopicLog log = log(cluster, new TopicSettings("log-deleting", 1, (short) 1), new ArrayList<>())) {
            assertThatThrownBy(log::start)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("Topic 'log-deleting'")
                    .hasMessageContaining("'offset.storage.topic'")
                    .hasMessageContaining("cleanup.policy=compact")
                    .hasMessageContaining("cleanup.policy=delete");
        }
    }

    @Test
    void aConfigTopicWithSeveralPartitionsIsRefused(KafkaCluster cluster) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(
                            NewTopic.of("log-config-wide", 2, 1).withConfigs(Map.of("cleanup.policy", "compact"))))
                    .get()
                    .orThrow();
        }
        InternalTopicLog log = new InternalTopicLog(
                "config.storage.topic",
                new TopicSettings("log-config-wide", 1, (short) 1),
                true,
                Map.of("bootstrap.servers", cluster.bootstrapServers()),
                "it-config-wide",
                null,
                r -> {},
                TIMEOUT);
        try (log) {
            assertThatThrownBy(log::start)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("single partition")
                    .hasMessageContaining("found 2 partitions");
        }
    }

    @Test
    void theTailThreadHandsOverLaterRecords_andAReadToEndThatCannotFinishInTimeIsAStoreException(KafkaCluster cluster)
            throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        InternalTopicLog log = new InternalTopicLog(
                "status.storage.topic",
                new TopicSettings("log-tail", 1, (short) 1),
                false,
                Map.of("bootstrap.servers", cluster.bootstrapServers()),
                "it-tail",
                null,
                r -> threads.add(Thread.currentThread().getName()),
                TIMEOUT);
        try (log) {
            log.start();
            log.send(bytes("k"), bytes("v")).get(30, TimeUnit.SECONDS);
            log.readToEnd(TIMEOUT);
            assertThat(threads).containsExactly("kanal-store-log-tail");

            // the tail thread cannot ask the broker for the end offsets and read up to them in no time
            assertThatThrownBy(() -> log.readToEnd(Duration.ZERO))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("Timed out")
                    .hasMessageContaining("'log-tail'");
            // and the log still works afterwards
            log.readToEnd(TIMEOUT);
        }
        assertThatThrownBy(() -> log.send(bytes("k"), bytes("v")).join()).hasCauseInstanceOf(StoreException.class);
    }

    @Test
    void readToEndBeforeStartIsAnError(KafkaCluster cluster) {
        try (InternalTopicLog log = log(cluster, new TopicSettings("log-unstarted", 1, (short) 1), new ArrayList<>())) {
            assertThatThrownBy(() -> log.readToEnd(TIMEOUT)).isInstanceOf(IllegalStateException.class);
        }
    }
}
