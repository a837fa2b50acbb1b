package io.kanal.client.consumer;

import io.kanal.client.TopicPartition;
import io.kanal.client.record.Header;
import io.kanal.client.record.TimestampType;
import java.util.List;
import java.util.Optional;

/**
 * A record returned by {@link Consumer#poll}.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the record's offset
 * @param timestamp the timestamp
 * @param timestampType which clock the timestamp comes from
 * @param leaderEpoch the leader epoch of the batch the record was in, if known
 * @param key the deserialized key
 * @param value the deserialized value
 * @param headers the headers; values are read-only slices of the fetched bytes
 * @param serializedKeySize bytes of the key, -1 if null
 * @param serializedValueSize bytes of the value, -1 if null
 * @param <K> the key type
 * @param <V> the value type
 */
public record ConsumerRecord<K, V>(
        String topic,
        int partition,
        long offset,
        long timestamp,
        TimestampType timestampType,
        Optional<Integer> leaderEpoch,
        K key,
        V value,
        List<Header> headers,
        int serializedKeySize,
        int serializedValueSize) {

    /**
     * The record's partition.
     *
     * @return topic and partition
     */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
