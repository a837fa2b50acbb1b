package io.kanal.client.errors;

import io.kanal.client.TopicPartition;

/**
 * Fetched bytes failed their CRC or could not be decoded; none of the batch's records were delivered. Seek past
 * {@link #lastOffset()} to skip the batch.
 */
public final class CorruptRecordException extends InvalidRecordException {
    private static final long serialVersionUID = 1L;

    private final long lastOffset;

    /**
     * Creates the exception.
     *
     * @param partition where
     * @param offset the first offset of the corrupt batch
     * @param lastOffset the last offset of the corrupt batch, or {@code offset} if unknown
     * @param cause the decoding failure
     */
    public CorruptRecordException(TopicPartition partition, long offset, long lastOffset, Throwable cause) {
        super(
                "Corrupt record batch at offsets " + offset + ".." + lastOffset + " of " + partition + ": "
                        + cause.getMessage() + ". Seek to offset " + (lastOffset + 1) + " to skip it.",
                partition,
                offset,
                cause);
        this.lastOffset = lastOffset;
    }

    /**
     * The last offset of the corrupt batch.
     *
     * @return the offset
     */
    public long lastOffset() {
        return lastOffset;
    }
}
