package io.kanal.client.consumer.internals;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.kanal.client.TopicPartition;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.consumer.ConsumerRecords;
import io.kanal.client.errors.CorruptRecordException;
import io.kanal.client.errors.InvalidRecordException;
import io.kanal.client.errors.RecordDeserializationException;
import io.kanal.client.record.Header;
import io.kanal.client.record.RecordCursor;
import io.kanal.client.record.TimestampType;
import io.kanal.client.serialization.Deserializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns buffered fetch data into {@link ConsumerRecords} on the application thread: deserializes keys and values,
 * advances positions, drops data made stale by a seek or revocation, and raises a partition's error once its good
 * records have been returned.
 *
 * <p>Application thread only.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class RecordDrainer<K, V> {
    private final FetchBuffer buffer;
    private final SubscriptionState subscriptions;
    private final Deserializer<K> keys;
    private final Deserializer<V> values;
    private final Meter recordsConsumed;
    private final Meter bytesConsumed;
    /** Key and value bytes of the records taken in the current drain. */
    private long drainedBytes;
    /** The boxed epoch of the last record: nearly every record of a fetch shares it, so it is not boxed per record. */
    private Optional<Integer> lastEpoch = Optional.empty();

    RecordDrainer(
            FetchBuffer buffer,
            SubscriptionState subscriptions,
            Deserializer<K> keys,
            Deserializer<V> values,
            MetricRegistry metrics) {
        this.buffer = buffer;
        this.subscriptions = subscriptions;
        this.keys = keys;
        this.values = values;
        this.recordsConsumed = metrics.meter("consumer.records-consumed");
        this.bytesConsumed = metrics.meter("consumer.bytes-consumed");
    }

    /**
     * Takes up to {@code max} records.
     *
     * @param max the most records
     * @return the records, possibly empty
     * @throws InvalidRecordException when the next record cannot be delivered and no record was collected before it
     * @throws RuntimeException a partition error, likewise
     */
    ConsumerRecords<K, V> drain(int max) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        int taken = 0;
        while (taken < max) {
            CompletedFetch f = buffer.peek();
            if (f == null) {
                break;
            }
            if (!subscriptions.isCurrent(f.partition, f.generation)) {
                buffer.remove(f);
                continue;
            }
            List<ConsumerRecord<K, V>> list = new ArrayList<>(Math.min(max - taken, f.remainingHint()));
            Throwable failure = null;
            try {
                take(f, list, max - taken);
            } catch (RuntimeException | Error e) {
                // The failed record stays next in line; the records taken before it are past the cursor already,
                // so they are returned, whatever the failure was.
                failure = e;
                if (e instanceof CorruptRecordException) {
                    subscriptions.blockFetching(f.partition, f.generation); // nothing past it is deliverable
                }
            }
            long nextOffset;
            int nextEpoch;
            if (failure == null && f.exhausted()) {
                // Past skipped control or aborted batches too; with an error, up to the bad batch.
                nextOffset = f.nextOffset;
                nextEpoch = f.nextOffsetEpoch;
            } else if (!list.isEmpty()) {
                nextOffset = f.deliveredOffset() + 1;
                nextEpoch = f.deliveredEpoch();
            } else {
                nextOffset = -1;
                nextEpoch = -1;
            }
            if (nextOffset >= 0 && !subscriptions.advance(f.partition, f.generation, nextOffset, nextEpoch)) {
                buffer.remove(f);
                continue;
            }
            if (!list.isEmpty()) {
                List<ConsumerRecord<K, V>> earlier = out.putIfAbsent(f.partition, list);
                if (earlier != null) {
                    earlier.addAll(list);
                }
                taken += list.size();
            }
            if (failure == null && f.exhausted() && f.error != null) {
                failure = f.error;
                if (!(failure instanceof InvalidRecordException)) {
                    buffer.remove(f); // a broker error is raised once; bad data is raised until sought past
                }
            } else if (failure == null && f.exhausted()) {
                buffer.remove(f);
            }
            if (failure != null) {
                if (taken > 0) {
                    break; // return what is good now; the error comes on the next poll
                }
                drainedBytes = 0;
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            }
        }
        ConsumerRecords<K, V> records = new ConsumerRecords<>(out);
        markConsumed(records.count());
        return records;
    }

    private void markConsumed(int count) {
        if (count > 0) {
            recordsConsumed.mark(count);
            bytesConsumed.mark(drainedBytes);
        }
        drainedBytes = 0;
    }

    /**
     * Decodes up to {@code limit} records of one fetch into the list. The per-record loop lives here rather than in
     * {@link #drain} so that the JIT compiles it on its own: a deoptimisation in the bookkeeping around it (a buffer
     * found empty, a partition met twice in one poll) then recompiles only that small method.
     */
    private void take(CompletedFetch f, List<ConsumerRecord<K, V>> list, int limit) {
        for (RecordCursor r; list.size() < limit && (r = f.nextRecord()) != null; ) {
            list.add(convert(f, r));
            f.delivered(r);
            drainedBytes += Math.max(0, r.keySize()) + Math.max(0, r.valueSize());
        }
    }

    private ConsumerRecord<K, V> convert(CompletedFetch f, RecordCursor r) {
        String topic = f.partition.topic();
        List<Header> headers = r.headers();
        K key;
        V value;
        try {
            key = keys.deserialize(topic, headers, r.key());
        } catch (RuntimeException e) {
            throw new RecordDeserializationException(f.partition, r.offset(), "key", e);
        }
        try {
            value = values.deserialize(topic, headers, r.value());
        } catch (RuntimeException e) {
            throw new RecordDeserializationException(f.partition, r.offset(), "value", e);
        }
        int epoch = r.leaderEpoch();
        Optional<Integer> leaderEpoch = lastEpoch;
        if (epoch < 0) {
            leaderEpoch = Optional.empty();
        } else if (leaderEpoch.isEmpty() || leaderEpoch.get() != epoch) {
            leaderEpoch = Optional.of(epoch);
            lastEpoch = leaderEpoch;
        }
        return new ConsumerRecord<>(
                topic,
                f.partition.partition(),
                r.offset(),
                r.timestamp(),
                r.logAppendTime() ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
                leaderEpoch,
                key,
                value,
                headers,
                r.keySize(),
                r.valueSize());
    }
}
