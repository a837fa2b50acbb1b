package io.kanal.client.admin;

/**
 * Which offset {@link AdminOperations#listOffsets} finds, as the ListOffsets timestamp field encodes it.
 *
 * @param timestamp -2 earliest, -1 latest, -3 the record with the largest timestamp, or a time in ms since the epoch
 */
public record OffsetSpec(long timestamp) {
    private static final long EARLIEST = -2;
    private static final long LATEST = -1;
    private static final long MAX_TIMESTAMP = -3;

    /** Validates the timestamp. */
    public OffsetSpec {
        if (timestamp < MAX_TIMESTAMP) {
            throw new IllegalArgumentException("Not an offset spec: " + timestamp);
        }
    }

    /**
     * The log start offset.
     *
     * @return the spec
     */
    public static OffsetSpec earliest() {
        return new OffsetSpec(EARLIEST);
    }

    /**
     * The log end offset (high watermark, or last stable offset for READ_COMMITTED).
     *
     * @return the spec
     */
    public static OffsetSpec latest() {
        return new OffsetSpec(LATEST);
    }

    /**
     * The offset of the record with the largest timestamp (ListOffsets v7+, KIP-734).
     *
     * @return the spec
     */
    public static OffsetSpec maxTimestamp() {
        return new OffsetSpec(MAX_TIMESTAMP);
    }

    /**
     * The first offset whose timestamp is at or after a time.
     *
     * @param epochMs the time, ms since the epoch, not negative
     * @return the spec
     */
    public static OffsetSpec forTimestamp(long epochMs) {
        if (epochMs < 0) {
            throw new IllegalArgumentException("timestamp must not be negative: " + epochMs);
        }
        return new OffsetSpec(epochMs);
    }

    /**
     * The lowest ListOffsets version that can answer this spec.
     *
     * @return the version
     */
    short minVersion() {
        return timestamp == MAX_TIMESTAMP ? (short) 7 : (short) 1;
    }
}
