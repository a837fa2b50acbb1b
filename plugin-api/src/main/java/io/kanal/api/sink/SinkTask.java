package io.kanal.api.sink;

import io.kanal.api.connector.Task;
import java.util.Collection;
import java.util.Map;

/**
 * Writes records from Kafka to an external system; Kafka Connect's {@code SinkTask}.
 *
 * <p>Threading: every method is called on the task's own thread ({@code kanal-task-<connector>-<id>}), one call at
 * a time: {@link #initialize}, {@link #start}, then {@link #open} and {@link #close} as partitions are assigned and
 * revoked, {@link #put} for each batch, {@link #preCommit} before each offset commit, and {@link #stop}. A call past
 * its deadline is reported as stuck in the task's status; the group membership is kept alive meanwhile.
 */
public abstract class SinkTask implements Task {

    /** For subclasses: the runtime creates a sink task through its public no-argument constructor. */
    protected SinkTask() {}

    /** The key that lists a sink's topics, as in Connect. */
    public static final String TOPICS_CONFIG = "topics";

    /** The key that selects a sink's topics by regular expression, as in Connect. */
    public static final String TOPICS_REGEX_CONFIG = "topics.regex";

    private SinkTaskContext context;

    /**
     * Hands the task its context; called once, before {@link #start}.
     *
     * @param context the context
     */
    public void initialize(SinkTaskContext context) {
        this.context = context;
    }

    /**
     * The context given to {@link #initialize}.
     *
     * @return the context, or {@code null} before initialisation
     */
    protected SinkTaskContext context() {
        return context;
    }

    /**
     * Writes a batch (or buffers it, to write in {@link #flush}). Throwing {@link
     * io.kanal.api.errors.RetriableException} asks for the same batch again after {@link SinkTaskContext#timeout};
     * any other exception fails the task.
     *
     * @param records the batch, in offset order per partition; may be empty
     */
    public abstract void put(Collection<SinkRecord> records);

    /**
     * Makes everything passed to {@link #put} so far durable in the destination. Does nothing by default.
     *
     * @param currentOffsets the next offset to read for each partition, as of the records passed so far
     */
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {}

    /**
     * Called before an offset commit: returns the offsets that are safe to commit. By default flushes and returns
     * {@code currentOffsets}; a task that writes asynchronously returns less, and an empty map commits nothing.
     *
     * @param currentOffsets the next offset to read for each partition, as of the records passed so far
     * @return the offsets to commit
     */
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        flush(currentOffsets);
        return currentOffsets;
    }

    /**
     * Partitions newly assigned to this task; open writers for them here. Does nothing by default.
     *
     * @param partitions the partitions
     */
    public void open(Collection<TopicPartition> partitions) {}

    /**
     * Partitions taken away from this task; close their writers. Records of them already passed to {@link #put}
     * were offered to {@link #preCommit} first. Does nothing by default.
     *
     * @param partitions the partitions
     */
    public void close(Collection<TopicPartition> partitions) {}
}
