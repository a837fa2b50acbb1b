package io.kanal.api.sink;

/**
 * The offset a sink commits for a partition: that of the next record to read, with optional metadata. Connect's
 * also carries the leader epoch, which the runtime tracks itself. Immutable; any thread.
 *
 * @param offset the next offset to read
 * @param metadata a short note stored with the commit, or {@code null}
 */
public record OffsetAndMetadata(long offset, String metadata) {

    /** Checks the offset. */
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset is zero or more, got " + offset);
        }
    }

    /**
     * An offset without metadata.
     *
     * @param offset the next offset to read
     */
    public OffsetAndMetadata(long offset) {
        this(offset, null);
    }
}
