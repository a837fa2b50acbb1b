package io.kanal.client.group.consumer;

import io.kanal.client.TopicPartition;
import io.kanal.client.group.MemberMetadata;
import io.kanal.client.protocol.message.ConsumerProtocolSubscription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code range} assignor of the classic consumer protocol, giving the same assignment as kafka-clients'
 * {@code RangeAssignor} when no rack information is used: topic by topic, the members subscribed to it are ordered
 * (by {@code group.instance.id} where both have one, members with one first, then by member id), and each takes a
 * contiguous range of the topic's partitions, the first {@code partitions % members} members one more than the
 * others. Topics without a partition count (unknown to the metadata) are left out, as Kafka does. Rack-aware
 * assignment (KIP-881) is not done: the result can differ from kafka-clients' when members declare racks.
 *
 * <p>Stateless and thread-safe.
 */
public final class RangeAssignor {
    /** The protocol name of this assignor. */
    public static final String NAME = "range";

    private static final Comparator<Member> ORDER = (a, b) -> {
        if (a.groupInstanceId() != null && b.groupInstanceId() != null) {
            return a.groupInstanceId().compareTo(b.groupInstanceId());
        }
        if (a.groupInstanceId() != null) {
            return -1;
        }
        if (b.groupInstanceId() != null) {
            return 1;
        }
        return a.memberId().compareTo(b.memberId());
    };

    /**
     * A member and the topics it subscribes to.
     *
     * @param memberId the member id
     * @param groupInstanceId its static instance id, or null
     * @param topics the topics it subscribes to
     */
    public record Member(String memberId, String groupInstanceId, List<String> topics) {
        /** Validates the components and copies the list. */
        public Member {
            Objects.requireNonNull(memberId, "memberId");
            topics = List.copyOf(topics);
        }
    }

    private RangeAssignor() {}

    /**
     * Assigns partitions.
     *
     * @param partitionsPerTopic the partition count of each topic that the metadata knows
     * @param members the group's members
     * @return member id → its partitions (every member has an entry, possibly empty), in member order of the input
     */
    public static Map<String, List<TopicPartition>> assign(
            Map<String, Integer> partitionsPerTopic, List<Member> members) {
        Map<String, List<TopicPartition>> assignment = new LinkedHashMap<>();
        Map<String, List<Member>> subscribers = new TreeMap<>();
        for (Member m : members) {
            assignment.put(m.memberId(), new ArrayList<>());
            for (String topic : new LinkedHashSet<>(m.topics())) {
                subscribers.computeIfAbsent(topic, t -> new ArrayList<>()).add(m);
            }
        }
        subscribers.forEach((topic, consumers) -> {
            Integer count = partitionsPerTopic.get(topic);
            if (count == null || count <= 0) {
                return;
            }
            consumers.sort(ORDER);
            int each = count / consumers.size();
            int extra = count % consumers.size();
            for (int i = 0; i < consumers.size(); i++) {
                int start = each * i + Math.min(i, extra);
                int length = each + (i < extra ? 1 : 0);
                List<TopicPartition> target = assignment.get(consumers.get(i).memberId());
                for (int p = start; p < start + length; p++) {
                    target.add(new TopicPartition(topic, p));
                }
            }
        });
        return assignment;
    }

    /**
     * Assigns partitions to the members of a JoinGroup response and encodes each member's assignment: what a
     * {@code consumer}-protocol leader returns from {@code GroupProtocol.assign}.
     *
     * @param partitionsPerTopic the partition count of each topic that the metadata knows
     * @param members the members with their encoded subscriptions
     * @param version the assignment version to write, usually {@link ConsumerProtocol#ASSIGNMENT_VERSION}
     * @return member id → encoded assignment
     */
    public static Map<String, ByteBuffer> assign(
            Map<String, Integer> partitionsPerTopic, List<MemberMetadata> members, short version) {
        List<Member> decoded = new ArrayList<>(members.size());
        for (MemberMetadata m : members) {
            ConsumerProtocolSubscription subscription = ConsumerProtocol.decodeSubscription(m.metadata());
            decoded.add(new Member(m.memberId(), m.groupInstanceId(), subscription.topics()));
        }
        Map<String, ByteBuffer> encoded = new LinkedHashMap<>();
        assign(partitionsPerTopic, decoded)
                .forEach((member, partitions) -> encoded.put(
                        member,
                        ConsumerProtocol.encodeAssignment(ConsumerProtocol.assignment(partitions, null), version)));
        return encoded;
    }
}
