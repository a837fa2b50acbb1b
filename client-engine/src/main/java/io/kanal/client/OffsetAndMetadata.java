package io.kanal.client;

import java.util.Optional;

/**
 * An offset to commit or a committed offset: the offset of the next record to consume, the leader epoch of the last
 * consumed record (used to detect log truncation after a restart), and free-form metadata.
 *
 * @param offset the next offset to consume, not negative
 * @param leaderEpoch the leader epoch of the record before {@code offset}, if known
 * @param metadata free-form text stored with the offset, never null
 */
public record OffsetAndMetadata(long offset, Optional<Integer> leaderEpoch, String metadata) {
    /** Validates the components. */
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        leaderEpoch = leaderEpoch == null ? Optional.empty() : leaderEpoch;
        metadata = metadata == null ? "" : metadata;
    }

    /**
     * An offset with no epoch and no metadata.
     *
     * @param offset the next offset to consume
     * @return the value
     */
    public static OffsetAndMetadata of(long offset) {
        return new OffsetAndMetadata(offset, Optional.empty(), "");
    }

    /**
     * An offset with metadata.
     *
     * @param offset the next offset to consume
     * @param metadata the metadata
     * @return the value
     */
    public static OffsetAndMetadata of(long offset, String metadata) {
        return new OffsetAndMetadata(offset, Optional.empty(), metadata);
    }
}
