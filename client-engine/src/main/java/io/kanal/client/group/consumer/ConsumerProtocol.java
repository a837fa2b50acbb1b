package io.kanal.client.group.consumer;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.protocol.message.ConsumerProtocolAssignment;
import io.kanal.client.protocol.message.ConsumerProtocolSubscription;
import io.kanal.client.protocol.wire.WireReader;
import io.kanal.client.protocol.wire.WireWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The classic {@code consumer} protocol's metadata and assignment bytes, as kafka-clients' {@code ConsumerProtocol}
 * writes them: an int16 version followed by the {@code ConsumerProtocolSubscription} or
 * {@code ConsumerProtocolAssignment} struct (generated from Kafka's specs) at that version. A version newer than
 * this codec knows is read with the newest format it knows, as Kafka does (newer versions only add fields at the
 * end); a negative version is malformed.
 *
 * <p>Decoded values hold slices of the input buffer ({@code userData}); the input's position is not moved.
 * Stateless and thread-safe.
 */
public final class ConsumerProtocol {
    /** The protocol type of consumer groups. */
    public static final String PROTOCOL_TYPE = "consumer";
    /** The subscription version kafka-clients 4.x writes, and the newest this codec knows. */
    public static final short SUBSCRIPTION_VERSION = ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION;
    /** The assignment version kafka-clients 4.x writes, and the newest this codec knows. */
    public static final short ASSIGNMENT_VERSION = ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION;

    private ConsumerProtocol() {}

    /**
     * Encodes a subscription.
     *
     * @param subscription the subscription
     * @param version the version, 0 to {@link #SUBSCRIPTION_VERSION}; fields it lacks are left out
     * @return the bytes, ready to read
     */
    public static ByteBuffer encodeSubscription(ConsumerProtocolSubscription subscription, short version) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + subscription.size(version));
        WireWriter writer = new WireWriter(buffer);
        writer.writeInt16(version);
        subscription.write(writer, version);
        return buffer.flip();
    }

    /**
     * Decodes a subscription.
     *
     * @param bytes the bytes (from position to limit)
     * @return the subscription
     * @throws ProtocolException if the bytes are malformed
     */
    public static ConsumerProtocolSubscription decodeSubscription(ByteBuffer bytes) {
        WireReader reader = new WireReader(bytes.duplicate());
        short version = readVersion(reader, "ConsumerProtocolSubscription", SUBSCRIPTION_VERSION);
        return ConsumerProtocolSubscription.read(reader, version);
    }

    /**
     * Encodes an assignment.
     *
     * @param assignment the assignment
     * @param version the version, 0 to {@link #ASSIGNMENT_VERSION} (all the same format)
     * @return the bytes, ready to read
     */
    public static ByteBuffer encodeAssignment(ConsumerProtocolAssignment assignment, short version) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + assignment.size(version));
        WireWriter writer = new WireWriter(buffer);
        writer.writeInt16(version);
        assignment.write(writer, version);
        return buffer.flip();
    }

    /**
     * Decodes an assignment.
     *
     * @param bytes the bytes (from position to limit)
     * @return the assignment
     * @throws ProtocolException if the bytes are malformed
     */
    public static ConsumerProtocolAssignment decodeAssignment(ByteBuffer bytes) {
        WireReader reader = new WireReader(bytes.duplicate());
        short version = readVersion(reader, "ConsumerProtocolAssignment", ASSIGNMENT_VERSION);
        return ConsumerProtocolAssignment.read(reader, version);
    }

    /**
     * An assignment of partitions, grouped by topic in the order the topics first appear (as kafka-clients groups
     * them).
     *
     * @param partitions the partitions
     * @param userData the assignor's user data, or null
     * @return the assignment
     */
    public static ConsumerProtocolAssignment assignment(List<TopicPartition> partitions, ByteBuffer userData) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<ConsumerProtocolAssignment.TopicPartition> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, ids) -> topics.add(new ConsumerProtocolAssignment.TopicPartition(topic, ids)));
        return new ConsumerProtocolAssignment(topics, userData);
    }

    /**
     * The partitions of an assignment, topic by topic.
     *
     * @param assignment the assignment
     * @return the partitions
     */
    public static List<TopicPartition> partitions(ConsumerProtocolAssignment assignment) {
        List<TopicPartition> out = new ArrayList<>();
        for (ConsumerProtocolAssignment.TopicPartition t : assignment.assignedPartitions()) {
            for (int p : t.partitions()) {
                out.add(new TopicPartition(t.topic(), p));
            }
        }
        return out;
    }

    /**
     * A subscription in kafka-clients' canonical form: topics sorted, owned partitions sorted by topic and partition
     * and grouped by topic, so that the same subscription gives the same bytes as a kafka-clients consumer's.
     *
     * @param topics the topics subscribed to
     * @param userData the assignor's user data, or null
     * @param ownedPartitions the partitions the member owns (v1+)
     * @param generationId the generation they were assigned in, -1 if none (v2+)
     * @param rackId the member's {@code client.rack}, or null (v3+)
     * @return the subscription
     */
    public static ConsumerProtocolSubscription subscription(
            Collection<String> topics,
            ByteBuffer userData,
            Collection<TopicPartition> ownedPartitions,
            int generationId,
            String rackId) {
        List<TopicPartition> owned = new ArrayList<>(ownedPartitions);
        owned.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : owned) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<ConsumerProtocolSubscription.TopicPartition> grouped = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, ids) -> grouped.add(new ConsumerProtocolSubscription.TopicPartition(topic, ids)));
        return new ConsumerProtocolSubscription(
                List.copyOf(new TreeSet<>(topics)), userData, grouped, generationId, rackId);
    }

    private static short readVersion(WireReader reader, String struct, short newest) {
        reader.enter(struct, (short) -1);
        reader.field("Version");
        short version = reader.readInt16();
        if (version < 0) {
            throw reader.error("negative consumer protocol version " + version);
        }
        return (short) Math.min(version, newest);
    }
}
