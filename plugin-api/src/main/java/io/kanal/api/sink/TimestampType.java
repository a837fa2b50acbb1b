package io.kanal.api.sink;

/** What a Kafka record's timestamp means; Kafka's enum of that name. Immutable; any thread. */
public enum TimestampType {
    /** The record has no timestamp. */
    NO_TIMESTAMP_TYPE,
    /** Set by the producer when the record was created. */
    CREATE_TIME,
    /** Set by the broker when it appended the record. */
    LOG_APPEND_TIME
}
