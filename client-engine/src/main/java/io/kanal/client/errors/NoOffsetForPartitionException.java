package io.kanal.client.errors;

import io.kanal.client.TopicPartition;
import java.util.Set;

/**
 * A partition has no committed offset, or its position is out of range, and {@code auto.offset.reset=none} forbids
 * choosing one. Seek the partitions explicitly, or set {@code auto.offset.reset} to {@code earliest} or
 * {@code latest}.
 */
public final class NoOffsetForPartitionException extends InvalidConfigException {
    private static final long serialVersionUID = 1L;

    private final transient Set<TopicPartition> partitions;

    /**
     * Creates the exception.
     *
     * @param partitions the partitions without a valid position
     * @param why what is missing, e.g. "no committed offset" or "offset 42 is out of range"
     */
    public NoOffsetForPartitionException(Set<TopicPartition> partitions, String why) {
        super("No valid position for " + partitions + " (" + why + ") and auto.offset.reset=none: seek these"
                + " partitions or set auto.offset.reset to earliest or latest");
        this.partitions = Set.copyOf(partitions);
    }

    /**
     * The partitions without a position.
     *
     * @return the partitions
     */
    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
