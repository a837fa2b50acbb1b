package io.kanal.api.sink;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import java.util.Objects;

/**
 * A record a sink task receives: a Kafka record with its offset, converted and transformed. Kafka Connect's {@code
 * SinkRecord}, with the original topic, partition and offset kept across transforms that reroute the record
 * (KIP-793), so that a task commits against the partition the record was read from. Immutable.
 */
public final class SinkRecord extends ConnectRecord<SinkRecord> {

    private final long kafkaOffset;
    private final TimestampType timestampType;
    private final String originalTopic;
    private final Integer originalKafkaPartition;
    private final long originalKafkaOffset;

    /**
     * A record without timestamp or headers, as first read.
     *
     * @param topic the topic
     * @param partition the partition
     * @param keySchema the key's schema, or {@code null}
     * @param key the key
     * @param valueSchema the value's schema, or {@code null}
     * @param value the value
     * @param kafkaOffset the offset
     */
    public SinkRecord(
            String topic,
            int partition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            long kafkaOffset) {
        this(
                topic,
                partition,
                keySchema,
                key,
                valueSchema,
                value,
                kafkaOffset,
                null,
                TimestampType.NO_TIMESTAMP_TYPE,
                null);
    }

    /**
     * A record as first read, with its timestamp and headers.
     *
     * @param topic the topic
     * @param partition the partition
     * @param keySchema the key's schema, or {@code null}
     * @param key the key
     * @param valueSchema the value's schema, or {@code null}
     * @param value the value
     * @param kafkaOffset the offset
     * @param timestamp the timestamp, or {@code null}
     * @param timestampType what the timestamp means
     * @param headers the headers, or {@code null}
     */
    public SinkRecord(
            String topic,
            int partition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            long kafkaOffset,
            Long timestamp,
            TimestampType timestampType,
            Headers headers) {
        this(
                topic,
                partition,
                keySchema,
                key,
                valueSchema,
                value,
                kafkaOffset,
                timestamp,
                timestampType,
                headers,
                topic,
                partition,
                kafkaOffset);
    }

    /**
     * A record with every field, including where it was originally read from.
     *
     * @param topic the topic
     * @param partition the partition, or {@code null}
     * @param keySchema the key's schema, or {@code null}
     * @param key the key
     * @param valueSchema the value's schema, or {@code null}
     * @param value the value
     * @param kafkaOffset the offset
     * @param timestamp the timestamp, or {@code null}
     * @param timestampType what the timestamp means
     * @param headers the headers, or {@code null}
     * @param originalTopic the topic it was read from
     * @param originalKafkaPartition the partition it was read from
     * @param originalKafkaOffset the offset it was read at
     */
    public SinkRecord(
            String topic,
            Integer partition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            long kafkaOffset,
            Long timestamp,
            TimestampType timestampType,
            Headers headers,
            String originalTopic,
            Integer originalKafkaPartition,
            long originalKafkaOffset) {
        super(topic, partition, keySchema, key, valueSchema, value, timestamp, headers);
        this.kafkaOffset = kafkaOffset;
        this.timestampType = timestampType == null ? TimestampType.NO_TIMESTAMP_TYPE : timestampType;
        this.originalTopic = originalTopic;
        this.originalKafkaPartition = originalKafkaPartition;
        this.originalKafkaOffset = originalKafkaOffset;
    }

    /** @return the offset of the record in its partition */
    public long kafkaOffset() {
        return kafkaOffset;
    }

    /** @return what the timestamp means */
    public TimestampType timestampType() {
        return timestampType;
    }

    /** @return the topic the record was read from, whatever transforms did to {@link #topic()} */
    public String originalTopic() {
        return originalTopic;
    }

    /** @return the partition the record was read from */
    public Integer originalKafkaPartition() {
        return originalKafkaPartition;
    }

    /** @return the offset the record was read at */
    public long originalKafkaOffset() {
        return originalKafkaOffset;
    }

    @Override
    public SinkRecord newRecord(
            String topic,
            Integer kafkaPartition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            Long timestamp,
            Headers headers) {
        return new SinkRecord(
                topic,
                kafkaPartition,
                keySchema,
                key,
                valueSchema,
                value,
                kafkaOffset,
                timestamp,
                timestampType,
                headers,
                originalTopic,
                originalKafkaPartition,
                originalKafkaOffset);
    }

    /**
     * Compares the record's fields, offset and timestamp type, as Connect does (not the original coordinates).
     *
     * @param other another object
     * @return {@code true} when equal
     */
    @Override
    public boolean equals(Object other) {
        if (!super.equals(other)) {
            return false;
        }
        SinkRecord that = (SinkRecord) other;
        return kafkaOffset == that.kafkaOffset && timestampType == that.timestampType;
    }

    /** @return a hash over the fields {@link #equals} compares */
    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), kafkaOffset, timestampType);
    }

    /** @return a description, for logs and test failures */
    @Override
    public String toString() {
        return "SinkRecord{kafkaOffset=" + kafkaOffset + ", timestampType=" + timestampType + ", originalTopic="
                + originalTopic + ", originalKafkaPartition=" + originalKafkaPartition + ", originalKafkaOffset="
                + originalKafkaOffset + "} " + super.toString();
    }
}
