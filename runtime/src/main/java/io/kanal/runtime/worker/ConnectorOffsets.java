package io.kanal.runtime.worker;

import io.kanal.api.source.OffsetReader;
import io.kanal.runtime.store.OffsetStore;
import io.kanal.runtime.task.SourceOffsetStore;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source connector's offsets: what its tasks write through their pipelines ({@link SourceOffsetStore}) and read on
 * start ({@link OffsetReader}, for {@code context.offsetReader()}), and what the offsets REST endpoints read and change.
 *
 * <p>Either the worker's {@link OffsetStore} alone, or (KIP-618, {@link OffsetStoreLayout}) a <em>primary</em> store on
 * the connector's own offsets topic with the worker's store as <em>secondary</em>: reads take the primary's offset
 * and fall back to the secondary's for partitions the primary lacks ({@link OffsetMerge}); a write goes to the primary
 * (inside the transaction, for an exactly-once task) and, once that succeeded, a copy goes to the secondary,
 * best-effort (a failed copy is logged, as Connect does); removals go to the secondary first, so that an old offset
 * there cannot show through a removal in the primary.
 *
 * <p>Thread-safe as the stores are. Callbacks of the secondary copy run on the store's producer thread and only log.
 */
public final class ConnectorOffsets implements SourceOffsetStore, OffsetReader {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorOffsets.class);

    private final OffsetStore primary;
    private final OffsetStore secondary;
    private final String connector;
    private final Optional<String> primaryTopic;

    /**
     * Binds a connector to the worker's store alone.
     *
     * @param store the worker's offset store
     * @param connector the connector's name
     */
    public ConnectorOffsets(OffsetStore store, String connector) {
        if (store == null || connector == null) {
            throw new IllegalArgumentException("store and connector are required");
        }
        this.primary = store;
        this.secondary = null;
        this.connector = connector;
        this.primaryTopic = Optional.empty();
    }

    /**
     * Binds a connector to its own offsets topic (primary) and the worker's store (secondary).
     *
     * @param primary the store of the connector's offsets topic, started
     * @param primaryTopic that topic's name (an exactly-once task's transaction writes there)
     * @param secondary the worker's offset store
     * @param connector the connector's name
     */
    public ConnectorOffsets(OffsetStore primary, String primaryTopic, OffsetStore secondary, String connector) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.primaryTopic = Optional.of(primaryTopic);
        this.secondary = Objects.requireNonNull(secondary, "secondary");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    @Override
    public CompletableFuture<Void> write(Map<Map<String, ?>, Map<String, ?>> offsets) {
        if (secondary == null) {
            return primary.writeAsync(connector, offsets);
        }
        Map<Map<String, ?>, Map<String, ?>> removals = OffsetMerge.removals(offsets);
        CompletableFuture<Void> first = removals.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : secondary.writeAsync(connector, removals);
        return first.thenCompose(v -> primary.writeAsync(connector, offsets)).thenRun(() -> copy(offsets));
    }

    @Override
    public Optional<String> transactionTopic() {
        return primaryTopic;
    }

    @Override
    public CompletableFuture<Void> beforeCommit(Map<Map<String, ?>, Map<String, ?>> offsets) {
        if (secondary == null) {
            return CompletableFuture.completedFuture(null);
        }
        Map<Map<String, ?>, Map<String, ?>> removals = OffsetMerge.removals(offsets);
        if (removals.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return secondary.writeAsync(connector, removals);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void committed(Map<Map<String, ?>, Map<String, ?>> offsets) {
        if (secondary != null) {
            copy(offsets);
        }
    }

    /** The best-effort copy of what the primary committed to the secondary (Connect logs a failed one). */
    private void copy(Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
        Map<Map<String, ?>, Map<String, ?>> values = OffsetMerge.values(offsets);
        if (values.isEmpty()) {
            return;
        }
        CompletableFuture<Void> copied;
        try {
            copied = secondary.writeAsync(connector, values);
        } catch (RuntimeException e) {
            copied = CompletableFuture.failedFuture(e);
        }
        copied.whenComplete((v, error) -> {
            if (error != null) {
                LOG.warn(
                        "[{}] Failed to copy source offsets to the worker's global offsets topic (secondary store);"
                                + " the connector's own topic '{}' has them",
                        connector,
                        primaryTopic.orElse(""),
                        error);
            }
        });
    }

    @Override
    public void readToEnd(Duration timeout) {
        primary.readToEnd(timeout);
        if (secondary != null) {
            secondary.readToEnd(timeout);
        }
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return lookup(partition).orElse(null);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, T> partition : partitions) {
            lookup(partition).ifPresent(offset -> out.put(partition, offset));
        }
        return out;
    }

    private Optional<Map<String, Object>> lookup(Map<String, ?> partition) {
        Optional<Map<String, Object>> first = primary.offset(connector, partition);
        return secondary == null ? first : OffsetMerge.one(first, () -> secondary.offset(connector, partition));
    }

    /**
     * Every committed offset of the connector, the primary's winning (the REST {@code GET .../offsets}).
     *
     * @return offsets by source partition
     */
    public Map<Map<String, Object>, Map<String, Object>> all() {
        Map<Map<String, Object>, Map<String, Object>> first = primary.offsets(connector);
        return secondary == null ? first : OffsetMerge.all(first, secondary.offsets(connector));
    }

    /**
     * Alters the connector's offsets and waits until they are durable (the REST {@code PATCH .../offsets}): removals to
     * the secondary first, then everything to the primary, then a copy of the offsets to the secondary (a failed copy
     * is logged, as Connect does).
     *
     * @param offsets source partition to offset, {@code null} to remove
     * @throws io.kanal.runtime.store.StoreException when the primary (or a removal in the secondary) fails
     */
    public void alter(Map<? extends Map<String, ?>, ? extends Map<String, ?>> offsets) {
        if (secondary == null) {
            primary.write(connector, offsets);
            return;
        }
        Map<Map<String, ?>, Map<String, ?>> removals = OffsetMerge.removals(offsets);
        if (!removals.isEmpty()) {
            secondary.write(connector, removals);
        }
        primary.write(connector, offsets);
        copy(offsets);
    }

    /**
     * Removes every offset of the connector from both stores (the REST {@code DELETE .../offsets}), the secondary
     * first.
     *
     * @throws io.kanal.runtime.store.StoreException when a store fails
     */
    public void reset() {
        if (secondary != null) {
            secondary.reset(connector);
        }
        primary.reset(connector);
    }
}
