package io.kanal.client.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.IsolationLevel;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.CreateTopicsRequest;
import io.kanal.client.protocol.message.DeleteTopicsRequest;
import io.kanal.client.protocol.message.DescribeConfigsRequest;
import io.kanal.client.protocol.message.IncrementalAlterConfigsRequest;
import io.kanal.client.protocol.message.ListGroupsRequest;
import io.kanal.client.protocol.message.ListOffsetsRequest;
import io.kanal.client.protocol.message.OffsetCommitRequest;
import io.kanal.client.protocol.message.OffsetFetchRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Request building: what goes on the wire for each admin operation, per version. */
class AdminRequestsTest {
    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition B0 = new TopicPartition("b", 0);

    @Test
    void createTopicsCarriesCountsConfigsTimeoutAndValidateOnly() {
        NewTopic compacted = NewTopic.of("c", 3, 1).withConfigs(Map.of("cleanup.policy", "compact"));
        ApiRequest request = TopicOperations.createTopicsRequest(List.of("c"), Map.of("c", compacted), true, 1_234);
        CreateTopicsRequest body = (CreateTopicsRequest) request.body().forVersion((short) 7);
        assertThat(body.validateOnly()).isTrue();
        assertThat(body.timeoutMs()).isEqualTo(1_234);
        CreateTopicsRequest.CreatableTopic topic = body.topics().get(0);
        assertThat(topic.name()).isEqualTo("c");
        assertThat(topic.numPartitions()).isEqualTo(3);
        assertThat(topic.replicationFactor()).isEqualTo((short) 1);
        assertThat(topic.configs()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("cleanup.policy");
            assertThat(c.value()).isEqualTo("compact");
        });
        CreateTopicsRequest defaults = (CreateTopicsRequest)
                TopicOperations.createTopicsRequest(List.of("d"), Map.of("d", NewTopic.of("d")), false, 1)
                        .body()
                        .forVersion((short) 7);
        assertThat(defaults.topics().get(0).numPartitions()).isEqualTo(-1);
        assertThat(defaults.topics().get(0).replicationFactor()).isEqualTo((short) -1);
    }

    @Test
    void deleteTopicsUsesTopicStatesFromV6AndNamesBefore() {
        DeleteTopicsRequest v6 = TopicOperations.deleteTopicsBody(List.of("x", "y"), 500, (short) 6);
        assertThat(v6.topics())
                .extracting(DeleteTopicsRequest.DeleteTopicState::name)
                .containsExactly("x", "y");
        assertThat(v6.topicNames()).isEmpty();
        DeleteTopicsRequest v5 = TopicOperations.deleteTopicsBody(List.of("x", "y"), 500, (short) 5);
        assertThat(v5.topicNames()).containsExactly("x", "y");
        assertThat(v5.timeoutMs()).isEqualTo(500);
    }

    @Test
    void listOffsetsGroupsByTopicAndAsksForTheVersionTheSpecsNeed() {
        Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
        specs.put(A0, OffsetSpec.earliest());
        specs.put(B0, OffsetSpec.forTimestamp(42));
        specs.put(A1, OffsetSpec.latest());
        ApiRequest plain = PartitionOperations.listOffsetsRequest(
                List.copyOf(specs.keySet()), specs, IsolationLevel.READ_UNCOMMITTED, 100);
        assertThat(plain.minVersion()).isEqualTo((short) 1);
        ListOffsetsRequest body = (ListOffsetsRequest) plain.body().forVersion((short) 10);
        assertThat(body.replicaId()).isEqualTo(-1);
        assertThat(body.topics())
                .extracting(ListOffsetsRequest.ListOffsetsTopic::name)
                .containsExactly("a", "b");
        assertThat(body.topics().get(0).partitions())
                .extracting(ListOffsetsRequest.ListOffsetsPartition::partitionIndex, p -> p.timestamp())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, -2L), org.assertj.core.groups.Tuple.tuple(1, -1L));
        assertThat(body.topics().get(1).partitions().get(0).timestamp()).isEqualTo(42);

        specs.put(A1, OffsetSpec.maxTimestamp());
        assertThat(PartitionOperations.listOffsetsRequest(
                                List.copyOf(specs.keySet()), specs, IsolationLevel.READ_UNCOMMITTED, 100)
                        .minVersion())
                .isEqualTo((short) 7);
        ApiRequest committed = PartitionOperations.listOffsetsRequest(
                List.of(A0), Map.of(A0, OffsetSpec.latest()), IsolationLevel.READ_COMMITTED, 100);
        assertThat(committed.minVersion()).isEqualTo((short) 2);
        assertThat(((ListOffsetsRequest) committed.body().forVersion((short) 2)).isolationLevel())
                .isEqualTo((byte) 1);
    }

    @Test
    void listGroupsNeedsV4ForStatesAndV5ForTypes() {
        assertThat(GroupOperations.listGroupsRequest(Set.of(), Set.of()).minVersion())
                .isEqualTo((short) 0);
        assertThat(GroupOperations.listGroupsRequest(Set.of(), Set.of("Stable")).minVersion())
                .isEqualTo((short) 4);
        ApiRequest typed = GroupOperations.listGroupsRequest(Set.of(GroupType.CONSUMER), Set.of());
        assertThat(typed.minVersion()).isEqualTo((short) 5);
        assertThat(((ListGroupsRequest) typed.body().forVersion((short) 5)).typesFilter())
                .containsExactly("consumer");
    }

    @Test
    void offsetFetchUsesGroupsFromV8AndStaysOnTopicNames() {
        ApiRequest request = GroupOffsetOperations.offsetFetchRequest("g", Optional.of(List.of(A0, A1, B0)));
        assertThat(request.maxVersion()).isEqualTo((short) 9);
        assertThat(request.minVersion()).isEqualTo((short) 2);
        OffsetFetchRequest v9 = (OffsetFetchRequest) request.body().forVersion((short) 9);
        assertThat(v9.groups()).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo("g");
            assertThat(g.memberEpoch()).isEqualTo(-1);
            assertThat(g.topics())
                    .extracting(OffsetFetchRequest.OffsetFetchRequestTopics::name)
                    .containsExactly("a", "b");
            assertThat(g.topics().get(0).partitionIndexes()).containsExactly(0, 1);
        });
        OffsetFetchRequest v7 = (OffsetFetchRequest) request.body().forVersion((short) 7);
        assertThat(v7.groupId()).isEqualTo("g");
        assertThat(v7.topics()).hasSize(2);
        OffsetFetchRequest all = (OffsetFetchRequest) GroupOffsetOperations.offsetFetchRequest("g", Optional.empty())
                .body()
                .forVersion((short) 9);
        assertThat(all.groups().get(0).topics()).isNull();
    }

    @Test
    void adminOffsetCommitsCarryNoMemberAndEpochMinusOne() {
        ApiRequest request = GroupOffsetOperations.offsetCommitRequest(
                "g", List.of(A0), Map.of(A0, new OffsetAndMetadata(5, Optional.of(3), "meta")));
        assertThat(request.api()).isEqualTo(ApiKey.OFFSET_COMMIT);
        assertThat(request.maxVersion()).isEqualTo((short) 9);
        OffsetCommitRequest body = (OffsetCommitRequest) request.body().forVersion((short) 9);
        assertThat(body.generationIdOrMemberEpoch()).isEqualTo(-1);
        assertThat(body.memberId()).isEmpty();
        assertThat(body.groupInstanceId()).isNull();
        OffsetCommitRequest.OffsetCommitRequestPartition p =
                body.topics().get(0).partitions().get(0);
        assertThat(p.committedOffset()).isEqualTo(5);
        assertThat(p.committedLeaderEpoch()).isEqualTo(3);
        assertThat(p.committedMetadata()).isEqualTo("meta");
    }

    @Test
    void configRequestsCarryResourceTypesAndOperations() {
        ConfigResource topic = ConfigResource.topic("t");
        ConfigResource broker = ConfigResource.broker(2);
        DescribeConfigsRequest describe = (DescribeConfigsRequest)
                ConfigOperations.describeRequest(List.of(topic, broker)).body().forVersion((short) 4);
        assertThat(describe.resources())
                .extracting(DescribeConfigsRequest.DescribeConfigsResource::resourceType)
                .containsExactly((byte) 2, (byte) 4);
        assertThat(describe.resources().get(0).configurationKeys()).isNull();

        IncrementalAlterConfigsRequest alter = (IncrementalAlterConfigsRequest) ConfigOperations.alterRequest(
                        List.of(topic),
                        Map.of(
                                topic,
                                List.of(
                                        AlterConfigOp.set("retention.ms", "1"),
                                        AlterConfigOp.delete("segment.ms"),
                                        AlterConfigOp.append("cleanup.policy", "compact"),
                                        AlterConfigOp.subtract("cleanup.policy", "delete"))),
                        true)
                .body()
                .forVersion((short) 1);
        assertThat(alter.validateOnly()).isTrue();
        assertThat(alter.resources().get(0).configs())
                .extracting(IncrementalAlterConfigsRequest.AlterableConfig::configOperation)
                .containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 3);
        assertThat(alter.resources().get(0).configs().get(1).value()).isNull();
    }

    @Test
    void brokerResourcesGoToTheirBrokerAndTheRestAnywhere() {
        assertThat(ConfigResource.broker(3).nodeId()).isEqualTo(3);
        assertThat(ConfigResource.topic("t").nodeId()).isEqualTo(-1);
        assertThat(new ConfigResource(ConfigResource.Type.BROKER, "").nodeId()).isEqualTo(-1);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new ConfigResource(ConfigResource.Type.BROKER, "one"))
                .withMessageContaining("broker id");
    }
}
