package io.kanal.runtime.worker;

import io.kanal.client.producer.ProducerRecord;
import io.kanal.runtime.store.kafka.OffsetRecordCodec;
import io.kanal.runtime.task.SourceTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The offset records an exactly-once source task writes in its transactions: Connect's offsets topic format ({@link
 * OffsetRecordCodec}: key {@code ["<connector>",{partition}]}, value {@code {offset}}), one record per source partition
 * and topic, to the connector's own {@code offsets.storage.topic} when it has one and always to the worker's offsets
 * topic, which the worker reads the offsets from. Both copies are in the same transaction, so they never disagree.
 * The partition is left to the producer's default partitioner (murmur2 of the key bytes), as Connect leaves it.
 *
 * <p>Immutable apart from the codec, which holds no state; called on the task's thread.
 *
 * @param connector the connector's name
 * @param topics the topics the offsets go to, the worker's last
 */
record TransactionalOffsetRecords(String connector, List<String> topics) implements SourceTransactions.OffsetRecords {

    /**
     * Checks the components.
     *
     * @param connector the connector
     * @param topics the topics
     */
    TransactionalOffsetRecords {
        Objects.requireNonNull(connector, "connector");
        topics = List.copyOf(topics);
    }

    @Override
    public List<ProducerRecord<byte[], byte[]>> records(Map<Map<String, ?>, Map<String, ?>> offsets) {
        OffsetRecordCodec codec = new OffsetRecordCodec();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(offsets.size() * topics.size());
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            byte[] key = codec.encodeKey(connector, e.getKey());
            byte[] value = codec.encodeValue(e.getValue());
            for (String topic : topics) {
                out.add(ProducerRecord.of(topic, key, value));
            }
        }
        return out;
    }
}
