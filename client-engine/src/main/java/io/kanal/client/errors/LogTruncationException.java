package io.kanal.client.errors;

import io.kanal.client.TopicPartition;

/**
 * The partition's log was truncated below this consumer's position after a leader change (unclean election), and
 * {@code auto.offset.reset=none} forbids moving on silently. Records between {@link #divergentOffset()} and the old
 * position were lost by the cluster; seek to decide where to resume.
 */
public final class LogTruncationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    private final TopicPartition partition;
    private final long divergentOffset;

    /**
     * Creates the exception.
     *
     * @param partition the partition
     * @param position the consumer's position
     * @param divergentOffset the end offset of the last epoch the consumer and the leader agree on
     */
    public LogTruncationException(TopicPartition partition, long position, long divergentOffset) {
        super("Log truncation detected on " + partition + ": position " + position + " but the leader's log diverges at"
                + " offset " + divergentOffset);
        this.partition = partition;
        this.divergentOffset = divergentOffset;
    }

    /**
     * The partition.
     *
     * @return the partition
     */
    public TopicPartition topicPartition() {
        return partition;
    }

    /**
     * Where the logs diverge: the first offset that may differ.
     *
     * @return the offset
     */
    public long divergentOffset() {
        return divergentOffset;
    }
}
