package io.kanal.client.producer;

import io.kanal.client.TopicPartition;

/**
 * Where an acknowledged record landed.
 *
 * @param topicPartition the partition
 * @param offset the record's offset, or -1 when the broker reported the batch as a duplicate without its offset
 * @param timestamp the record's CreateTime, or the broker's LogAppendTime when the topic uses it, -1 if unknown
 * @param serializedKeySize the key's size in bytes, -1 for a null key
 * @param serializedValueSize the value's size in bytes, -1 for a null value
 */
public record RecordMetadata(
        TopicPartition topicPartition, long offset, long timestamp, int serializedKeySize, int serializedValueSize) {}
