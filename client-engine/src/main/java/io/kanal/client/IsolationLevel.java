package io.kanal.client;

/** Which records count when listing latest offsets, with the protocol ids. */
public enum IsolationLevel {
    /** Every record: the latest offset is the high watermark. */
    READ_UNCOMMITTED((byte) 0),
    /** Committed transactional records only: the latest offset is the last stable offset. */
    READ_COMMITTED((byte) 1);

    private final byte id;

    IsolationLevel(byte id) {
        this.id = id;
    }

    /**
     * The protocol id.
     *
     * @return the id
     */
    public byte id() {
        return id;
    }
}
