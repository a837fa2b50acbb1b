package io.kanal.client.errors;

import io.kanal.client.TopicPartition;

/** A deserializer rejected a record's key or value; seek past {@link #offset()} to skip it. */
public final class RecordDeserializationException extends InvalidRecordException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param partition where
     * @param offset the record's offset
     * @param part "key" or "value"
     * @param cause what the deserializer threw
     */
    public RecordDeserializationException(TopicPartition partition, long offset, String part, Throwable cause) {
        super(
                "Cannot deserialize the " + part + " of the record at offset " + offset + " of " + partition + ": "
                        + cause + ". Seek to offset " + (offset + 1) + " to skip it.",
                partition,
                offset,
                cause);
    }
}
