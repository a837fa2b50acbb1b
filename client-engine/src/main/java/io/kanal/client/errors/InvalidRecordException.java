package io.kanal.client.errors;

import io.kanal.client.TopicPartition;

/**
 * A record could not be delivered: its bytes are corrupt or a deserializer rejected them. The consumer's position
 * stays at the record, so the next poll fails the same way; the application decides, for example by
 * {@link Consumer#seek seeking} to {@link #offset()} + 1 to skip it.
 */
public sealed class InvalidRecordException extends KafkaException
        permits CorruptRecordException, RecordDeserializationException {
    private static final long serialVersionUID = 1L;

    private final TopicPartition partition;
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param partition where
     * @param offset the record's offset (for a corrupt batch, its first offset)
     * @param cause the underlying failure, or null
     */
    public InvalidRecordException(String message, TopicPartition partition, long offset, Throwable cause) {
        super(message, cause);
        this.partition = partition;
        this.offset = offset;
    }

    /**
     * The partition of the record.
     *
     * @return the partition
     */
    public TopicPartition topicPartition() {
        return partition;
    }

    /**
     * The offset of the record.
     *
     * @return the offset
     */
    public long offset() {
        return offset;
    }
}
