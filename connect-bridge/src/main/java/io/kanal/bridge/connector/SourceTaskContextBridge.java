package io.kanal.bridge.connector;

import io.kanal.api.source.SourceTaskContext;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Kanal's source task context seen as Connect's: the task's config, its connector's committed offsets, the transaction
 * context when the connector defines transaction boundaries (null otherwise, as in Connect) and the task's plugin
 * metrics.
 *
 * <p>Immutable (the transaction context it hands out is thread-safe); used on the task's thread.
 */
final class SourceTaskContextBridge implements org.apache.kafka.connect.source.SourceTaskContext {

    private final SourceTaskContext kanal;
    private final Supplier<BridgePluginMetrics> metrics;
    private final OffsetStorageReader offsets;
    private final TransactionContext transactions;

    SourceTaskContextBridge(
            SourceTaskContext kanal, Supplier<BridgePluginMetrics> metrics, TransactionContextBridge transactions) {
        this.kanal = kanal;
        this.metrics = metrics;
        this.offsets = new OffsetReaderBridge(kanal.offsetReader());
        this.transactions = transactions;
    }

    @Override
    public Map<String, String> configs() {
        return kanal.configs();
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return offsets;
    }

    @Override
    public TransactionContext transactionContext() {
        return transactions;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return metrics.get();
    }
}
