package io.kanal.client.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.Node;
import io.kanal.client.errors.BrokerErrorException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.RetriableException;
import io.kanal.client.errors.UnsupportedVersionException;
import io.kanal.client.protocol.message.ConsumerProtocolAssignment;
import io.kanal.client.protocol.message.CreateTopicsResponse;
import io.kanal.client.protocol.message.ListOffsetsResponse;
import io.kanal.client.protocol.message.MetadataResponse;
import io.kanal.client.protocol.message.OffsetFetchResponse;
import io.kanal.client.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Response mapping and retry decisions. */
class AdminResponsesTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);

    @Test
    void errorCodesDecideRetryRerouteOrFail() {
        assertThat(Outcome.<String>of((short) 0, null, "v")).isEqualTo(new Outcome.Done<>("v"));
        assertThat(Outcome.<String>ofError(Errors.NOT_COORDINATOR, null))
                .isInstanceOfSatisfying(
                        Outcome.Retry.class, r -> assertThat(r.recovery()).isEqualTo(Outcome.Recovery.REROUTE));
        assertThat(Outcome.<String>ofError(Errors.NOT_LEADER_OR_FOLLOWER, null))
                .isInstanceOfSatisfying(
                        Outcome.Retry.class, r -> assertThat(r.recovery()).isEqualTo(Outcome.Recovery.REROUTE));
        assertThat(Outcome.<String>ofError(Errors.COORDINATOR_LOAD_IN_PROGRESS, null))
                .isInstanceOfSatisfying(
                        Outcome.Retry.class, r -> assertThat(r.recovery()).isEqualTo(Outcome.Recovery.NONE));
        assertThat(Outcome.<String>ofError(Errors.INVALID_REPLICATION_FACTOR, "RF 3 > 1 broker"))
                .isInstanceOfSatisfying(Outcome.Fail.class, f -> {
                    assertThat(f.error()).isInstanceOf(InvalidConfigException.class);
                    assertThat(f.error().getMessage()).contains("RF 3 > 1 broker");
                });
        assertThat(Outcome.<String>ofError(Errors.TOPIC_ALREADY_EXISTS, null))
                .isInstanceOfSatisfying(
                        Outcome.Fail.class, f -> assertThat(f.error()).isInstanceOf(BrokerErrorException.class));
    }

    @Test
    void lostConnectionsAreReroutedAndUnsupportedVersionsFail() {
        NetworkException lost = new NetworkException("reset", true, null);
        assertThat(RetryingCall.<String>transportOutcome(new CompletionException(lost)))
                .isEqualTo(new Outcome.Retry<String>(lost, Outcome.Recovery.REROUTE));
        UnsupportedVersionException old = new UnsupportedVersionException("no ConsumerGroupDescribe");
        assertThat(RetryingCall.<String>transportOutcome(old)).isEqualTo(new Outcome.Fail<String>(old));
        assertThat(RetryingCall.<String>transportOutcome(new IllegalStateException("bug")))
                .isInstanceOfSatisfying(
                        Outcome.Fail.class,
                        f -> assertThat(f.error().getCause()).isInstanceOf(IllegalStateException.class));
    }

    @Test
    void createTopicsResultsKeepTheBrokerMessageAndHideSensitiveConfigs() {
        UUID id = UUID.randomUUID();
        CreateTopicsResponse response = CreateTopicsResponse.builder()
                .topics(List.of(
                        CreateTopicsResponse.CreatableTopicResult.builder()
                                .name("ok")
                                .topicId(id)
                                .numPartitions(2)
                                .replicationFactor((short) 1)
                                .configs(List.of(
                                        CreateTopicsResponse.CreatableTopicConfigs.builder()
                                                .name("cleanup.policy")
                                                .value("compact")
                                                .build(),
                                        CreateTopicsResponse.CreatableTopicConfigs.builder()
                                                .name("secret")
                                                .value("x")
                                                .isSensitive(true)
                                                .build()))
                                .build(),
                        CreateTopicsResponse.CreatableTopicResult.builder()
                                .name("bad")
                                .errorCode(Errors.INVALID_TOPIC_EXCEPTION.code())
                                .errorMessage("Topic name 'bad' is odd")
                                .build()))
                .build();
        Map<String, Outcome<CreatedTopic>> outcomes = TopicOperations.createTopicsOutcomes(response);
        assertThat(outcomes.get("ok"))
                .isEqualTo(new Outcome.Done<>(
                        new CreatedTopic("ok", id, 2, (short) 1, Map.of("cleanup.policy", "compact"))));
        assertThat(outcomes.get("bad")).isInstanceOfSatisfying(Outcome.Fail.class, f -> {
            assertThat(f.error().error()).contains(Errors.INVALID_TOPIC_EXCEPTION);
            assertThat(f.error().getMessage()).isEqualTo("INVALID_TOPIC_EXCEPTION: Topic name 'bad' is odd");
        });
    }

    private static MetadataResponse metadata(short topicError, int leader, int partitions) {
        List<MetadataResponse.MetadataResponsePartition> parts = new java.util.ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            parts.add(MetadataResponse.MetadataResponsePartition.builder()
                    .partitionIndex(i)
                    .leaderId(leader)
                    .replicaNodes(List.of(1))
                    .isrNodes(List.of(1))
                    .build());
        }
        return MetadataResponse.builder()
                .brokers(List.of(MetadataResponse.MetadataResponseBroker.builder()
                        .nodeId(1)
                        .host("b1")
                        .port(9092)
                        .build()))
                .topics(List.of(MetadataResponse.MetadataResponseTopic.builder()
                        .name("t")
                        .errorCode(topicError)
                        .partitions(parts)
                        .build()))
                .build();
    }

    @Test
    void leaderRoutingGroupsByLeaderAndFailsUnknownPartitionsAtOnce() {
        TopicPartition t5 = new TopicPartition("t", 5);
        TopicPartition other = new TopicPartition("other", 0);
        Router.Routes<TopicPartition, Long> routes =
                Routers.leaders(metadata((short) 0, 1, 2), List.of(T0, t5, other), tp -> tp);
        assertThat(routes.byNode()).containsOnlyKeys(new Node(1, "b1", 9092, null));
        assertThat(routes.byNode().values()).singleElement().isEqualTo(List.of(T0));
        assertThat(routes.unroutable().get(t5))
                .isInstanceOfSatisfying(
                        Outcome.Fail.class,
                        f -> assertThat(f.error().getMessage()).contains("t-5").contains("2 partitions"));
        assertThat(routes.unroutable().get(other)).isInstanceOfSatisfying(Outcome.Fail.class, f -> assertThat(
                        f.error().error())
                .contains(Errors.UNKNOWN_TOPIC_OR_PARTITION));

        Router.Routes<TopicPartition, Long> leaderless =
                Routers.leaders(metadata((short) 0, -1, 1), List.of(T0), tp -> tp);
        assertThat(leaderless.unroutable().get(T0)).isInstanceOf(Outcome.Retry.class);
        Router.Routes<TopicPartition, Long> electing =
                Routers.leaders(metadata(Errors.LEADER_NOT_AVAILABLE.code(), -1, 1), List.of(T0), tp -> tp);
        assertThat(electing.unroutable().get(T0)).isInstanceOf(Outcome.Retry.class);
    }

    @Test
    void describeTopicsFailsUnknownTopicsWithoutRetrying() {
        Map<String, Outcome<TopicDescription>> outcomes =
                TopicOperations.describeOutcomes(metadata(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), -1, 0));
        assertThat(outcomes.get("t")).isInstanceOfSatisfying(Outcome.Fail.class, f -> assertThat(
                        f.error().getMessage())
                .contains("'t' does not exist"));
        Outcome<TopicDescription> ok =
                TopicOperations.describeOutcomes(metadata((short) 0, 1, 2)).get("t");
        assertThat(ok).isInstanceOfSatisfying(Outcome.Done.class, d -> {
            TopicDescription desc = (TopicDescription) d.value();
            assertThat(desc.partitions()).hasSize(2);
            assertThat(desc.partitions().get(0).leader()).map(Node::id).contains(1);
        });
    }

    @Test
    void listedOffsetsWithoutALeaderEpochHaveNone() {
        ListOffsetsResponse response = ListOffsetsResponse.builder()
                .topics(List.of(ListOffsetsResponse.ListOffsetsTopicResponse.builder()
                        .name("t")
                        .partitions(List.of(ListOffsetsResponse.ListOffsetsPartitionResponse.builder()
                                .partitionIndex(0)
                                .offset(10)
                                .timestamp(-1)
                                .leaderEpoch(-1)
                                .build()))
                        .build()))
                .build();
        assertThat(PartitionOperations.listOffsetsOutcomes(response).get(T0))
                .isEqualTo(new Outcome.Done<>(new ListedOffset(10, -1, Optional.empty())));
    }

    @Test
    void offsetFetchSkipsPartitionsWithoutOffsetsAndRetriesALoadingCoordinator() {
        OffsetFetchResponse v9 = OffsetFetchResponse.builder()
                .groups(List.of(OffsetFetchResponse.OffsetFetchResponseGroup.builder()
                        .groupId("g")
                        .topics(List.of(OffsetFetchResponse.OffsetFetchResponseTopics.builder()
                                .name("t")
                                .partitions(List.of(
                                        OffsetFetchResponse.OffsetFetchResponsePartitions.builder()
                                                .partitionIndex(0)
                                                .committedOffset(7)
                                                .committedLeaderEpoch(2)
                                                .metadata("m")
                                                .build(),
                                        OffsetFetchResponse.OffsetFetchResponsePartitions.builder()
                                                .partitionIndex(1)
                                                .committedOffset(-1)
                                                .build()))
                                .build()))
                        .build()))
                .build();
        assertThat(GroupOffsetOperations.offsetFetchOutcome(v9, (short) 9))
                .isEqualTo(new Outcome.Done<>(Map.of(T0, new OffsetAndMetadata(7, Optional.of(2), "m"))));
        OffsetFetchResponse loading = OffsetFetchResponse.builder()
                .errorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())
                .build();
        assertThat(GroupOffsetOperations.offsetFetchOutcome(loading, (short) 7)).isInstanceOf(Outcome.Retry.class);
    }

    @Test
    void decodesAClassicConsumersAssignment() {
        ConsumerProtocolAssignment assignment = ConsumerProtocolAssignment.builder()
                .assignedPartitions(List.of(ConsumerProtocolAssignment.TopicPartition.builder()
                        .topic("t")
                        .partitions(List.of(0, 2))
                        .build()))
                .build();
        ByteBuffer buffer = ByteBuffer.allocate(2 + assignment.size((short) 3));
        buffer.putShort((short) 3);
        assignment.write(new WireWriter(buffer), (short) 3);
        buffer.flip();
        assertThat(GroupDescriptions.decodeAssignment(buffer))
                .containsExactlyInAnyOrder(T0, new TopicPartition("t", 2));
        assertThat(buffer.position()).isZero();
        assertThat(GroupDescriptions.decodeAssignment(ByteBuffer.allocate(0))).isEmpty();
    }

    @Test
    void batchResultsExposeEveryFailure() {
        KafkaException first = new RetriableException("first");
        KafkaException second = new RetriableException("second");
        BatchResult<String, Integer> result =
                new BatchResult<>(Map.of("ok", 1), new java.util.LinkedHashMap<>(Map.of("a", first)));
        assertThat(result.get("ok")).isEqualTo(1);
        assertThatThrownBy(() -> result.get("a")).isSameAs(first);
        assertThatIllegalArgumentException().isThrownBy(() -> result.get("missing"));
        java.util.LinkedHashMap<String, KafkaException> two = new java.util.LinkedHashMap<>();
        two.put("a", first);
        two.put("b", second);
        assertThatThrownBy(() -> new BatchResult<String, Integer>(Map.of(), two).orThrow())
                .isSameAs(first)
                .hasSuppressedException(second);
        assertThat(new BatchResult<>(Map.of("ok", 1), Map.of()).orThrow()).containsEntry("ok", 1);
    }

    @Test
    void valueTypesRejectImpossibleInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> NewTopic.of("t", 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> OffsetSpec.forTimestamp(-5));
        assertThatIllegalArgumentException().isThrownBy(() -> new AlterConfigOp("x", AlterConfigOp.OpType.SET, null));
        assertThatIllegalArgumentException().isThrownBy(() -> OffsetAndMetadata.of(-1));
        assertThat(GroupType.parse("Consumer")).isEqualTo(GroupType.CONSUMER);
        assertThat(GroupType.parse("weird")).isEqualTo(GroupType.UNKNOWN);
        assertThat(ConfigSource.forId((byte) 99)).isEqualTo(ConfigSource.UNKNOWN);
    }
}
