package io.kanal.api.sink;

import java.util.Map;
import java.util.Set;

/**
 * What a sink task may ask of the runtime; Kafka Connect's {@code SinkTaskContext}. Its methods are meant to be
 * called on the task's thread, from within {@code put}, {@code open} or {@code flush}; requests take effect when
 * that call returns.
 */
public interface SinkTaskContext {

    /**
     * The task's configuration as the connector produced it.
     *
     * @return the configuration; unmodifiable
     */
    Map<String, String> configs();

    /**
     * Rewinds (or advances) partitions: the next records read come from these offsets. For a sink that stores its
     * position in the destination, called from {@link SinkTask#open}.
     *
     * @param offsets the next offset to read, by partition
     */
    void offset(Map<TopicPartition, Long> offsets);

    /**
     * Rewinds one partition.
     *
     * @param partition the partition
     * @param offset the next offset to read
     */
    void offset(TopicPartition partition, long offset);

    /**
     * After a {@link io.kanal.api.errors.RetriableException} from {@code put}: how long to wait before the same
     * records are passed again.
     *
     * @param timeoutMs the back-off in milliseconds
     */
    void timeout(long timeoutMs);

    /**
     * The partitions currently assigned to this task.
     *
     * @return the partitions; unmodifiable
     */
    Set<TopicPartition> assignment();

    /**
     * Stops fetching from these partitions until {@link #resume}; the task stays in its group.
     *
     * @param partitions the partitions
     */
    void pause(TopicPartition... partitions);

    /**
     * Fetches from paused partitions again.
     *
     * @param partitions the partitions
     */
    void resume(TopicPartition... partitions);

    /** Asks for an offset commit (through {@code preCommit}) as soon as the current call returns. */
    void requestCommit();

    /**
     * The reporter for records that cannot be written; Kanal always provides one (Connect may return {@code null}).
     *
     * @return the reporter
     */
    ErrantRecordReporter errantRecordReporter();
}
