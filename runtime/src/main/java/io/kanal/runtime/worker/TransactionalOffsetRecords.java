package io.kanal.runtime.worker;

import io.kanal.client.producer.ProducerRecord;
import io.kanal.runtime.store.kafka.OffsetRecordCodec;
import io.kanal.runtime.task.SourceTransactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The offset records an exactly-once source task writes in its transactions: Connect's offsets topic format ({@link
 * OffsetRecordCodec}: key {@code ["<connector>",{partition}]}, value {@code {offset}}), one record per source partition,
 * to the primary offsets topic on the producer's cluster (KIP-618: the connector's own {@code offsets.storage.topic},
 * or a topic named like the worker's). After the commit, {@code afterCommit} copies the offsets to the secondary store
 * (the worker's global topic) when there is one; before it, {@code beforeCommit} writes the transaction's removals
 * there first, so that a removed offset cannot come back from the secondary. The partition is left to the producer's default partitioner (murmur2
 * of the key bytes), as Connect leaves it.
 *
 * <p>Immutable apart from the codec, which holds no state; called on the task's thread.
 *
 * @param connector the connector's name
 * @param topic the topic the offsets go to in the transaction
 * @param beforeCommit writes the removals of a transaction about to commit to the secondary store, if any
 * @param afterCommit told of the offsets a transaction committed
 */
record TransactionalOffsetRecords(
        String connector,
        String topic,
        Function<Map<Map<String, ?>, Map<String, ?>>, CompletableFuture<Void>> beforeCommit,
        Consumer<Map<Map<String, ?>, Map<String, ?>>> afterCommit)
        implements SourceTransactions.OffsetRecords {

    /**
     * Checks the components.
     *
     * @param connector the connector
     * @param topic the topic
     * @param beforeCommit the before-commit step
     * @param afterCommit the after-commit step
     */
    TransactionalOffsetRecords {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(beforeCommit, "beforeCommit");
        Objects.requireNonNull(afterCommit, "afterCommit");
    }

    @Override
    public List<ProducerRecord<byte[], byte[]>> records(Map<Map<String, ?>, Map<String, ?>> offsets) {
        OffsetRecordCodec codec = new OffsetRecordCodec();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(offsets.size());
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            out.add(ProducerRecord.of(topic, codec.encodeKey(connector, e.getKey()), codec.encodeValue(e.getValue())));
        }
        return out;
    }

    @Override
    public CompletableFuture<Void> beforeCommit(Map<Map<String, ?>, Map<String, ?>> offsets) {
        return beforeCommit.apply(offsets);
    }

    @Override
    public void committed(Map<Map<String, ?>, Map<String, ?>> offsets) {
        afterCommit.accept(offsets);
    }
}
