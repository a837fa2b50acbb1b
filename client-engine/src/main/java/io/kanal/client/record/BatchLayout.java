package io.kanal.client.record;

/** Offsets and attribute bits of the record batch v2 header (61 bytes). */
final class BatchLayout {
    static final int BASE_OFFSET = 0;
    static final int LENGTH = 8;
    static final int PARTITION_LEADER_EPOCH = 12;
    static final int MAGIC = 16;
    static final int CRC = 17;
    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    static final int BASE_TIMESTAMP = 27;
    static final int MAX_TIMESTAMP = 35;
    static final int PRODUCER_ID = 43;
    static final int PRODUCER_EPOCH = 51;
    static final int BASE_SEQUENCE = 53;
    static final int RECORDS_COUNT = 57;
    static final int RECORDS = 61;

    /** Base offset and length: the bytes not counted by the length field. */
    static final int LOG_OVERHEAD = 12;
    /** The smallest value the length field can hold for a magic 2 batch. */
    static final int MIN_LENGTH = RECORDS - LOG_OVERHEAD;

    static final byte MAGIC_V2 = 2;

    static final int COMPRESSION_MASK = 0x07;
    static final int TIMESTAMP_TYPE_MASK = 0x08;
    static final int TRANSACTIONAL_MASK = 0x10;
    static final int CONTROL_MASK = 0x20;
    static final int DELETE_HORIZON_MASK = 0x40;

    /** The smallest encoded record: a one-byte length and six one-byte fields. */
    static final int MIN_RECORD_SIZE = 7;

    private BatchLayout() {}
}
