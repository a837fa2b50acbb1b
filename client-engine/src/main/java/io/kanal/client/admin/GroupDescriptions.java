package io.kanal.client.admin;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.Errors;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.protocol.message.ConsumerGroupDescribeResponse;
import io.kanal.client.protocol.message.ConsumerProtocolAssignment;
import io.kanal.client.protocol.message.DescribeGroupsResponse;
import io.kanal.client.protocol.wire.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Maps ConsumerGroupDescribe and DescribeGroups responses to {@link GroupDescription}s. Stateless. */
final class GroupDescriptions {
    private static final short HIGHEST_ASSIGNMENT_VERSION = 3;

    private GroupDescriptions() {}

    /**
     * Consumer groups are described; a group that is not a consumer group (GROUP_ID_NOT_FOUND) maps to an empty value,
     * to be described again with DescribeGroups.
     */
    static Map<String, Outcome<Optional<GroupDescription>>> consumerGroupOutcomes(
            ApiResponse response, List<String> keys) {
        Map<String, Outcome<Optional<GroupDescription>>> out = new HashMap<>();
        for (ConsumerGroupDescribeResponse.DescribedGroup g :
                ((ConsumerGroupDescribeResponse) response.body()).groups()) {
            if (Errors.forCode(g.errorCode()) == Errors.GROUP_ID_NOT_FOUND) {
                out.put(g.groupId(), new Outcome.Done<>(Optional.empty()));
                continue;
            }
            List<MemberDescription> members = new ArrayList<>();
            for (ConsumerGroupDescribeResponse.Member m : g.members()) {
                Set<TopicPartition> assigned = new HashSet<>();
                if (m.assignment() != null) {
                    for (ConsumerGroupDescribeResponse.TopicPartitions tps :
                            m.assignment().topicPartitions()) {
                        for (int p : tps.partitions()) {
                            assigned.add(new TopicPartition(tps.topicName(), p));
                        }
                    }
                }
                members.add(new MemberDescription(
                        m.memberId(),
                        Optional.ofNullable(m.instanceId()),
                        m.clientId(),
                        m.clientHost(),
                        assigned,
                        m.memberEpoch()));
            }
            GroupDescription d = new GroupDescription(
                    g.groupId(),
                    GroupType.CONSUMER,
                    g.groupState(),
                    "consumer",
                    g.assignorName(),
                    members,
                    GroupOperations.coordinatorOf(response),
                    g.groupEpoch());
            out.put(g.groupId(), Outcome.of(g.errorCode(), g.errorMessage(), Optional.of(d)));
        }
        return out;
    }

    static Map<String, Outcome<GroupDescription>> classicGroupOutcomes(ApiResponse response, List<String> keys) {
        Map<String, Outcome<GroupDescription>> out = new HashMap<>();
        for (DescribeGroupsResponse.DescribedGroup g : ((DescribeGroupsResponse) response.body()).groups()) {
            if (g.errorCode() == Errors.NONE.code() && "Dead".equals(g.groupState())) {
                out.put(g.groupId(), new Outcome.Fail<>(GroupOperations.notFound(g.groupId())));
                continue;
            }
            List<MemberDescription> members = new ArrayList<>();
            for (DescribeGroupsResponse.DescribedGroupMember m : g.members()) {
                Set<TopicPartition> assigned =
                        "consumer".equals(g.protocolType()) ? decodeAssignment(m.memberAssignment()) : Set.of();
                members.add(new MemberDescription(
                        m.memberId(),
                        Optional.ofNullable(m.groupInstanceId()),
                        m.clientId(),
                        m.clientHost(),
                        assigned,
                        -1));
            }
            GroupDescription d = new GroupDescription(
                    g.groupId(),
                    GroupType.CLASSIC,
                    g.groupState(),
                    g.protocolType(),
                    g.protocolData(),
                    members,
                    GroupOperations.coordinatorOf(response),
                    -1);
            out.put(g.groupId(), Outcome.of(g.errorCode(), g.errorMessage(), d));
        }
        return out;
    }

    /**
     * Decodes a classic consumer's assignment (a version int16 then ConsumerProtocolAssignment). Newer versions than
     * this client knows keep the known fields first, so they are read as the highest known one.
     */
    static Set<TopicPartition> decodeAssignment(ByteBuffer bytes) {
        if (bytes == null || bytes.remaining() < 2) {
            return Set.of();
        }
        ByteBuffer b = bytes.duplicate();
        short version = (short) Math.min(b.getShort(), HIGHEST_ASSIGNMENT_VERSION);
        ConsumerProtocolAssignment assignment = ConsumerProtocolAssignment.read(new WireReader(b), version);
        Set<TopicPartition> out = new HashSet<>();
        for (ConsumerProtocolAssignment.TopicPartition tp : assignment.assignedPartitions()) {
            for (int p : tp.partitions()) {
                out.add(new TopicPartition(tp.topic(), p));
            }
        }
        return out;
    }
}
