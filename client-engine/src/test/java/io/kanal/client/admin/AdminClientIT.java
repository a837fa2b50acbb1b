package io.kanal.client.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanal.client.IsolationLevel;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.cluster.Node;
import io.kanal.client.errors.ErrorCategory;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.errors.KafkaException;
import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource.Type;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every admin operation against one real broker, each checked by an independent observer: kafka-clients' own Admin,
 * producer and consumers.
 */
@WithKafkaCluster
class AdminClientIT {
    private static AdminClient kanal;
    private static Admin reference;

    @BeforeAll
    static void start(KafkaCluster cluster) {
        kanal = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers(), "client.id", "kanal-it"));
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

    private static KafkaException failure(CompletableFuture<?> future) {
        return (KafkaException) assertThatThrownBy(() -> result(future))
                .cause()
                .isInstanceOf(KafkaException.class)
                .actual();
    }

    @Test
    void createsACompactedTopicThatKafkaClientsDescribes() throws Exception {
        NewTopic topic = NewTopic.of("compacted", 3, 1).withConfigs(Map.of("cleanup.policy", "compact"));
        CreatedTopic created =
                result(kanal.createTopics(List.of(topic))).orThrow().get("compacted");
        assertThat(created.numPartitions()).isEqualTo(3);
        assertThat(created.configs()).containsEntry("cleanup.policy", "compact");

        var resource = new org.apache.kafka.common.config.ConfigResource(Type.TOPIC, "compacted");
        var config = reference.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        var described = reference
                .describeTopics(List.of("compacted"))
                .allTopicNames()
                .get()
                .get("compacted");
        assertThat(described.partitions()).hasSize(3);
        assertThat(new java.util.UUID(
                        described.topicId().getMostSignificantBits(),
                        described.topicId().getLeastSignificantBits()))
                .isEqualTo(created.topicId());

        TopicDescription mine =
                result(kanal.describeTopics(List.of("compacted"))).get("compacted");
        assertThat(mine.topicId()).isEqualTo(created.topicId());
        assertThat(mine.internal()).isFalse();
        assertThat(mine.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
        assertThat(mine.partitions()).allSatisfy(p -> {
            assertThat(p.leader()).isPresent();
            assertThat(p.replicas()).containsExactly(p.leader().get().id());
            assertThat(p.isr()).containsExactly(p.leader().get().id());
        });
        assertThat(result(kanal.listTopics(false))).containsKey("compacted");

        result(kanal.createPartitions(Map.of("compacted", 5), false)).orThrow();
        assertThat(reference
                        .describeTopics(List.of("compacted"))
                        .allTopicNames()
                        .get()
                        .get("compacted")
                        .partitions())
                .hasSize(5);

        result(kanal.deleteTopics(List.of("compacted"))).orThrow();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !reference.listTopics().names().get().contains("compacted"));
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        BatchResult<String, CreatedTopic> result =
                result(kanal.createTopics(List.of(NewTopic.of("validated-only", 2, 1)), true));
        assertThat(result.allSucceeded()).isTrue();
        assertThat(reference.listTopics().names().get()).doesNotContain("validated-only");
    }

    @Test
    void brokerValidationErrorsArriveTypedWithTheBrokersMessage(KafkaCluster cluster) throws Exception {
        BatchResult<String, CreatedTopic> result = result(kanal.createTopics(List.of(
                NewTopic.of("bad name!", 1, 1), NewTopic.of("too-replicated", 1, 3), NewTopic.of("fine", 1, 1))));
        assertThat(result.values()).containsOnlyKeys("fine");

        KafkaException badName = result.error("bad name!").orElseThrow();
        assertThat(badName).isInstanceOf(InvalidConfigException.class);
        assertThat(badName.category()).isEqualTo(ErrorCategory.INVALID_CONFIGURATION);
        assertThat(badName.error()).contains(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(badName.getMessage()).contains("bad name!").contains("characters other than ASCII alphanumerics");

        KafkaException replication = result.error("too-replicated").orElseThrow();
        assertThat(replication).isInstanceOf(InvalidConfigException.class);
        assertThat(replication.error()).contains(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(replication.getMessage()).contains("replication factor of 3");
        assertThatThrownBy(result::orThrow).isSameAs(badName).hasSuppressedException(replication);

        KafkaException unknown =
                failure(kanal.describeTopics(List.of("no-such-topic")).thenApply(r -> r.get("no-such-topic")));
        assertThat(unknown.error()).contains(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(unknown.getMessage()).contains("no-such-topic");

        KafkaException noOffsets = result(
                        kanal.listOffsets(Map.of(new TopicPartition("no-such-topic", 0), OffsetSpec.latest())))
                .error(new TopicPartition("no-such-topic", 0))
                .orElseThrow();
        assertThat(noOffsets.error()).contains(Errors.UNKNOWN_TOPIC_OR_PARTITION);

        assertThat(kanal.metrics().meter("admin.errors.INVALID_TOPIC_EXCEPTION").getCount())
                .isPositive();
        assertThat(kanal.metrics()
                        .meter("admin.errors.INVALID_REPLICATION_FACTOR")
                        .getCount())
                .isPositive();
    }

    @Test
    void describesTheClusterAsKafkaClientsDoes() throws Exception {
        ClusterDescription cluster = result(kanal.describeCluster());
        assertThat(cluster.clusterId())
                .isEqualTo(reference.describeCluster().clusterId().get());
        assertThat(cluster.nodes())
                .extracting(Node::id)
                .containsExactlyElementsOf(reference.describeCluster().nodes().get().stream()
                        .map(org.apache.kafka.common.Node::id)
                        .sorted()
                        .toList());
        assertThat(cluster.controller()).isPresent();
    }

    @Test
    void altersTopicAndBrokerConfigsIncrementally() throws Exception {
        result(kanal.createTopics(
                        List.of(NewTopic.of("configured", 1, 1).withConfigs(Map.of("cleanup.policy", "compact")))))
                .orThrow();
        ConfigResource topic = ConfigResource.topic("configured");
        result(kanal.incrementalAlterConfigs(
                        Map.of(
                                topic,
                                List.of(
                                        AlterConfigOp.set("retention.ms", "12345"),
                                        AlterConfigOp.append("cleanup.policy", "delete"))),
                        false))
                .orThrow();
        var ref = new org.apache.kafka.common.config.ConfigResource(Type.TOPIC, "configured");
        var seen = reference.describeConfigs(List.of(ref)).all().get().get(ref);
        assertThat(seen.get("retention.ms").value()).isEqualTo("12345");
        assertThat(seen.get("cleanup.policy").value()).isEqualTo("compact,delete");

        Map<String, ConfigEntry> mine =
                result(kanal.describeConfigs(List.of(topic))).get(topic);
        assertThat(mine.get("retention.ms").value()).isEqualTo("12345");
        assertThat(mine.get("retention.ms").source()).isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(mine.get("segment.bytes").isDefault()).isTrue();

        result(kanal.incrementalAlterConfigs(
                        Map.of(
                                topic,
                                List.of(
                                        AlterConfigOp.delete("retention.ms"),
                                        AlterConfigOp.subtract("cleanup.policy", "compact"))),
                        false))
                .orThrow();
        seen = reference.describeConfigs(List.of(ref)).all().get().get(ref);
        assertThat(seen.get("retention.ms").isDefault()).isTrue();
        assertThat(seen.get("cleanup.policy").value()).isEqualTo("delete");

        int brokerId = result(kanal.describeCluster()).nodes().get(0).id();
        ConfigResource broker = ConfigResource.broker(brokerId);
        result(kanal.incrementalAlterConfigs(
                        Map.of(broker, List.of(AlterConfigOp.set("log.cleaner.backoff.ms", "16000"))), false))
                .orThrow();
        var refBroker = new org.apache.kafka.common.config.ConfigResource(Type.BROKER, Integer.toString(brokerId));
        await().atMost(Duration.ofSeconds(30)).until(() -> "16000"
                .equals(reference
                        .describeConfigs(List.of(refBroker))
                        .all()
                        .get()
                        .get(refBroker)
                        .get("log.cleaner.backoff.ms")
                        .value()));
        ConfigEntry entry =
                result(kanal.describeConfigs(List.of(broker))).get(broker).get("log.cleaner.backoff.ms");
        assertThat(entry.source()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG);
        result(kanal.incrementalAlterConfigs(
                        Map.of(broker, List.of(AlterConfigOp.delete("log.cleaner.backoff.ms"))), false))
                .orThrow();

        KafkaException invalid = result(kanal.incrementalAlterConfigs(
                        Map.of(topic, List.of(AlterConfigOp.set("cleanup.policy", "sometimes"))), false))
                .error(topic)
                .orElseThrow();
        assertThat(invalid).isInstanceOf(InvalidConfigException.class);
        assertThat(invalid.getMessage()).contains("sometimes");
    }

    @Test
    void listsOffsetsAsKafkaClientsAndDeletesRecords(KafkaCluster cluster) throws Exception {
        result(kanal.createTopics(List.of(NewTopic.of("offsets", 1, 1)))).orThrow();
        long base = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, String> producer = producer(cluster)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("offsets", 0, base + i * 1_000L, "k" + i, "v" + i))
                        .get();
            }
        }
        TopicPartition tp = new TopicPartition("offsets", 0);
        var refTp = new org.apache.kafka.common.TopicPartition("offsets", 0);

        assertThat(result(kanal.listOffsets(Map.of(tp, OffsetSpec.earliest())))
                        .get(tp)
                        .offset())
                .isZero();
        assertThat(result(kanal.listOffsets(Map.of(tp, OffsetSpec.latest())))
                        .get(tp)
                        .offset())
                .isEqualTo(10);
        ListedOffset byTime = result(kanal.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(base + 4_500))))
                .get(tp);
        ListOffsetsResultInfo refByTime = reference
                .listOffsets(Map.of(refTp, org.apache.kafka.clients.admin.OffsetSpec.forTimestamp(base + 4_500)))
                .partitionResult(refTp)
                .get();
        assertThat(byTime.offset()).isEqualTo(5).isEqualTo(refByTime.offset());
        assertThat(byTime.timestamp()).isEqualTo(base + 5_000).isEqualTo(refByTime.timestamp());
        ListedOffset max =
                result(kanal.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp()))).get(tp);
        assertThat(max.offset()).isEqualTo(9);
        assertThat(max.timestamp()).isEqualTo(base + 9_000);
        assertThat(result(kanal.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(base + 60_000))))
                        .get(tp)
                        .offset())
                .isEqualTo(-1);
        assertThat(result(kanal.listOffsets(Map.of(tp, OffsetSpec.latest()), IsolationLevel.READ_COMMITTED))
                        .get(tp)
                        .offset())
                .isEqualTo(10);

        assertThat(result(kanal.deleteRecords(Map.of(tp, 4L))).get(tp)).isEqualTo(4);
        assertThat(reference
                        .listOffsets(Map.of(refTp, org.apache.kafka.clients.admin.OffsetSpec.earliest()))
                        .partitionResult(refTp)
                        .get()
                        .offset())
                .isEqualTo(4);
        assertThat(result(kanal.listOffsets(Map.of(tp, OffsetSpec.earliest())))
                        .get(tp)
                        .offset())
                .isEqualTo(4);

        KafkaException noPartition = result(kanal.deleteRecords(Map.of(new TopicPartition("offsets", 7), 1L)))
                .error(new TopicPartition("offsets", 7))
                .orElseThrow();
        assertThat(noPartition.error()).contains(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void managesClassicAndConsumerProtocolGroups(KafkaCluster cluster) throws Exception {
        result(kanal.createTopics(List.of(NewTopic.of("grouped", 2, 1)))).orThrow();
        try (KafkaProducer<String, String> producer = producer(cluster)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("grouped", i % 2, "k" + i, "v" + i))
                        .get();
            }
        }
        TopicPartition p0 = new TopicPartition("grouped", 0);
        TopicPartition p1 = new TopicPartition("grouped", 1);
        try (KafkaConsumer<String, String> classic = consumer(cluster, "classic-group", "classic");
                KafkaConsumer<String, String> modern = consumer(cluster, "modern-group", "consumer")) {
            for (KafkaConsumer<String, String> c : List.of(classic, modern)) {
                c.subscribe(List.of("grouped"));
                await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                    c.poll(Duration.ofMillis(100));
                    return c.assignment().size() == 2;
                });
                c.commitSync(Map.of(
                        new org.apache.kafka.common.TopicPartition("grouped", 0),
                        new org.apache.kafka.clients.consumer.OffsetAndMetadata(7, "seven"),
                        new org.apache.kafka.common.TopicPartition("grouped", 1),
                        new org.apache.kafka.clients.consumer.OffsetAndMetadata(8)));
            }

            List<GroupListing> all = result(kanal.listGroups(Set.of(), Set.of()));
            Map<String, GroupListing> byId = all.stream().collect(Collectors.toMap(GroupListing::groupId, g -> g));
            assertThat(byId.get("classic-group").type()).contains(GroupType.CLASSIC);
            assertThat(byId.get("modern-group").type()).contains(GroupType.CONSUMER);
            assertThat(result(kanal.listGroups(Set.of(GroupType.CONSUMER), Set.of())))
                    .extracting(GroupListing::groupId)
                    .contains("modern-group")
                    .doesNotContain("classic-group");

            BatchResult<String, GroupDescription> described =
                    result(kanal.describeGroups(List.of("classic-group", "modern-group", "no-such-group")));
            GroupDescription classicDescription = described.get("classic-group");
            assertThat(classicDescription.type()).isEqualTo(GroupType.CLASSIC);
            assertThat(classicDescription.state()).isEqualTo("Stable");
            assertThat(classicDescription.protocolType()).isEqualTo("consumer");
            assertThat(classicDescription.members()).singleElement().satisfies(m -> assertThat(m.assignment())
                    .containsExactlyInAnyOrder(p0, p1));
            GroupDescription modernDescription = described.get("modern-group");
            assertThat(modernDescription.type()).isEqualTo(GroupType.CONSUMER);
            assertThat(modernDescription.groupEpoch()).isPositive();
            assertThat(modernDescription.members()).singleElement().satisfies(m -> assertThat(m.assignment())
                    .containsExactlyInAnyOrder(p0, p1));
            assertThat(described.error("no-such-group").orElseThrow().error()).contains(Errors.GROUP_ID_NOT_FOUND);

            ConsumerGroupDescription refModern = reference
                    .describeConsumerGroups(List.of("modern-group"))
                    .all()
                    .get()
                    .get("modern-group");
            assertThat(modernDescription.coordinator().id())
                    .isEqualTo(refModern.coordinator().id());
            assertThat(modernDescription.members().get(0).memberId())
                    .isEqualTo(refModern.members().iterator().next().consumerId());

            for (String group : List.of("classic-group", "modern-group")) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        result(kanal.listConsumerGroupOffsets(group, Optional.empty()));
                assertThat(offsets).containsOnlyKeys(p0, p1);
                assertThat(offsets.get(p0).offset()).isEqualTo(7);
                assertThat(offsets.get(p0).metadata()).isEqualTo("seven");
                assertThat(offsets.get(p1).offset()).isEqualTo(8);
                assertThat(result(kanal.listConsumerGroupOffsets(group, Optional.of(List.of(p1)))))
                        .containsOnlyKeys(p1);
            }
        }

        for (String group : List.of("classic-group", "modern-group")) {
            result(kanal.alterConsumerGroupOffsets(group, Map.of(p0, OffsetAndMetadata.of(3))))
                    .orThrow();
            var refOffsets = reference
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            assertThat(refOffsets
                            .get(new org.apache.kafka.common.TopicPartition("grouped", 0))
                            .offset())
                    .isEqualTo(3);

            result(kanal.deleteConsumerGroupOffsets(group, Set.of(p1))).orThrow();
            refOffsets = reference
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            assertThat(refOffsets).containsOnlyKeys(new org.apache.kafka.common.TopicPartition("grouped", 0));
        }

        result(kanal.deleteGroups(List.of("classic-group", "modern-group"))).orThrow();
        assertThat(reference.listGroups().all().get())
                .extracting(org.apache.kafka.clients.admin.GroupListing::groupId)
                .doesNotContain("classic-group", "modern-group");
    }

    @Test
    void findsTheGroupCoordinatorKafkaClientsReports() throws Exception {
        long deadline = System.nanoTime() / 1_000_000 + 30_000;
        Node found = kanal.coordinatorLookup()
                .coordinator(CoordinatorType.GROUP, "lookup-group", deadline)
                .get(30, TimeUnit.SECONDS);
        // FindCoordinator answers for any key, group or not; on one node the coordinator is that broker.
        org.apache.kafka.common.Node only =
                reference.describeCluster().nodes().get().iterator().next();
        assertThat(found.id()).isEqualTo(only.id());
        assertThat(found.port()).isEqualTo(only.port());
        assertThat(kanal.coordinatorLookup().cached(CoordinatorType.GROUP, "lookup-group"))
                .contains(found);
        kanal.coordinatorLookup().invalidate(CoordinatorType.GROUP, "lookup-group");
        assertThat(kanal.coordinatorLookup().cached(CoordinatorType.GROUP, "lookup-group"))
                .isEmpty();
    }

    private static KafkaProducer<String, String> producer(KafkaCluster cluster) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(KafkaCluster cluster, String group, String protocol) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
