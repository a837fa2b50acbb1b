package io.kanal.client.producer;

import com.codahale.metrics.MetricRegistry;
import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.OffsetAndMetadata;
import io.kanal.client.TopicPartition;
import io.kanal.client.cluster.PartitionInfo;
import io.kanal.client.common.Time;
import io.kanal.client.resource.ClientResources;
import io.kanal.client.serialization.Serializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Kanal's Kafka producer: batches records per partition, sends them to the partition leaders, and tells the caller
 * where each record landed. Settings are Kafka's ({@link ProducerConfigs}); idempotence is on by default.
 *
 * <p>Threading: every method is thread-safe. {@code send} runs on the caller's thread (serialize, partition, append)
 * and blocks only when {@code buffer.memory} is full or the topic's metadata is unknown, at most {@code max.block.ms}.
 * Futures and callbacks complete on the producer's sender thread, in send order per partition, as Kafka's do: keep
 * them short, or continue with {@code thenApplyAsync}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Producer<K, V> extends AutoCloseable {
    /**
     * Creates a producer.
     *
     * @param config Kafka-style settings; {@code bootstrap.servers} is required
     * @param keySerializer turns keys into bytes
     * @param valueSerializer turns values into bytes
     * @param <K> the key type
     * @param <V> the value type
     * @return the producer, ready to send
     * @throws io.kanal.client.errors.InvalidConfigException when a setting, or a combination, is invalid
     */
    static <K, V> Producer<K, V> create(
            Map<String, ?> config, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return new KanalProducer<>(config, keySerializer, valueSerializer);
    }

    /**
     * Creates a producer on shared resources: its sockets, background loop and callbacks use the resources' threads,
     * and closing the producer leaves the resources open.
     *
     * @param config Kafka-style settings; {@code bootstrap.servers} is required
     * @param keySerializer turns keys into bytes
     * @param valueSerializer turns values into bytes
     * @param resources the shared resources, closed by their owner after the producer; null for private ones
     * @param <K> the key type
     * @param <V> the value type
     * @return the producer, ready to send
     * @throws io.kanal.client.errors.InvalidConfigException when a setting, or a combination, is invalid
     */
    static <K, V> Producer<K, V> create(
            Map<String, ?> config,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            ClientResources resources) {
        return new KanalProducer<>(
                config, keySerializer, valueSerializer, resources, resources == null ? Time.SYSTEM : resources.time());
    }

    /**
     * Queues a record for sending.
     *
     * @param record the record
     * @return completes with the record's partition and offset once acknowledged, or exceptionally with a
     *     {@link io.kanal.client.errors.KafkaException}: {@link io.kanal.client.errors.TimeoutException} after
     *     {@code delivery.timeout.ms} or {@code max.block.ms}, {@link io.kanal.client.errors.RecordTooLargeException},
     *     {@link io.kanal.client.errors.AuthorizationException}, {@link io.kanal.client.errors.ClientClosedException} ...
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

    /**
     * Queues a record and calls {@code callback} with the outcome: the lighter form for high rates (no future per
     * record). Callbacks run in order, one at a time, on the client resources' callback executor (for a producer
     * created on its own, its loop thread), or on the caller's thread if the record fails before it is queued. A
     * callback must not call {@link #flush()}; it may call {@link #close}, which then closes at once.
     *
     * @param record the record
     * @param callback told of the outcome, once
     */
    void send(ProducerRecord<K, V> record, Callback callback);

    /**
     * Sends every queued record at once and waits until each record sent before this call has completed.
     *
     * @throws io.kanal.client.errors.KafkaException if interrupted
     */
    void flush();

    /**
     * Makes a transactional producer ({@code transactional.id}) ready for transactions: finds its transaction
     * coordinator and takes the id's producer id and a new epoch, which fences every older producer with the same
     * id and ends any transaction it left open. Called once, before the first transaction. Called again after a
     * fatal error (such as {@link io.kanal.client.errors.ProducerFencedException}), it asks for a new epoch from the
     * current one (KIP-588): the coordinator grants it only if no other instance took the id since (as after a
     * transaction it timed out, under transactions V2), so a fenced zombie is refused and never fences its successor;
     * when refused, close this producer and create a new one if this instance is still the rightful owner.
     *
     * @throws IllegalStateException if the producer is not transactional
     * @throws io.kanal.client.errors.TimeoutException if it did not finish within {@code max.block.ms}; calling it
     *     again keeps waiting for the same initialisation
     * @throws io.kanal.client.errors.KafkaException if it failed (fenced, not authorized)
     */
    void initTransactions();

    /**
     * Begins a transaction: the records sent until {@link #commitTransaction()} or {@link #abortTransaction()} become
     * visible to {@code read_committed} consumers together, or not at all.
     *
     * @throws IllegalStateException if the producer is not transactional, not initialised, or in a transaction
     * @throws io.kanal.client.errors.KafkaException the error that stopped the producer, if one did
     */
    void beginTransaction();

    /**
     * Commits a consumer's offsets as part of the transaction (KIP-447): they count only if the transaction commits,
     * and only if the consumer is still that member of its group, so that a zombie cannot commit.
     *
     * @param offsets the next offset to consume, per partition
     * @param groupMetadata the consumer's {@code groupMetadata()}
     * @throws io.kanal.client.errors.TransactionAbortableException if the offsets were refused; abort the transaction
     * @throws io.kanal.client.errors.TimeoutException if not done within {@code max.block.ms}
     */
    void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata);

    /**
     * Sends every record of the transaction, waits for them, and commits the transaction.
     *
     * @throws io.kanal.client.errors.TransactionAbortableException if a record or the offsets failed: call
     *     {@link #abortTransaction()}, then go on
     * @throws io.kanal.client.errors.ProducerFencedException if another producer took over the transactional id, or
     *     the coordinator timed the transaction out: close this producer
     * @throws io.kanal.client.errors.TimeoutException if not done within {@code max.block.ms}; calling it again keeps
     *     waiting for the same commit
     */
    void commitTransaction();

    /**
     * Aborts the transaction: records not sent yet fail with
     * {@link io.kanal.client.errors.TransactionAbortedException}, and those sent stay invisible to
     * {@code read_committed} consumers. After an error whose outcome is unknown the abort also moves the producer to a
     * new epoch, so that a late record can never join a later transaction.
     *
     * @throws io.kanal.client.errors.ProducerFencedException if another producer took over the transactional id
     * @throws io.kanal.client.errors.TimeoutException if not done within {@code max.block.ms}; calling it again keeps
     *     waiting for the same abort
     */
    void abortTransaction();

    /**
     * The partitions of a topic, waiting up to {@code max.block.ms} for its metadata.
     *
     * @param topic the topic
     * @return the partitions
     * @throws io.kanal.client.errors.TimeoutException if the topic is not known in time
     */
    List<PartitionInfo> partitionsFor(String topic);

    /**
     * The producer's metrics: records sent and failed, batch sizes, compression, buffer memory, and the network
     * client's request metrics.
     *
     * @return the registry
     */
    MetricRegistry metrics();

    /**
     * Sends what is queued for up to {@code timeout}, then fails every record not acknowledged with a
     * {@link io.kanal.client.errors.ClientClosedException} and releases the connections; a transaction still open is
     * aborted first. Later sends fail. Idempotent.
     *
     * @param timeout how long to keep sending
     */
    void close(Duration timeout);

    /** Closes with an unbounded wait for queued records, as Kafka's {@code close()} does. */
    @Override
    void close();
}
