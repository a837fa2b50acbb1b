package io.kanal.bridge.connector;

import io.kanal.api.sink.OffsetAndMetadata;
import io.kanal.api.sink.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Topic partitions and committed offsets between kafka-clients' classes (what Connect sink tasks use) and Kanal's
 * records of the same values. Stateless.
 */
final class Partitions {

    private Partitions() {}

    static org.apache.kafka.common.TopicPartition toConnect(TopicPartition partition) {
        return new org.apache.kafka.common.TopicPartition(partition.topic(), partition.partition());
    }

    static TopicPartition toKanal(org.apache.kafka.common.TopicPartition partition) {
        return new TopicPartition(partition.topic(), partition.partition());
    }

    static Set<org.apache.kafka.common.TopicPartition> toConnect(Collection<TopicPartition> partitions) {
        Set<org.apache.kafka.common.TopicPartition> out = new LinkedHashSet<>();
        partitions.forEach(p -> out.add(toConnect(p)));
        return out;
    }

    static Set<TopicPartition> toKanal(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        Set<TopicPartition> out = new LinkedHashSet<>();
        partitions.forEach(p -> out.add(toKanal(p)));
        return out;
    }

    static Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>
            offsetsToConnect(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> out =
                new HashMap<>();
        offsets.forEach((tp, om) -> out.put(
                toConnect(tp), new org.apache.kafka.clients.consumer.OffsetAndMetadata(om.offset(), om.metadata())));
        return out;
    }

    static Map<TopicPartition, OffsetAndMetadata> offsetsToKanal(
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        offsets.forEach((tp, om) -> {
            if (tp != null && om != null) {
                // kafka-clients turns null metadata into "" (what the broker stores for none): give Kanal's null back.
                String metadata = om.metadata() == null || om.metadata().isEmpty() ? null : om.metadata();
                out.put(toKanal(tp), new OffsetAndMetadata(om.offset(), metadata));
            }
        });
        return out;
    }
}
