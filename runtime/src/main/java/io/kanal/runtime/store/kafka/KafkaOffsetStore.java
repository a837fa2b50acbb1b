package io.kanal.runtime.store.kafka;

import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.producer.RecordMetadata;
import io.kanal.client.resource.ClientResources;
import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.store.StoreException;
import io.kanal.runtime.store.kafka.OffsetRecordCodec.OffsetKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed mode's source offsets: Connect's offsets topic ({@code offset.storage.topic}), keys {@code
 * ["<connector>",{partition}]} and values {@code {offset}} as plain JSON ({@link OffsetRecordCodec}); a tombstone
 * removes a partition's offset. The map is kept by tailing the topic, so it holds every worker's offsets; a write
 * produces through the idempotent producer, waits for the acknowledgements and then updates the map.
 *
 * <p>Partitions are compared by content, as in {@code FileOffsetStore}: {@code {"a":1,"b":2}} and {@code
 * {"b":2,"a":1}} are one partition, and an {@code Integer} 1 equals the {@code Long} 1 read back.
 *
 * <p><b>Catching up.</b> Another worker's writes arrive through the tail thread, some time after they were
 * acknowledged. A source task that moves to this worker must see the offsets its previous owner wrote: the worker
 * calls {@link #readToEnd(Duration)} before it starts a source task (Connect's tasks read offsets through a reader
 * that reads the topic to its end first).
 *
 * <p><b>Threading.</b> Thread-safe: tasks read and write from their own threads; the tail thread {@code
 * kanal-store-<offsets topic>} applies records. The map is concurrent; each entry remembers the log position of its
 * value, so that a record read late never replaces a newer value this worker wrote.
 */
public final class KafkaOffsetStore implements OffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOffsetStore.class);

    /** A partition's offset and where its record is in the topic; {@code offset} null for a removal. */
    private record Stored(byte[] keyBytes, Map<String, Object> offset, int partition, long logOffset) {
        boolean newerThan(int otherPartition, long otherOffset) {
            // two records of one key only have an order within one partition; another partition means another
            // writer's partitioner or field order, where the last one read wins
            return partition == otherPartition && logOffset > otherOffset;
        }
    }

    private final KafkaStoreSettings settings;
    private final OffsetRecordCodec codec = new OffsetRecordCodec();
    private final InternalTopicLog log;
    private final ConcurrentHashMap<OffsetKey, Stored> offsets = new ConcurrentHashMap<>();

    /**
     * Describes the store; nothing happens until {@link #start()}.
     *
     * @param settings the worker's store settings
     * @param resources the worker's shared client resources (closed by the caller after this store); null for
     *     private ones
     */
    public KafkaOffsetStore(KafkaStoreSettings settings, ClientResources resources) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = new InternalTopicLog(
                KafkaStoreSettings.OFFSET_TOPIC,
                settings.offsetTopic(),
                false,
                settings.clientProperties(),
                settings.groupId() + "-offsets",
                resources,
                this::onRecord,
                settings.timeout());
    }

    /**
     * Creates or checks the topic, reads it whole and starts tailing.
     *
     * @throws StoreException when the topic cannot be created, is not usable, or cannot be read
     */
    @Override
    public void start() {
        log.start();
        LOG.info("Offset store started on topic '{}' with {} partition offsets", log.topic(), offsets.size());
    }

    @Override
    public Optional<Map<String, Object>> offset(String connector, Map<String, ?> partition) {
        Stored stored = offsets.get(key(connector, partition));
        return stored == null || stored.offset() == null ? Optional.empty() : Optional.of(stored.offset());
    }

    @Override
    public Map<Map<String, Object>, Map<String, Object>> offsets(String connector) {
        Map<Map<String, Object>, Map<String, Object>> result = new LinkedHashMap<>();
        offsets.forEach((key, stored) -> {
            if (key.connector().equals(connector) && stored.offset() != null) {
                result.put(key.partition(), stored.offset());
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /**
     * {@inheritDoc}
     *
     * <p>If some records were acknowledged and others not, the acknowledged ones are in the topic (and other workers
     * will read them) but this store's map is unchanged until the tail thread reads them.
     */
    @Override
    public void write(String connector, Map<? extends Map<String, ?>, ? extends Map<String, ?>> writes) {
        awaitDurable(connector, writeAsync(connector, writes));
    }

    private void awaitDurable(String connector, CompletableFuture<Void> written) {
        try {
            written.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while writing the offsets of connector " + connector, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StoreException store
                    ? store
                    : new StoreException("Could not write the offsets of connector " + connector, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StoreException(
                    "Timed out after " + settings.timeout().toMillis() + " ms writing the offsets of connector "
                            + connector + " to topic '" + log.topic() + "'",
                    e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The records go to the idempotent producer at once, in order; the map learns each offset when all are
     * acknowledged.
     */
    @Override
    public CompletableFuture<Void> writeAsync(
            String connector, Map<? extends Map<String, ?>, ? extends Map<String, ?>> writes) {
        Objects.requireNonNull(connector, "connector");
        List<byte[]> keys = new ArrayList<>(writes.size());
        List<byte[]> values = new ArrayList<>(writes.size());
        for (Map.Entry<? extends Map<String, ?>, ? extends Map<String, ?>> e : writes.entrySet()) {
            if (e.getKey() == null) {
                throw new StoreException("A source partition of connector " + connector + " is null");
            }
            try {
                keys.add(codec.encodeKey(connector, e.getKey()));
                values.add(codec.encodeValue(e.getValue()));
            } catch (IllegalArgumentException bad) {
                throw new StoreException(
                        "An offset of connector " + connector + " cannot be written: " + bad.getMessage(), bad);
            }
        }
        return produce(connector, keys, values);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads to the end first, so that the partitions other workers wrote are removed too, then writes a tombstone
     * for each partition with the exact key bytes that were read (a tombstone must land on the key's partition).
     */
    @Override
    public void reset(String connector) {
        readToEnd(settings.timeout());
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        offsets.forEach((key, stored) -> {
            if (key.connector().equals(connector) && stored.offset() != null) {
                keys.add(stored.keyBytes());
                values.add(null);
            }
        });
        awaitDurable(connector, produce(connector, keys, values));
    }

    /**
     * Waits until every offset written to the topic before this call, by any worker, is in this store.
     *
     * @param timeout the longest wait
     * @throws StoreException on timeout or when the topic cannot be read
     */
    @Override
    public void readToEnd(Duration timeout) {
        log.readToEnd(timeout);
    }

    @Override
    public void close() {
        log.close();
    }

    private CompletableFuture<Void> produce(String connector, List<byte[]> keys, List<byte[]> values) {
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            sent.add(log.send(keys.get(i), values.get(i)));
        }
        CompletableFuture<Void> durable = new CompletableFuture<>();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                durable.completeExceptionally(new StoreException(
                        "Could not write the offsets of connector " + connector + " to topic '" + log.topic() + "': "
                                + cause.getMessage(),
                        cause));
                return;
            }
            try {
                for (int i = 0; i < keys.size(); i++) {
                    RecordMetadata metadata = sent.get(i).join();
                    apply(keys.get(i), values.get(i), metadata.topicPartition().partition(), metadata.offset());
                }
                durable.complete(null);
            } catch (RuntimeException e) {
                durable.completeExceptionally(e);
            }
        });
        return durable;
    }

    /** Every record of the topic, on the thread reading it. */
    private void onRecord(ConsumerRecord<byte[], byte[]> record) {
        try {
            apply(record.key(), record.value(), record.partition(), record.offset());
        } catch (InternalRecordException e) {
            // as Connect: a record whose key or value is not an offset is skipped, never fatal
            LOG.warn(
                    "Skipping the record at partition {} offset {} of offsets topic '{}': {}",
                    record.partition(),
                    record.offset(),
                    log.topic(),
                    e.getMessage());
        }
    }

    private void apply(byte[] keyBytes, byte[] valueBytes, int partition, long logOffset) {
        OffsetKey key = codec.decodeKey(keyBytes);
        Map<String, Object> value = codec.decodeValue(keyBytes, valueBytes).orElse(null);
        offsets.compute(key, (k, old) -> {
            if (old != null && old.newerThan(partition, logOffset)) {
                return old;
            }
            // a removal is kept as an entry without offset, so that an older value read late cannot revive it
            return new Stored(keyBytes, value, partition, logOffset);
        });
    }

    private OffsetKey key(String connector, Map<String, ?> partition) {
        // through JSON and back, so that the lookup key has the types of the keys read from the topic
        return codec.decodeKey(codec.encodeKey(connector, partition));
    }
}
