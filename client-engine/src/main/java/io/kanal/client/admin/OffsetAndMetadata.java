package io.kanal.client.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * A consumer group's committed position in a partition.
 *
 * @param offset the next offset to consume, not negative
 * @param leaderEpoch the leader epoch of the last consumed record, if known
 * @param metadata free text stored with the offset, "" if none
 */
public record OffsetAndMetadata(long offset, Optional<Integer> leaderEpoch, String metadata) {
    /** Validates the components. */
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        Objects.requireNonNull(leaderEpoch, "leaderEpoch");
        metadata = metadata == null ? "" : metadata;
    }

    /**
     * An offset with no epoch or metadata.
     *
     * @param offset the offset
     * @return the value
     */
    public static OffsetAndMetadata of(long offset) {
        return new OffsetAndMetadata(offset, Optional.empty(), "");
    }
}
