package io.kanal.client.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.group.MemberMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Our range assignor against kafka-clients' {@code RangeAssignor}, the golden reference, on several layouts. */
class RangeAssignorTest {
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(
                        "three members, one topic, uneven",
                        Map.of("orders", 8),
                        List.of(
                                new RangeAssignor.Member("c-3", null, List.of("orders")),
                                new RangeAssignor.Member("c-1", null, List.of("orders")),
                                new RangeAssignor.Member("c-2", null, List.of("orders")))),
                Arguments.of(
                        "more members than partitions",
                        Map.of("orders", 2),
                        List.of(
                                new RangeAssignor.Member("a", null, List.of("orders")),
                                new RangeAssignor.Member("b", null, List.of("orders")),
                                new RangeAssignor.Member("c", null, List.of("orders")))),
                Arguments.of(
                        "different subscriptions over two topics",
                        Map.of("orders", 5, "payments", 3),
                        List.of(
                                new RangeAssignor.Member("m-1", null, List.of("orders", "payments")),
                                new RangeAssignor.Member("m-2", null, List.of("payments")),
                                new RangeAssignor.Member("m-3", null, List.of("orders")))),
                Arguments.of(
                        "static members sort by instance id, before dynamic ones",
                        Map.of("orders", 7, "audit", 2),
                        List.of(
                                new RangeAssignor.Member("zz", "instance-a", List.of("orders", "audit")),
                                new RangeAssignor.Member("aa", "instance-b", List.of("orders", "audit")),
                                new RangeAssignor.Member("bb", null, List.of("orders", "audit")))),
                Arguments.of(
                        "a topic without metadata is skipped",
                        Map.of("orders", 4),
                        List.of(
                                new RangeAssignor.Member("a", null, List.of("orders", "missing")),
                                new RangeAssignor.Member("b", null, List.of("missing")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void assignsAsKafkaClientsRangeAssignorDoes(
            String name, Map<String, Integer> partitionsPerTopic, List<RangeAssignor.Member> members) {
        Map<String, List<TopicPartition>> ours = RangeAssignor.assign(partitionsPerTopic, members);

        Map<String, ConsumerPartitionAssignor.Subscription> subscriptions = new HashMap<>();
        for (RangeAssignor.Member m : members) {
            ConsumerPartitionAssignor.Subscription s = new ConsumerPartitionAssignor.Subscription(m.topics());
            s.setGroupInstanceId(Optional.ofNullable(m.groupInstanceId()));
            subscriptions.put(m.memberId(), s);
        }
        Map<String, List<org.apache.kafka.common.TopicPartition>> theirs =
                new org.apache.kafka.clients.consumer.RangeAssignor()
                        .assign(onlyKnown(partitionsPerTopic, members), subscriptions);

        assertThat(ours.keySet()).isEqualTo(theirs.keySet());
        for (String member : ours.keySet()) {
            List<TopicPartition> expected = new ArrayList<>();
            theirs.get(member).forEach(tp -> expected.add(new TopicPartition(tp.topic(), tp.partition())));
            expected.sort(ORDER);
            List<TopicPartition> actual = new ArrayList<>(ours.get(member));
            actual.sort(ORDER);
            assertThat(actual).as("%s: %s", name, member).isEqualTo(expected);
        }
    }

    /**
     * kafka-clients' leader looks the subscribed topics up in its metadata and leaves out the unknown ones before it
     * calls the assignor; do the same for the reference.
     */
    private static Map<String, Integer> onlyKnown(
            Map<String, Integer> partitionsPerTopic, List<RangeAssignor.Member> members) {
        Map<String, Integer> known = new LinkedHashMap<>();
        members.forEach(m -> m.topics().forEach(t -> {
            if (partitionsPerTopic.containsKey(t)) {
                known.put(t, partitionsPerTopic.get(t));
            }
        }));
        return known;
    }

    @Test
    void aLeaderAssignsFromKafkaClientsSubscriptionsAndKafkaClientsReadsTheAssignments() {
        List<MemberMetadata> members = new ArrayList<>();
        for (String id : List.of("kanal-1", "java-1", "java-2")) {
            ByteBuffer subscription =
                    org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(
                            new ConsumerPartitionAssignor.Subscription(List.of("orders")));
            members.add(new MemberMetadata(id, null, subscription));
        }
        Map<String, ByteBuffer> encoded =
                RangeAssignor.assign(Map.of("orders", 6), members, ConsumerProtocol.ASSIGNMENT_VERSION);
        assertThat(encoded).containsOnlyKeys("kanal-1", "java-1", "java-2");
        List<org.apache.kafka.common.TopicPartition> java1 =
                org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeAssignment(
                                encoded.get("java-1"))
                        .partitions();
        assertThat(java1)
                .as("java-1 sorts first")
                .containsExactly(
                        new org.apache.kafka.common.TopicPartition("orders", 0),
                        new org.apache.kafka.common.TopicPartition("orders", 1));
        assertThat(ConsumerProtocol.partitions(ConsumerProtocol.decodeAssignment(encoded.get("kanal-1"))))
                .containsExactly(new TopicPartition("orders", 4), new TopicPartition("orders", 5));
    }
}
