package io.kanal.bridge.data;

import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.errors.DataException;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.source.SourceRecord;
import java.util.Map;

/**
 * Translates source and sink records between Kafka Connect and Kanal, both ways: topic, partition, key and value with
 * their schemas, timestamp, headers, and for source records the source partition and offset (the same maps), for sink
 * records the Kafka offset, timestamp type and the original topic, partition and offset (KIP-793). What the adapters
 * of Connect tasks and transforms hand across.
 *
 * <p>Thread-safe, as its {@link DataTranslator} is.
 */
public final class RecordTranslator {

    private final DataTranslator data;

    /**
     * @param data translates the schemas, values and headers
     */
    public RecordTranslator(DataTranslator data) {
        this.data = data;
    }

    /** @return the translator of schemas, values and headers this one uses */
    public DataTranslator data() {
        return data;
    }

    /**
     * @param record what a Connect source task returned (or a Connect transform made of it)
     * @return Kanal's record with the same content
     * @throws DataException when the record has no topic or a struct in it is not valid for its schema
     */
    public SourceRecord toKanal(org.apache.kafka.connect.source.SourceRecord record) {
        SchemaAndValue key = data.toKanal(record.keySchema(), record.key());
        SchemaAndValue value = data.toKanal(record.valueSchema(), record.value());
        return new SourceRecord(
                shareable(record.sourcePartition()),
                shareable(record.sourceOffset()),
                record.topic(),
                record.kafkaPartition(),
                key.schema(),
                key.value(),
                value.schema(),
                value.value(),
                record.timestamp(),
                data.headersToKanal(record.headers()));
    }

    /**
     * Connect tasks typically build a one-entry partition and offset per record with {@code
     * Collections.singletonMap} (connect-file does). Kanal's {@link SourceRecord} keeps such a map as an unmodifiable
     * {@code LinkedHashMap} copy, which also makes the runtime's per-record offset bookkeeping hash and compare the
     * copy; it shares a {@code Map.of} map instead. So a one-entry map without nulls becomes {@code Map.of}: one small
     * allocation instead of two map copies per record. Other maps go as they are (Kanal copies them, keeping order and
     * null values).
     */
    private static Map<String, ?> shareable(Map<String, ?> map) {
        if (map != null && map.size() == 1) {
            Map.Entry<String, ?> entry = map.entrySet().iterator().next();
            if (entry.getKey() != null && entry.getValue() != null) {
                return Map.of(entry.getKey(), entry.getValue());
            }
        }
        return map;
    }

    /**
     * @param record Kanal's source record
     * @return Connect's record with the same content, with mutable Connect headers
     * @throws DataException when a struct in it is not valid for its schema
     */
    public org.apache.kafka.connect.source.SourceRecord toConnect(SourceRecord record) {
        org.apache.kafka.connect.data.SchemaAndValue key = data.toConnect(record.keySchema(), record.key());
        org.apache.kafka.connect.data.SchemaAndValue value = data.toConnect(record.valueSchema(), record.value());
        return new org.apache.kafka.connect.source.SourceRecord(
                record.sourcePartition(),
                record.sourceOffset(),
                record.topic(),
                record.kafkaPartition(),
                key.schema(),
                key.value(),
                value.schema(),
                value.value(),
                record.timestamp(),
                data.headersToConnect(record.headers()));
    }

    /**
     * @param record a Connect sink record (after a Connect transform, for instance)
     * @return Kanal's record with the same content
     * @throws DataException when a struct in it is not valid for its schema
     */
    public SinkRecord toKanal(org.apache.kafka.connect.sink.SinkRecord record) {
        SchemaAndValue key = data.toKanal(record.keySchema(), record.key());
        SchemaAndValue value = data.toKanal(record.valueSchema(), record.value());
        return new SinkRecord(
                record.topic(),
                record.kafkaPartition(),
                key.schema(),
                key.value(),
                value.schema(),
                value.value(),
                record.kafkaOffset(),
                record.timestamp(),
                Types.toKanal(record.timestampType()),
                data.headersToKanal(record.headers()),
                record.originalTopic(),
                record.originalKafkaPartition(),
                record.originalKafkaOffset());
    }

    /**
     * @param record Kanal's sink record, as a sink task receives it
     * @return Connect's record with the same content, with mutable Connect headers
     * @throws DataException when the record has no partition (Connect's sink records always have one) or a struct in
     *     it is not valid for its schema
     */
    public org.apache.kafka.connect.sink.SinkRecord toConnect(SinkRecord record) {
        Integer partition = record.kafkaPartition();
        if (partition == null) {
            throw new DataException("A Connect sink record needs a partition, but the record of topic '"
                    + record.topic() + "' at offset " + record.kafkaOffset() + " has none");
        }
        org.apache.kafka.connect.data.SchemaAndValue key = data.toConnect(record.keySchema(), record.key());
        org.apache.kafka.connect.data.SchemaAndValue value = data.toConnect(record.valueSchema(), record.value());
        return new org.apache.kafka.connect.sink.SinkRecord(
                record.topic(),
                partition,
                key.schema(),
                key.value(),
                value.schema(),
                value.value(),
                record.kafkaOffset(),
                record.timestamp(),
                Types.toConnect(record.timestampType()),
                data.headersToConnect(record.headers()),
                record.originalTopic(),
                record.originalKafkaPartition(),
                record.originalKafkaOffset());
    }
}
