package io.kanal.bridge.connector;

import io.kanal.api.source.SourceConnectorContext;
import java.util.function.Supplier;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Kanal's source connector context seen as Connect's: as {@link ConnectorContextBridge}, plus the connector's committed
 * offsets through {@code OffsetStorageReader}.
 *
 * <p>Immutable; any thread.
 */
final class SourceConnectorContextBridge extends ConnectorContextBridge
        implements org.apache.kafka.connect.source.SourceConnectorContext {

    private final OffsetStorageReader offsets;

    SourceConnectorContextBridge(
            SourceConnectorContext kanal, Supplier<BridgePluginMetrics> metrics, OffsetStorageReader offsets) {
        super(kanal, metrics);
        this.offsets = offsets;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return offsets;
    }
}
