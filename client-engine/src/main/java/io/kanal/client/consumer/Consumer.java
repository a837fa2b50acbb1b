package io.kanal.client.consumer;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.errors.CommitFailedException;
import io.kanal.client.errors.CorruptRecordException;
import io.kanal.client.errors.LogTruncationException;
import io.kanal.client.errors.NoOffsetForPartitionException;
import io.kanal.client.errors.RecordDeserializationException;
import io.kanal.client.errors.WakeupException;
import io.kanal.client.serialization.Deserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kanal's Kafka consumer: group membership with the KIP-848 protocol or manual assignment, pipelined fetching, offset
 * management. Create one with {@link #create(Map, Deserializer, Deserializer)}.
 *
 * <p>Threading: like Kafka's consumer, an instance is used by one application thread at a time; every method except
 * {@link #wakeup()} must be called from that thread (a second thread gets
 * {@link java.util.ConcurrentModificationException}).
 * A background thread per consumer runs group membership, heartbeats and fetching, so heartbeats continue however
 * long the application takes between polls, up to {@code max.poll.interval.ms}. Rebalance callbacks and commit
 * callbacks run on the application thread inside {@link #poll}.
 *
 * <p>Errors: fatal group errors, deserialization failures ({@link RecordDeserializationException}), corrupt data
 * ({@link CorruptRecordException}), a missing reset policy ({@link NoOffsetForPartitionException}) and log
 * truncation ({@link LogTruncationException}) surface from {@link #poll}; retriable broker errors are retried inside.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Consumer<K, V> extends AutoCloseable {

    /**
     * Creates a consumer.
     *
     * @param config settings with Kafka's key names (see {@link ConsumerConfig})
     * @param keyDeserializer turns key bytes into keys
     * @param valueDeserializer turns value bytes into values
     * @param <K> the key type
     * @param <V> the value type
     * @return the consumer, its background thread started
     * @throws io.kanal.client.errors.InvalidConfigException if a setting is invalid
     */
    static <K, V> Consumer<K, V> create(
            Map<String, ?> config, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        return new io.kanal.client.consumer.internals.KanalConsumer<>(config, keyDeserializer, valueDeserializer);
    }

    /**
     * Creates a consumer on shared resources: its sockets and background loop use the resources' threads, and
     * closing the consumer leaves the resources open.
     *
     * @param config Kafka-style settings; {@code bootstrap.servers} is required
     * @param keyDeserializer turns key bytes into keys
     * @param valueDeserializer turns value bytes into values
     * @param resources the shared resources, closed by their owner after the consumer; null for private ones
     * @param <K> the key type
     * @param <V> the value type
     * @return the consumer
     * @throws io.kanal.client.errors.InvalidConfigException when a setting is invalid
     */
    static <K, V> Consumer<K, V> create(
            Map<String, ?> config,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            io.kanal.client.resource.ClientResources resources) {
        return new io.kanal.client.consumer.internals.KanalConsumer<>(
                config,
                keyDeserializer,
                valueDeserializer,
                resources,
                resources == null ? io.kanal.client.common.Time.SYSTEM : resources.time());
    }

    /**
     * Joins the group ({@code group.id}) subscribed to these topics, replacing any previous subscription.
     *
     * @param topics the topics
     * @param listener told of partition moves, on the application thread
     */
    void subscribe(Collection<String> topics, RebalanceListener listener);

    /**
     * Same as {@link #subscribe(Collection, RebalanceListener)} with no listener.
     *
     * @param topics the topics
     */
    default void subscribe(Collection<String> topics) {
        subscribe(topics, RebalanceListener.NONE);
    }

    /**
     * Subscribes to every topic whose name matches, evaluated on the client against the cluster's topics at every
     * metadata refresh; the matching names are sent to the broker.
     *
     * @param pattern the pattern (Java syntax), matched against whole names
     * @param listener told of partition moves
     */
    void subscribe(Pattern pattern, RebalanceListener listener);

    /**
     * Subscribes with a regular expression the broker evaluates (KIP-848 {@code SubscribedTopicRegex}).
     *
     * @param pattern the RE2/J pattern
     * @param listener told of partition moves
     */
    void subscribe(SubscriptionPattern pattern, RebalanceListener listener);

    /** Leaves the group (revoking partitions through the listener) or drops a manual assignment. */
    void unsubscribe();

    /**
     * Reads these partitions without a group (no rebalancing). Positions come from committed offsets when
     * {@code group.id} is set, else from {@code auto.offset.reset}.
     *
     * @param partitions the partitions, replacing any previous assignment
     */
    void assign(Collection<TopicPartition> partitions);

    /**
     * The partitions currently assigned.
     *
     * @return the partitions
     */
    Set<TopicPartition> assignment();

    /**
     * The topics subscribed to (for a pattern: the matching topics).
     *
     * @return the topics
     */
    Set<String> subscription();

    /**
     * Returns records fetched since the last call, waiting up to the timeout if there are none. Runs due rebalance
     * callbacks first.
     *
     * @param timeout how long to wait for records
     * @return the records, possibly empty
     * @throws WakeupException if {@link #wakeup()} was called
     */
    ConsumerRecords<K, V> poll(Duration timeout);

    /** Commits the positions of all assigned partitions, waiting up to {@code default.api.timeout.ms}. */
    void commitSync();

    /**
     * Commits offsets, waiting up to the timeout. Retriable errors are retried within it, and so is a commit the
     * coordinator rejects with STALE_MEMBER_EPOCH because a new assignment epoch has not reached this member yet:
     * it is sent again with the member's newer epoch (Kafka's consumer throws instead, leaving the application to
     * commit again after {@code poll()}).
     *
     * @param offsets the offsets (next offset to read) per partition
     * @param timeout the wait
     * @throws CommitFailedException if this member no longer owns the partitions
     * @throws io.kanal.client.errors.TimeoutException if not done in time
     */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout);

    /**
     * Same as {@link #commitSync(Map, Duration)} with {@code default.api.timeout.ms}.
     *
     * @param offsets the offsets
     */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Commits the positions of all assigned partitions without waiting. */
    void commitAsync();

    /**
     * Commits offsets without waiting; the callback runs on the application thread in a later consumer call.
     *
     * @param offsets the offsets
     * @param callback told the outcome, may be null
     */
    void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback);

    /**
     * The last committed offsets of the group.
     *
     * @param partitions the partitions
     * @param timeout the wait
     * @return committed offsets; partitions without one are absent
     */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout);

    /**
     * Same as {@link #committed(Set, Duration)} with {@code default.api.timeout.ms}.
     *
     * @param partitions the partitions
     * @return committed offsets
     */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions);

    /**
     * The offset of the next record {@link #poll} will return, resolving it (committed offset or reset policy) if
     * needed.
     *
     * @param partition an assigned partition
     * @param timeout how long to wait for it to be resolved
     * @return the position
     */
    long position(TopicPartition partition, Duration timeout);

    /**
     * Same as {@link #position(TopicPartition, Duration)} with {@code default.api.timeout.ms}.
     *
     * @param partition an assigned partition
     * @return the position
     */
    long position(TopicPartition partition);

    /**
     * Moves the position; records buffered for the partition are dropped.
     *
     * @param partition an assigned partition
     * @param offset the next offset to read
     */
    void seek(TopicPartition partition, long offset);

    /**
     * Moves the position to a committed-style offset, keeping its leader epoch for truncation detection.
     *
     * @param partition an assigned partition
     * @param offset the offset and epoch
     */
    void seek(TopicPartition partition, OffsetAndMetadata offset);

    /**
     * Moves positions to the first offsets (resolved lazily, on the next poll or position call).
     *
     * @param partitions assigned partitions; empty means all assigned
     */
    void seekToBeginning(Collection<TopicPartition> partitions);

    /**
     * Moves positions to the end offsets (the high watermark, or the last stable offset under read_committed).
     *
     * @param partitions assigned partitions; empty means all assigned
     */
    void seekToEnd(Collection<TopicPartition> partitions);

    /**
     * Finds, per partition, the earliest offset whose timestamp is at or after the given time.
     *
     * @param timestamps the times per partition, ms since the epoch
     * @param timeout the wait
     * @return the offsets; null values for partitions with no such record
     */
    Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps, Duration timeout);

    /**
     * Same as {@link #offsetsForTimes(Map, Duration)} with {@code default.api.timeout.ms}.
     *
     * @param timestamps the times per partition
     * @return the offsets
     */
    Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps);

    /**
     * The first offsets of partitions.
     *
     * @param partitions the partitions
     * @param timeout the wait
     * @return the log start offsets
     */
    Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout);

    /**
     * The end offsets of partitions: the high watermark, or the last stable offset under read_committed.
     *
     * @param partitions the partitions
     * @param timeout the wait
     * @return the end offsets
     */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout);

    /**
     * Stops returning records of these partitions (fetching stops, the assignment is kept) until resumed.
     *
     * @param partitions assigned partitions
     */
    void pause(Collection<TopicPartition> partitions);

    /**
     * Undoes {@link #pause}.
     *
     * @param partitions assigned partitions
     */
    void resume(Collection<TopicPartition> partitions);

    /**
     * The paused partitions.
     *
     * @return the partitions
     */
    Set<TopicPartition> paused();

    /**
     * The group membership, for {@code sendOffsetsToTransaction}.
     *
     * @return the metadata
     * @throws io.kanal.client.errors.InvalidConfigException if no {@code group.id} is set
     */
    ConsumerGroupMetadata groupMetadata();

    /**
     * The consumer's metrics: records and key/value bytes returned by {@code poll()} ({@code consumer.records-consumed},
     * {@code consumer.bytes-consumed}, meters with rates), the largest lag of an assigned partition as of the last fetch
     * ({@code consumer.records-lag-max}, -1 until known), fetch requests (full and incremental), open fetch sessions,
     * the bytes of fetched data waiting for the application ({@code consumer.fetch-buffer-bytes}), and the network
     * client's request metrics.
     *
     * @return the registry
     */
    MetricRegistry metrics();

    /**
     * Makes the current or next blocking call on the application thread throw {@link WakeupException}. The only
     * method safe to call from any thread.
     */
    void wakeup();

    /**
     * Leaves the group (revoking partitions through the listener and auto-committing first if enabled), then
     * closes, waiting at most the timeout.
     *
     * @param timeout the longest wait
     */
    void close(Duration timeout);

    /** Same as {@link #close(Duration)} with 30 s. */
    @Override
    void close();
}
