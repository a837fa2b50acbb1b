package io.kanal.api.source;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record a source task hands to the runtime, with the place in the source system it came from: the source
 * partition (which table, file or shard) and the source offset (how far into it). Once Kafka acknowledges the
 * record, its offset becomes committable, and a restarted task reads it back through {@link OffsetReader}. Kafka
 * Connect's {@code SourceRecord}.
 *
 * <p>Partitions and offsets are maps whose values are strings, numbers, booleans, or lists and maps of those: they
 * are stored as JSON in Connect's format. Immutable; the maps are copied, unless they are immutable already ({@code
 * Map.of}, {@code Map.copyOf}).
 */
public final class SourceRecord extends ConnectRecord<SourceRecord> {

    private final Map<String, ?> sourcePartition;
    private final Map<String, ?> sourceOffset;

    /**
     * A record without key, schemas, timestamp or headers.
     *
     * @param sourcePartition the source partition, or {@code null}
     * @param sourceOffset the source offset, or {@code null}
     * @param topic the topic
     * @param valueSchema the value's schema, or {@code null}
     * @param value the value
     */
    public SourceRecord(
            Map<String, ?> sourcePartition,
            Map<String, ?> sourceOffset,
            String topic,
            Schema valueSchema,
            Object value) {
        this(sourcePartition, sourceOffset, topic, null, null, null, valueSchema, value, null, null);
    }

    /**
     * A record with a key.
     *
     * @param sourcePartition the source partition, or {@code null}
     * @param sourceOffset the source offset, or {@code null}
     * @param topic the topic
     * @param kafkaPartition the partition, or {@code null} for the producer's partitioner
     * @param keySchema the key's schema, or {@code null}
     * @param key the key
     * @param valueSchema the value's schema, or {@code null}
     * @param value the value
     */
    public SourceRecord(
            Map<String, ?> sourcePartition,
            Map<String, ?> sourceOffset,
            String topic,
            Integer kafkaPartition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value) {
        this(sourcePartition, sourceOffset, topic, kafkaPartition, keySchema, key, valueSchema, value, null, null);
    }

    /**
     * A record with every field.
     *
     * @param sourcePartition the source partition, or {@code null}
     * @param sourceOffset the source offset, or {@code null}
     * @param topic the topic
     * @param kafkaPartition the partition, or {@code null} for the producer's partitioner
     * @param keySchema the key's schema, or {@code null}
     * @param key the key
     * @param valueSchema the value's schema, or {@code null}
     * @param value the value
     * @param timestamp the timestamp in milliseconds, or {@code null}
     * @param headers the headers, or {@code null} for none
     */
    public SourceRecord(
            Map<String, ?> sourcePartition,
            Map<String, ?> sourceOffset,
            String topic,
            Integer kafkaPartition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            Long timestamp,
            Headers headers) {
        super(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
        this.sourcePartition = copy(sourcePartition);
        this.sourceOffset = copy(sourceOffset);
    }

    /** For {@link #newRecord}: the origin's maps are unmodifiable copies already, so they are shared, not copied. */
    private SourceRecord(
            SourceRecord origin,
            String topic,
            Integer kafkaPartition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            Long timestamp,
            Headers headers) {
        super(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
        this.sourcePartition = origin.sourcePartition;
        this.sourceOffset = origin.sourceOffset;
    }

    /** The classes of {@code Map.of} and {@code Map.copyOf} results: immutable, so they need no copy. */
    private static final Class<?> IMMUTABLE_MAP_1 = Map.of("k", "v").getClass();

    private static final Class<?> IMMUTABLE_MAP_N = Map.of().getClass();

    private static Map<String, ?> copy(Map<String, ?> map) {
        if (map == null) {
            return null;
        }
        // A task that builds one offset per record with Map.of (as most do) would otherwise pay two map copies per
        // record, and the runtime keeps the offsets of every record in flight.
        Class<?> type = map.getClass();
        if (type == IMMUTABLE_MAP_1 || type == IMMUTABLE_MAP_N) {
            return map;
        }
        // LinkedHashMap rather than Map.copyOf: Connect's offsets may hold null values, and order shows in the JSON.
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** @return the source partition, or {@code null}; unmodifiable */
    public Map<String, ?> sourcePartition() {
        return sourcePartition;
    }

    /** @return the source offset, or {@code null}; unmodifiable */
    public Map<String, ?> sourceOffset() {
        return sourceOffset;
    }

    @Override
    public SourceRecord newRecord(
            String topic,
            Integer kafkaPartition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            Long timestamp,
            Headers headers) {
        return new SourceRecord(this, topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
    }

    /**
     * Compares the record's fields and its source partition and offset.
     *
     * @param other another object
     * @return {@code true} when equal
     */
    @Override
    public boolean equals(Object other) {
        return super.equals(other)
                && Objects.equals(sourcePartition, ((SourceRecord) other).sourcePartition)
                && Objects.equals(sourceOffset, ((SourceRecord) other).sourceOffset);
    }

    /** @return a hash over the fields {@link #equals} compares */
    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), sourcePartition, sourceOffset);
    }

    /** @return a description, for logs and test failures */
    @Override
    public String toString() {
        return "SourceRecord{sourcePartition=" + sourcePartition + ", sourceOffset=" + sourceOffset + "} "
                + super.toString();
    }
}
