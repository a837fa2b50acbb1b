package io.kanal.client.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.protocol.message.ConsumerProtocolAssignment;
import io.kanal.client.protocol.message.ConsumerProtocolSubscription;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden tests against kafka-clients' own {@code ConsumerProtocol}: the same values give the same bytes at every
 * version, and each side reads what the other wrote.
 */
class ConsumerProtocolTest {
    private static final List<String> TOPICS = List.of("orders", "payments", "audit");
    private static final List<TopicPartition> OWNED = List.of(
            new TopicPartition("orders", 0), new TopicPartition("payments", 3), new TopicPartition("orders", 2));

    private static ByteBuffer userData() {
        return ByteBuffer.wrap("cooperative".getBytes(StandardCharsets.UTF_8));
    }

    private static org.apache.kafka.common.TopicPartition theirs(TopicPartition tp) {
        return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
    }

    private static TopicPartition ours(org.apache.kafka.common.TopicPartition tp) {
        return new TopicPartition(tp.topic(), tp.partition());
    }

    private static byte[] array(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static ConsumerProtocolSubscription subscription() {
        return ConsumerProtocol.subscription(TOPICS, userData(), OWNED, 42, "rack-b");
    }

    private static ConsumerPartitionAssignor.Subscription kafkaSubscription() {
        return new ConsumerPartitionAssignor.Subscription(
                TOPICS,
                userData(),
                OWNED.stream().map(ConsumerProtocolTest::theirs).toList(),
                42,
                Optional.of("rack-b"));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void subscriptionBytesAreKafkaClientsBytesAtEveryVersion(short version) {
        ByteBuffer ours = ConsumerProtocol.encodeSubscription(subscription(), version);
        ByteBuffer theirs = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(
                kafkaSubscription(), version);
        assertThat(array(ours)).isEqualTo(array(theirs));
    }

    @Test
    void theCanonicalFormSortsTopicsAndOwnedPartitionsAsKafkaClientsDoes() {
        ConsumerProtocolSubscription s = subscription();
        assertThat(s.topics()).containsExactly("audit", "orders", "payments");
        assertThat(s.ownedPartitions())
                .containsExactly(
                        new ConsumerProtocolSubscription.TopicPartition("orders", List.of(0, 2)),
                        new ConsumerProtocolSubscription.TopicPartition("payments", List.of(3)));
    }

    @Test
    void kafkaClientsReadsOurSubscription() {
        ByteBuffer ours = ConsumerProtocol.encodeSubscription(subscription(), ConsumerProtocol.SUBSCRIPTION_VERSION);
        ConsumerPartitionAssignor.Subscription read =
                org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeSubscription(ours);
        assertThat(read.topics()).containsExactlyInAnyOrderElementsOf(TOPICS);
        assertThat(read.userData()).isEqualTo(userData());
        assertThat(read.ownedPartitions()).map(ConsumerProtocolTest::ours).containsExactlyInAnyOrderElementsOf(OWNED);
        assertThat(read.generationId()).contains(42);
        assertThat(read.rackId()).contains("rack-b");
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void weReadKafkaClientsSubscriptionAtEveryVersion(short version) {
        ByteBuffer theirs = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(
                kafkaSubscription(), version);
        int position = theirs.position();
        ConsumerProtocolSubscription read = ConsumerProtocol.decodeSubscription(theirs);
        assertThat(theirs.position()).as("the input is not consumed").isEqualTo(position);
        assertThat(read.topics()).as("kafka-clients sorts them").containsExactly("audit", "orders", "payments");
        assertThat(read.userData()).isEqualTo(userData());
        if (version >= 1) {
            assertThat(read.ownedPartitions()).isEqualTo(subscription().ownedPartitions());
        }
        assertThat(read.generationId()).isEqualTo(version >= 2 ? 42 : -1);
        assertThat(read.rackId()).isEqualTo(version >= 3 ? "rack-b" : null);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void assignmentBytesAreKafkaClientsBytesBothWays(short version) {
        List<TopicPartition> partitions = List.of(
                new TopicPartition("orders", 1), new TopicPartition("audit", 0), new TopicPartition("orders", 4));
        ByteBuffer ours =
                ConsumerProtocol.encodeAssignment(ConsumerProtocol.assignment(partitions, userData()), version);
        ByteBuffer theirs = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeAssignment(
                new ConsumerPartitionAssignor.Assignment(
                        partitions.stream().map(ConsumerProtocolTest::theirs).toList(), userData()),
                version);
        assertThat(array(ours)).isEqualTo(array(theirs));

        ConsumerProtocolAssignment read = ConsumerProtocol.decodeAssignment(theirs);
        assertThat(ConsumerProtocol.partitions(read)).containsExactlyInAnyOrderElementsOf(partitions);
        assertThat(read.userData()).isEqualTo(userData());
        assertThat(org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeAssignment(ours)
                        .partitions())
                .map(ConsumerProtocolTest::ours)
                .containsExactlyInAnyOrderElementsOf(partitions);
    }

    @Test
    void aNewerVersionIsReadWithTheNewestFormatKnownIgnoringWhatFollows() {
        ByteBuffer v3 = ConsumerProtocol.encodeSubscription(subscription(), (short) 3);
        ByteBuffer v9 = ByteBuffer.allocate(v3.remaining() + 5);
        v9.putShort((short) 9)
                .put(v3.duplicate().position(2))
                .put(new byte[] {1, 2, 3, 4, 5})
                .flip();
        ConsumerProtocolSubscription read = ConsumerProtocol.decodeSubscription(v9);
        assertThat(read.rackId()).isEqualTo("rack-b");
        assertThat(read.topics()).containsExactly("audit", "orders", "payments");
    }

    @Test
    void malformedBytesFailCleanly() {
        ByteBuffer negative = ByteBuffer.allocate(2).putShort((short) -1).flip();
        assertThatThrownBy(() -> ConsumerProtocol.decodeSubscription(negative))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("negative");
        ByteBuffer truncated = ConsumerProtocol.encodeAssignment(
                ConsumerProtocol.assignment(List.of(new TopicPartition("t", 0)), null), (short) 0);
        truncated.limit(truncated.limit() - 3);
        assertThatThrownBy(() -> ConsumerProtocol.decodeAssignment(truncated)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> ConsumerProtocol.decodeSubscription(ByteBuffer.allocate(1)))
                .isInstanceOf(ProtocolException.class);
    }
}
