package io.kanal.runtime.transform.util;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.data.Headers;
import io.kanal.api.data.Schema;

/**
 * The part of a record a {@code $Key} or {@code $Value} transform works on. Stateless and thread-safe.
 *
 * <p>Kafka Connect's transforms each declare {@code operatingSchema}, {@code operatingValue} and {@code newRecord}
 * in their {@code Key} and {@code Value} subclasses; Kanal's pass one of these constants to their base class
 * instead, so that the two variants cannot drift apart.
 */
public enum Operand {
    /** The record key and key schema. */
    KEY,
    /** The record value and value schema. */
    VALUE;

    /**
     * The operand's schema.
     *
     * @param record the record
     * @return the key or value schema, possibly {@code null}
     */
    public Schema schema(ConnectRecord<?> record) {
        return this == KEY ? record.keySchema() : record.valueSchema();
    }

    /**
     * The operand.
     *
     * @param record the record
     * @return the key or value, possibly {@code null}
     */
    public Object value(ConnectRecord<?> record) {
        return this == KEY ? record.key() : record.value();
    }

    /**
     * A copy of the record with the operand replaced; topic, partition, timestamp, headers and the other part are
     * kept.
     *
     * @param record the record
     * @param schema the new schema
     * @param value the new key or value
     * @param <R> the record type
     * @return the new record
     */
    public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value) {
        return with(record, schema, value, record.headers());
    }

    /**
     * A copy of the record with the operand and the headers replaced.
     *
     * @param record the record
     * @param schema the new schema
     * @param value the new key or value
     * @param headers the new headers
     * @param <R> the record type
     * @return the new record
     */
    public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value, Headers headers) {
        return this == KEY
                ? record.newRecord(
                        record.topic(),
                        record.kafkaPartition(),
                        schema,
                        value,
                        record.valueSchema(),
                        record.value(),
                        record.timestamp(),
                        headers)
                : record.newRecord(
                        record.topic(),
                        record.kafkaPartition(),
                        record.keySchema(),
                        record.key(),
                        schema,
                        value,
                        record.timestamp(),
                        headers);
    }
}
