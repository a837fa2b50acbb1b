package io.kanal.plugins.jdbc.sink;

/** Where a row's primary key comes from: {@code pk.mode}. Immutable. */
public enum PrimaryKeyMode {
    /** No key: rows are only inserted. */
    NONE,
    /** The record's Kafka coordinates: topic, partition and offset. */
    KAFKA,
    /** The record's key: a primitive (one column) or fields of a struct. */
    RECORD_KEY,
    /** Fields of the record's value. */
    RECORD_VALUE
}
