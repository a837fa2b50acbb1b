package io.kanal.api.connector;

import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import io.kanal.api.errors.DataException;
import java.util.Arrays;
import java.util.Objects;

/**
 * What every record shares, whether a source task produced it or a sink task receives it: the topic and partition,
 * the key and value with their schemas, the timestamp and the headers. The counterpart of Kafka Connect's {@code
 * ConnectRecord}.
 *
 * <p>Immutable: transforms return a new record from {@link #newRecord} instead of changing one, so a record can be
 * handed between threads and kept (for a dead letter queue, a retry) without copying. The immutability is shallow:
 * keys and values that are themselves mutable ({@code Struct}, lists, maps) must not be changed once they are in a
 * record. A transform builds a new {@code Struct} rather than changing the one it was given, because the runtime
 * keeps the record as the task returned it for {@code commitRecord} and the dead letter queue.
 *
 * @param <R> the concrete record type, so that {@link #newRecord} keeps it
 */
public abstract class ConnectRecord<R extends ConnectRecord<R>> {

    private final String topic;
    private final Integer kafkaPartition;
    private final Schema keySchema;
    private final Object key;
    private final Schema valueSchema;
    private final Object value;
    private final Long timestamp;
    private final Headers headers;

    /**
     * @param topic the topic; never {@code null} (a {@link DataException} otherwise)
     * @param kafkaPartition the partition, or {@code null} to let the producer's partitioner choose
     * @param keySchema the key's schema, or {@code null} for schemaless data
     * @param key the key, or {@code null}
     * @param valueSchema the value's schema, or {@code null} for schemaless data
     * @param value the value, or {@code null} (a tombstone)
     * @param timestamp the timestamp in milliseconds since the epoch, or {@code null} for none
     * @param headers the headers; {@code null} means none
     */
    protected ConnectRecord(
            String topic,
            Integer kafkaPartition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            Long timestamp,
            Headers headers) {
        if (topic == null) {
            throw new DataException("a record needs a topic; got null");
        }
        this.topic = topic;
        this.kafkaPartition = kafkaPartition;
        this.keySchema = keySchema;
        this.key = key;
        this.valueSchema = valueSchema;
        this.value = value;
        this.timestamp = timestamp;
        this.headers = headers == null ? Headers.empty() : headers;
    }

    /** @return the topic */
    public String topic() {
        return topic;
    }

    /** @return the partition, or {@code null} when the producer's partitioner chooses */
    public Integer kafkaPartition() {
        return kafkaPartition;
    }

    /** @return the key's schema, or {@code null} for schemaless data */
    public Schema keySchema() {
        return keySchema;
    }

    /** @return the key, or {@code null} */
    public Object key() {
        return key;
    }

    /** @return the value's schema, or {@code null} for schemaless data */
    public Schema valueSchema() {
        return valueSchema;
    }

    /** @return the value, or {@code null} for a tombstone */
    public Object value() {
        return value;
    }

    /** @return the timestamp in milliseconds since the epoch, or {@code null} */
    public Long timestamp() {
        return timestamp;
    }

    /** @return the headers; empty, never {@code null}, when there are none */
    public Headers headers() {
        return headers;
    }

    /**
     * A record of the same kind with new coordinates and data and the same headers; what a transform returns.
     * Source and sink specifics (source partition and offset, Kafka offset) are carried over.
     *
     * @param topic the topic
     * @param kafkaPartition the partition, or {@code null}
     * @param keySchema the key's schema, or {@code null}
     * @param key the key
     * @param valueSchema the value's schema, or {@code null}
     * @param value the value
     * @param timestamp the timestamp, or {@code null}
     * @return the new record
     */
    public final R newRecord(
            String topic,
            Integer kafkaPartition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            Long timestamp) {
        return newRecord(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
    }

    /**
     * A record of the same kind with new coordinates, data and headers; what a transform returns.
     *
     * @param topic the topic
     * @param kafkaPartition the partition, or {@code null}
     * @param keySchema the key's schema, or {@code null}
     * @param key the key
     * @param valueSchema the value's schema, or {@code null}
     * @param value the value
     * @param timestamp the timestamp, or {@code null}
     * @param headers the headers
     * @return the new record
     */
    public abstract R newRecord(
            String topic,
            Integer kafkaPartition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            Long timestamp,
            Headers headers);

    /**
     * Compares every field of the record; subclasses add their own.
     *
     * @param other another object
     * @return {@code true} for records of the same class with equal fields
     */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || getClass() != other.getClass()) {
            return false;
        }
        ConnectRecord<?> that = (ConnectRecord<?>) other;
        return topic.equals(that.topic)
                && Objects.equals(kafkaPartition, that.kafkaPartition)
                && Objects.equals(keySchema, that.keySchema)
                && Objects.deepEquals(key, that.key)
                && Objects.equals(valueSchema, that.valueSchema)
                && Objects.deepEquals(value, that.value)
                && Objects.equals(timestamp, that.timestamp)
                && headers.equals(that.headers);
    }

    /**
     * A hash over the fields {@link #equals} compares.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        // Deep, like equals: a byte[] key or value hashes by content.
        return Arrays.deepHashCode(
                new Object[] {topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers});
    }

    /**
     * The coordinates and data, for logs and test failures. Values may hold personal data: the runtime logs records
     * only when {@code errors.log.include.messages} asks for it.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "topic='" + topic + "', kafkaPartition=" + kafkaPartition + ", key=" + key + ", keySchema=" + keySchema
                + ", value=" + value + ", valueSchema=" + valueSchema + ", timestamp=" + timestamp + ", headers="
                + headers;
    }
}
